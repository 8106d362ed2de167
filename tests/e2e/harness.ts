import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'

/** The repository root (tests/e2e/../..). */
export const ROOT = resolve(import.meta.dirname, '..', '..')

/** Debian's Chromium; no browser downloads are possible in CI here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Whether the browser suites run. Without a Chromium they are skipped, with a line saying so,
 * on a developer's machine; under CI=true they always run (and fail without a browser), because
 * CI skips nothing. `.ci/run` installs Debian's chromium when it is missing.
 */
export function browserSuitesRun(suite: string): boolean {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return true
  process.stderr.write(
    `${suite}: SKIPPED — no Chromium at ${CHROMIUM}. Install it (apt-get install chromium) or set CHROMIUM_PATH.\n`,
  )
  return false
}

/** Flags for a quiet, reproducible headless Chromium. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Builds the client once into a temporary directory (so a running dev setup's client/dist is left alone). */
export function buildClient(): string {
  const out = mkdtempSync(join(tmpdir(), 'gebiedsbord-client-'))
  execFileSync(
    process.execPath,
    [join(ROOT, 'client/node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir'],
    {
      cwd: join(ROOT, 'client'),
      stdio: 'pipe',
    },
  )
  return out
}

/** A real Gebiedsbord server on a free port, with its own data directory. */
export interface RunningServer {
  readonly url: string
  stop(): Promise<void>
}

/** Starts `tsx server/src/main.ts` as a child process serving `clientDir`, and waits until it listens. */
export async function startServer(clientDir: string): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gebiedsbord-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts'],
    {
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
    },
  )
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /listening on (http:\/\/\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1] as string)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Launches headless Chromium with a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

/** What a browser suite runs on: the built client served by a real server, and Chromium. */
export interface BrowserSuite {
  readonly server: RunningServer
  readonly browser: Browser
  /** Closes the browser, stops the server and removes the built client. */
  stop(): Promise<void>
}

/** Builds the client, starts a server for it and launches Chromium: a suite's `beforeAll`. */
export async function startBrowserSuite(): Promise<BrowserSuite> {
  const clientDir = buildClient()
  const server = await startServer(clientDir)
  const browser = await launchBrowser()
  return {
    server,
    browser,
    async stop() {
      await browser.close()
      await server.stop()
      rmSync(clientDir, { recursive: true, force: true })
    },
  }
}

/** A browser context in English with a remembered name (so no name dialog), unless `name` is null. */
export async function newUser(browser: Browser, name: string | null): Promise<BrowserContext> {
  const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 880 } })
  if (name !== null) {
    const identity = JSON.stringify({ name, colour: '#0f766e' })
    await ctx.addInitScript({
      content: `localStorage.setItem('gebiedsbord.identity', ${JSON.stringify(identity)})`,
    })
  }
  return ctx
}

/** The board's create response. */
export interface CreatedBoard {
  id: string
  name: string
  editToken: string
  viewToken: string
  editUrl: string
  viewUrl: string
}

