import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { seededRandom } from '@gebiedsbord/model'
import { chromium, type Page } from 'playwright-core'
import {
  BENCH_VIEWPORT,
  FRAME_BUDGET_MS,
  LATE_FRAME_MS,
  lateFrames,
  PROBE,
  type Probe,
  percentile,
  probeCircle,
  probeIdlePage,
} from './frameProbe.ts'

/**
 * Frame-time benchmark of the whiteboard in headless Chromium: for boards of 1,000, 5,000 and
 * 10,000 blocks it measures the load time of the board and the main-thread work per frame while a
 * block is dragged across the map, through the real client against the real server, the page's
 * JS heap once the board is loaded, and the intervals between frames beside those of an idle page
 * in the same browser (`frameProbe.ts`).
 *
 * Call `benchFrames()` from `bench/run.ts`; it returns figures in the shape of bench/stats.ts.
 */

/** One measured figure (the shape `bench/stats.ts` prints). */
export interface FrameFigure {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly target?: string
}

/** Milliseconds of each drag (and of the idle page's pointer moves), default and quick profile. */
const DRAG_MS = 4_000
const QUICK_DRAG_MS = 1_500

/** What to measure. */
export interface FrameBenchOptions {
  /** Fewer sizes and a shorter drag. */
  readonly quick?: boolean
  /** Board sizes in blocks; 1,000 / 5,000 / 10,000 by default (5,000 only when quick). */
  readonly sizes?: readonly number[]
  /** Chromium to drive; Debian's by default. */
  readonly chromiumPath?: string
  /** Called with progress lines (the runner prints them). */
  readonly log?: (line: string) => void
  /**
   * Also drag a selection of this many blocks (the "Benchmarks" issue asks for 100); 0 skips it.
   * Defaults to 100.
   */
  readonly selection?: number
  /**
   * A directory to write a Chromium performance trace of each drag into (`drag-<n>-<k>.json`,
   * for chrome://tracing or the DevTools performance panel). Tracing slows the page down, so
   * figures from a traced run are not comparable; the client is then built unminified, so that the
   * trace names functions.
   */
  readonly traceDir?: string
}

const ROOT = resolve(import.meta.dirname, '..', '..')
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const ORIGIN: [number, number] = [130_000, 450_000]
const GRID = 10
const AREA = 200

/**
 * A GeoJSON plan in RD New: 10 × 10 areas of 4 ha and `blocks` blocks scattered over them in the
 * mix of bench/barcode.ts (half housing), 8–38 m a side, a fifth of them rotated.
 */
export function syntheticGeoJson(blocks: number, seed = 42): unknown {
  const rnd = seededRandom(seed) // the same board on every run
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const ring = (pts: [number, number][]) => [[...pts, pts[0] as [number, number]]]
  const features: unknown[] = []
  for (let i = 0; i < GRID; i++)
    for (let j = 0; j < GRID; j++) {
      const x = ORIGIN[0] + i * AREA
      const y = ORIGIN[1] + j * AREA
      features.push({
        type: 'Feature',
        properties: { type: 'area', id: `a${i}-${j}`, name: `Gebied ${i}-${j}`, areaType: 'stedelijk' },
        geometry: {
          type: 'Polygon',
          coordinates: ring([
            [x, y],
            [x + AREA, y],
            [x + AREA, y + AREA],
            [x, y + AREA],
          ]),
        },
      })
    }
  for (let k = 0; k < blocks; k++) {
    const cx = ORIGIN[0] + rnd() * GRID * AREA
    const cy = ORIGIN[1] + rnd() * GRID * AREA
    const w = 8 + rnd() * 30
    const h = 8 + rnd() * 30
    const rot = rnd() < 0.8 ? 0 : (rnd() * Math.PI) / 2
    const c = Math.cos(rot)
    const s = Math.sin(rot)
    const corner = (dx: number, dy: number): [number, number] => [cx + dx * c - dy * s, cy + dx * s + dy * c]
    const r = rnd()
    const props =
      r < 0.5
        ? {
            kind: 'housing',
            dwellings: 5 + Math.floor(rnd() * 60),
            segment: pick(['social', 'mid', 'private']),
          }
        : r < 0.65
          ? { kind: 'amenity', use: pick(['school', 'gp', 'childcare', 'retail', 'sports', 'community']) }
          : r < 0.85
            ? { kind: 'green', use: pick(['park', 'play', 'sports']) }
            : r < 0.95
              ? { kind: 'parking', places: Math.floor(rnd() * 100) }
              : { kind: 'work' }
    features.push({
      type: 'Feature',
      properties: { type: 'block', id: `b${k}`, floors: 1 + Math.floor(rnd() * 6), ...props },
      geometry: {
        type: 'Polygon',
        coordinates: ring([
          corner(-w / 2, -h / 2),
          corner(w / 2, -h / 2),
          corner(w / 2, h / 2),
          corner(-w / 2, h / 2),
        ]),
      },
    })
  }
  return {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } },
    features,
  }
}

