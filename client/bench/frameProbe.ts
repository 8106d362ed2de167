import type { Browser, Page } from 'playwright-core'

/**
 * The frame probe of the client benchmark, and the idle page that calibrates it: what one
 * headless Chromium delivers when a page does next to nothing per frame.
 */

/** The budget of one frame at 60 Hz: the target for p95 work per frame while dragging at 5,000 blocks. */
export const FRAME_BUDGET_MS = 1000 / 60

/**
 * An interval longer than this between two frames means at least one refresh went by without a
 * new frame: a frame was dropped. Intervals between these and the budget are scheduling jitter.
 */
export const LATE_FRAME_MS = 1.5 * FRAME_BUDGET_MS

/** The browser window of every measurement: a planner's laptop screen. */
export const BENCH_VIEWPORT = { width: 1440, height: 900 } as const

/** What the probe saw: main-thread work per frame and the intervals between frames (ms). */
export interface Probe {
  readonly work: number[]
  readonly intervals: number[]
  /** Frames whose work is an upper bound (see `PROBE`). */
  readonly bounded: number
}

/** The p-th percentile (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

/** The share of frames (in %) that came later than `LATE_FRAME_MS` after the one before. */
export function lateFrames(intervals: readonly number[]): number {
  if (intervals.length === 0) return Number.NaN
  return (100 * intervals.filter((ms) => ms > LATE_FRAME_MS).length) / intervals.length
}

/**
 * The probe, a script for `addInitScript`: for every animation frame, the main-thread time from
 * the first input event of the frame (or the frame's start) until a task queued at the end of its
 * requestAnimationFrame callbacks runs, which is after style, layout, paint and commit of that
 * frame. The task is posted at the highest priority (`scheduler.postTask`, 'user-blocking').
 *
 * Chromium may still run the next frame before that task (it favours rendering when frames
 * follow closely). Such a frame's work ended before the next frame began, so it is counted up to
 * the next frame's start: an upper bound, never a frame left out or one counted twice. How many
 * frames were bounded so is returned as `bounded`.
 */
export const PROBE = `(() => {
  const work = []; const intervals = []; const starts = new Map()
  let first = null, last = null, on = false, frame = 0, bounded = 0
  addEventListener('pointermove', () => { if (on && first === null) first = performance.now() }, { capture: true })
  const done = (start, f) => {
    if (!on) return
    if (f === frame) work.push(performance.now() - start)
    else { bounded++; work.push(starts.get(f + 1) - start) }
    starts.delete(f)
  }
  const ch = new MessageChannel()
  ch.port1.onmessage = (e) => done(e.data[0], e.data[1])
  const post = globalThis.scheduler?.postTask
    ? (start, f) => scheduler.postTask(() => done(start, f), { priority: 'user-blocking' })
    : (start, f) => ch.port2.postMessage([start, f])
  const loop = () => {
    const now = performance.now()
    frame++
    if (on) {
      if (last !== null) intervals.push(now - last)
      last = now
      starts.set(frame, now)
      post(first ?? now, frame)
      first = null
    }
    requestAnimationFrame(loop)
  }
  requestAnimationFrame(loop)
  globalThis.__probe = {
    start() { work.length = 0; intervals.length = 0; starts.clear(); bounded = 0; last = null; first = null; on = true },
    stop() { on = false; return { work: [...work], intervals: [...intervals], bounded } },
  }
})()`

/**
 * Moves the pressed pointer around a circle from (x, y) for `ms` milliseconds, one move as soon as
 * the previous one was delivered, with the probe running; returns what it saw.
 */
export async function probeCircle(page: Page, x: number, y: number, ms: number): Promise<Probe> {
  await page.evaluate(() => (globalThis as unknown as { __probe: { start(): void } }).__probe.start())
  const started = Date.now()
  let k = 0
  while (Date.now() - started < ms) {
    const a = k / 20
    await page.mouse.move(x + 150 * Math.sin(a), y + 100 * (1 - Math.cos(a)))
    k++
  }
  return page.evaluate(() => (globalThis as unknown as { __probe: { stop(): Probe } }).__probe.stop())
}

/** A page that only recolours one element per pointer move: the floor of what the probe can see. */
const IDLE_PAGE = `<!doctype html><div id="pad" style="position:fixed;inset:0;background:#eee"></div>
<script>addEventListener('pointermove', (e) => {
  document.getElementById('pad').style.background = 'rgb(' + (e.clientX % 256) + ', 200, 200)'
})</script>`

/**
 * The probe on an idle page in the same browser, window size and pointer moves as the board:
 * the intervals a page gets when its own work per frame is negligible. Headless Chromium paces
 * frames at 60 Hz with some jitter, so even this page's interval p95 is a little over the budget.
 */
export async function probeIdlePage(browser: Browser, ms: number): Promise<Probe> {
  const ctx = await browser.newContext({ viewport: BENCH_VIEWPORT })
  try {
    await ctx.addInitScript({ content: PROBE })
    const page = await ctx.newPage()
    await page.setContent(IDLE_PAGE)
    await page.mouse.move(500, 300)
    await page.mouse.down()
    const probe = await probeCircle(page, 500, 300, ms)
    await page.mouse.up()
    return probe
  } finally {
    await ctx.close()
  }
}