/** Creates a board through the API from a GeoJSON FeatureCollection. */
export async function createBoard(
  server: RunningServer,
  geojson: unknown,
  name: string,
): Promise<CreatedBoard> {
  const res = await fetch(`${server.url}/api/boards?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(geojson),
  })
  if (res.status !== 201) throw new Error(`creating a board failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as CreatedBoard
}

/** Someone on a suite's board: their browser context and their page with the board open. */
export interface BoardUser {
  readonly context: BrowserContext
  readonly page: Page
}

/** A browser suite with one board and its users on it. */
export interface BoardSuite extends BrowserSuite {
  readonly board: CreatedBoard
  /** In the order they were asked for. */
  readonly users: readonly BoardUser[]
}

/**
 * A suite's `beforeAll` for steps on one board: starts the browser suite, creates the board from
 * `plan` and opens it for each user, in a context of their own, on the edit or the view link.
 * `stop` closes the users' contexts, then the suite.
 */
export async function startBoardSuite(
  plan: unknown,
  boardName: string,
  users: readonly { readonly name: string; readonly link: 'edit' | 'view' }[],
): Promise<BoardSuite> {
  const suite = await startBrowserSuite()
  const contexts: BrowserContext[] = []
  const stop = async () => {
    for (const c of contexts) await c.close()
    await suite.stop()
  }
  try {
    const board = await createBoard(suite.server, plan, boardName)
    const opened: BoardUser[] = []
    for (const u of users) {
      const context = await newUser(suite.browser, u.name)
      contexts.push(context)
      const link = u.link === 'edit' ? board.editUrl : board.viewUrl
      opened.push({ context, page: await openBoard(context, onServer(suite.server, link)) })
    }
    return { ...suite, board, users: opened, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/** The path and fragment of a board link, on the test server. */
export const onServer = (server: RunningServer, link: string): string => {
  const u = new URL(link)
  return `${server.url}${u.pathname}${u.hash}`
}

/** Opens a board link and waits until the board's content has arrived. */
export async function openBoard(ctx: BrowserContext, url: string): Promise<Page> {
  const page = await ctx.newPage()
  await page.goto(url)
  await waitForBoard(page)
  return page
}

/** Waits until the page's session has loaded the board from the server. */
export async function waitForBoard(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = (globalThis as unknown as Hooked).__gebiedsbord?.session
      return s?.connection.get().everSynced === true
    },
    undefined,
    { timeout: 15_000 },
  )
}

/** The parts of the client's session the tests read (exposed as `window.__gebiedsbord`). */
export interface Hooked {
  __gebiedsbord?: {
    session: {
      readOnly: boolean
      doc: {
        getMap(name: string): {
          get(id: string): { get(k: string): unknown; set(k: string, v: unknown): void } | undefined
        }
      }
      mirror: {
        blocks: Map<
          string,
          { id: string; x: number; y: number; rotation: number; kind: string; dwellings?: number }
        >
        areas: Map<string, { id: string; name: string; polygon: [number, number][] }>
        board: { name: string }
      }
      view: { camera: { get(): { x: number; y: number; scale: number } } }
      selection: { get(): { blocks: Set<string>; area: string | null }; selectArea(id: string | null): void }
      connection: { get(): { status: string; unsaved: number; everSynced: boolean } }
    }
  }
}

/** A block's position in the page's plan, or null when the page does not have it. */
export function blockPosition(page: Page, id: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((blockId) => {
    const b = (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.get(blockId)
    return b ? { x: b.x, y: b.y } : null
  }, id)
}

/** Where a world point is on the page, in CSS pixels. */
export async function toPage(page: Page, wx: number, wy: number): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('map').boundingBox()
  if (!box) throw new Error('no map on the page')
  const c = await page.evaluate(() =>
    (globalThis as unknown as Hooked).__gebiedsbord?.session.view.camera.get(),
  )
  if (!c) throw new Error('no session on the page')
  return { x: box.x + c.x + c.scale * wx, y: box.y + c.y - c.scale * wy }
}

/** Drags a block on the map by its centre to a world point, with intermediate moves like a hand. */
export async function dragBlock(page: Page, id: string, to: { x: number; y: number }): Promise<void> {
  const at = await blockPosition(page, id)
  if (!at) throw new Error(`block ${id} is not on the page`)
  const from = await toPage(page, at.x, at.y)
  const dest = await toPage(page, to.x, to.y)
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 6, from.y + 6, { steps: 2 })
  await page.mouse.move(dest.x, dest.y, { steps: 12 })
  await page.mouse.up()
}

/**
 * A menu of the board header (a `details` element with class `name`: versions, export), opened
 * if it is closed.
 */
export async function openMenu(page: Page, name: string): Promise<Locator> {
  const menu = page.locator(`details.${name}`)
  if (!(await menu.evaluate((d) => (d as unknown as { open: boolean }).open)))
    await menu.locator('summary').click()
  return menu
}

/** The barcode panel. */
export const barcode = (page: Page): Locator => page.getByRole('region', { name: 'Barcode' })

/** A rule's row in the barcode panel. */
export const ruleRow = (page: Page, id: string): Locator => barcode(page).locator(`[data-rule-id="${id}"]`)

/** Shows an area's barcode (rather than the selection's), chosen by name. */
export async function showArea(page: Page, name: string): Promise<void> {
  await barcode(page).getByLabel('Show').selectOption({ label: name })
}