async function startServer(
  clientDir: string,
  dataDir: string,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLIENT_DIR: clientDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /listening on (http:\/\/\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        ok(m[1] as string)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)))
  })
  return { url, child }
}

interface PageSession {
  __gebiedsbord?: {
    session: {
      mirror: { blocks: Map<string, { x: number; y: number }> }
      view: { camera: { get(): { x: number; y: number; scale: number } } }
      selection: { selectBlocks(ids: Iterable<string>): void }
      connection: { get(): { everSynced: boolean } }
    }
  }
}

async function toScreen(page: Page, wx: number, wy: number): Promise<[number, number]> {
  const box = await page.getByTestId('map').boundingBox()
  const c = await page.evaluate(() =>
    (globalThis as unknown as PageSession).__gebiedsbord?.session.view.camera.get(),
  )
  if (!box || !c) throw new Error('the board is not on the page')
  return [box.x + c.x + c.scale * wx, box.y + c.y - c.scale * wy]
}

/**
 * Selects the `count` blocks nearest the middle of the board, presses on the nearest one and drags
 * the selection around a circle for `ms` milliseconds; returns what the frame probe saw. With a
 * `tracePath`, the drag is also recorded as a Chromium performance trace.
 */
async function dragAround(page: Page, count: number, ms: number, tracePath?: string | false): Promise<Probe> {
  const centre: [number, number] = [ORIGIN[0] + (GRID * AREA) / 2, ORIGIN[1] + (GRID * AREA) / 2]
  const ids = await page.evaluate(
    ([c, k]) => {
      const s = (globalThis as unknown as PageSession).__gebiedsbord?.session
      const all = [...(s?.mirror.blocks ?? [])].map(([id, b]) => ({
        id,
        d: Math.hypot(b.x - c[0], b.y - c[1]),
      }))
      const nearest = all
        .sort((a, b) => a.d - b.d)
        .slice(0, k)
        .map((x) => x.id)
      s?.selection.selectBlocks(nearest)
      return nearest
    },
    [centre, count] as const,
  )
  const at = await page.evaluate(
    (blockId) => (globalThis as unknown as PageSession).__gebiedsbord?.session.mirror.blocks.get(blockId),
    ids[0] as string,
  )
  if (!at) throw new Error('no block to drag')
  // Two frames for the selection to be drawn before the drag starts.
  await page.evaluate(
    () =>
      new Promise((ok) => {
        const raf = (globalThis as unknown as { requestAnimationFrame(f: () => void): void })
          .requestAnimationFrame
        raf(() => raf(() => ok(null)))
      }),
  )
  const [sx, sy] = await toScreen(page, at.x, at.y)
  await page.mouse.move(sx, sy)
  await page.mouse.down()
  await page.mouse.move(sx + 5, sy + 5)
  if (tracePath) await page.context().browser()?.startTracing(page, { path: tracePath, screenshots: false })
  const probe = await probeCircle(page, sx, sy, ms)
  if (tracePath) await page.context().browser()?.stopTracing()
  await page.mouse.up()
  return probe
}

/** Milliseconds the page is left alone after a drag before the next one on the same board. */
const SETTLE_MS = 1_500

const MIB = 2 ** 20

/**
 * Bytes of the page's JavaScript heap in use once a full garbage collection has run (over the
 * DevTools protocol): what the loaded board keeps, not what loading left behind to collect.
 */
async function jsHeapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    return (await cdp.send('Runtime.getHeapUsage')).usedSize
  } finally {
    await cdp.detach()
  }
}

/**
 * The cadence of frames while the pointer moves: interval p50 and p95, and the share of frames that
 * came after a dropped one. Not judged against the frame budget: headless Chromium paces frames at
 * 60 Hz with a jitter of its own, so an interval p95 under 16.7 ms is out of reach for any page (the
 * idle page's figures, measured in the same run, show where the floor is).
 */
function intervalFigures(suffix: string, probe: Probe): FrameFigure[] {
  return [
    {
      name: `client drag frame interval p50 (${suffix})`,
      value: percentile(probe.intervals, 50),
      unit: 'ms',
    },
    {
      name: `client drag frame interval p95 (${suffix})`,
      value: percentile(probe.intervals, 95),
      unit: 'ms',
    },
    {
      name: `client drag frames late, over ${LATE_FRAME_MS.toFixed(0)} ms (${suffix})`,
      value: lateFrames(probe.intervals),
      unit: '%',
    },
  ]
}

/** Runs the benchmark; see the module comment. */
export async function benchFrames(options: FrameBenchOptions = {}): Promise<FrameFigure[]> {
  const log = options.log ?? (() => {})
  const sizes = options.sizes ?? (options.quick ? [5_000] : [1_000, 5_000, 10_000])
  // Quick: some 90 frames per drag, enough for a p95 of a smoke test.
  const dragMs = options.quick ? QUICK_DRAG_MS : DRAG_MS
  const selectionSize = options.selection ?? 100
  const tmp = mkdtempSync(join(tmpdir(), 'gebiedsbord-bench-'))
  const clientDir = join(tmp, 'client')
  log('building the client …')
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'client/node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      clientDir,
      ...(options.traceDir ? ['--minify', 'false'] : []),
    ],
    {
      cwd: join(ROOT, 'client'),
      stdio: 'pipe',
    },
  )
  const server = await startServer(clientDir, join(tmp, 'data'))
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  const figures: FrameFigure[] = []
  try {
    // The floor first: the same probe and pointer moves on a page that does next to nothing.
    const idle = await probeIdlePage(browser, dragMs)
    log(
      `idle page: ${idle.intervals.length} frames, interval p50 ${percentile(idle.intervals, 50).toFixed(2)} ms, p95 ${percentile(idle.intervals, 95).toFixed(2)} ms, ${lateFrames(idle.intervals).toFixed(1)}% late`,
    )
    figures.push(...intervalFigures('idle page, same pointer moves', idle))
    for (const n of sizes) {
      const res = await fetch(`${server.url}/api/boards?name=bench-${n}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(syntheticGeoJson(n)),
      })
      if (res.status !== 201)
        throw new Error(`creating a ${n}-block board failed: ${res.status} ${await res.text()}`)
      const board = (await res.json()) as { id: string; editToken: string }
      const ctx = await browser.newContext({ viewport: BENCH_VIEWPORT, locale: 'nl-NL' })
      await ctx.addInitScript({
        content: `localStorage.setItem('gebiedsbord.identity', ${JSON.stringify(JSON.stringify({ name: 'Bench', colour: '#1d4ed8' }))});${PROBE}`,
      })
      const page = await ctx.newPage()
      // Load: from navigation until every block is in the plan and a frame has been painted.
      await page.goto(`${server.url}/b/${board.id}#token=${board.editToken}`)
      await page.waitForFunction(
        (count) => {
          const s = (globalThis as unknown as PageSession).__gebiedsbord?.session
          return s?.connection.get().everSynced === true && s.mirror.blocks.size === count
        },
        n,
        { timeout: 120_000, polling: 50 },
      )
      const loadMs = await page.evaluate(
        () =>
          new Promise<number>((ok) => {
            const raf = (globalThis as unknown as { requestAnimationFrame(f: () => void): void })
              .requestAnimationFrame
            raf(() => raf(() => ok(performance.now())))
          }),
      )
      const heapBytes = await jsHeapAfterGc(page)
      log(`${n} blocks: loaded in ${loadMs.toFixed(0)} ms, JS heap ${(heapBytes / MIB).toFixed(1)} MiB`)

      // Drag the block nearest the middle of the board around a circle for a few seconds, then
      // the same with the selection of blocks around it.
      const label = n.toLocaleString('en-GB')
      figures.push(
        { name: `client load ${label}-block board`, value: loadMs, unit: 'ms' },
        {
          name: `client JS heap after load, ${label} blocks (after a full GC)`,
          value: heapBytes / MIB,
          unit: 'MiB',
        },
      )
      const groups = [1, ...(selectionSize > 0 ? [selectionSize] : [])]
      for (const [g, k] of groups.entries()) {
        // Let the blocks dropped by the previous drag settle (stored, synced, redrawn) first.
        if (g > 0) await page.evaluate((ms) => new Promise((ok) => setTimeout(ok, ms)), SETTLE_MS)
        const probe = await dragAround(
          page,
          k,
          dragMs,
          options.traceDir && join(options.traceDir, `drag-${n}-${k}.json`),
        )
        const what = k === 1 ? '' : `, ${k} selected`
        const work50 = percentile(probe.work, 50)
        const work95 = percentile(probe.work, 95)
        const int50 = percentile(probe.intervals, 50)
        const int95 = percentile(probe.intervals, 95)
        log(
          `${n} blocks${what}: ${probe.work.length} frames while dragging (${probe.bounded} bounded by the next), work p50 ${work50.toFixed(2)} ms, p95 ${work95.toFixed(2)} ms, interval p50 ${int50.toFixed(2)} ms, p95 ${int95.toFixed(2)} ms, ${lateFrames(probe.intervals).toFixed(1)}% late`,
        )
        const suffix = k === 1 ? `${label} blocks` : `${label} blocks, ${k} selected`
        const target = n === 5_000 && k === 1 ? { target: `< ${FRAME_BUDGET_MS.toFixed(1)} ms` } : {}
        figures.push(
          { name: `client drag frame work p50 (${suffix})`, value: work50, unit: 'ms' },
          { name: `client drag frame work p95 (${suffix})`, value: work95, unit: 'ms', ...target },
          ...intervalFigures(suffix, probe),
        )
      }
      await ctx.close()
    }
  } finally {
    await browser.close()
    server.child.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 300))
    rmSync(tmp, { recursive: true, force: true })
  }
  return figures
}
