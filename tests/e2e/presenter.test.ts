import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BrowserSuite,
  browserSuitesRun,
  createBoard,
  newUser,
  onServer,
  openBoard,
  type RunningServer,
  startBrowserSuite,
} from './harness.ts'
import { area, block, rdPlan, X, Y } from './plans.ts'

// Two areas near Utrecht (RD New) with a block each: enough plan to pan and zoom over.
const PLAN = rdPlan([
  area('noord', 'Noord', X, Y),
  area('zuid', 'Zuid', X, Y - 300),
  block('private', { kind: 'housing', dwellings: 100, segment: 'private' }, X + 60, Y + 140),
  block('social', { kind: 'housing', dwellings: 120, segment: 'social' }, X + 100, Y - 200),
])

/** Follower screens of other shapes than the presenter's 1400 × 880. */
const BRAM_SCREEN = { width: 1100, height: 760 }
const RAAD_SCREEN = { width: 1280, height: 700 }
/** One notch of a mouse wheel, zooming in. */
const WHEEL_IN = -100
/** A camera has arrived when it shows the leader's view within a pixel and 0.1 % of zoom. */
const PIXEL = 1
const SCALE_TOLERANCE = 1e-3

interface Camera {
  x: number
  y: number
  scale: number
}
interface Size {
  width: number
  height: number
}

/** What this test reads of a page's session (exposed as `window.__gebiedsbord`). */
interface FollowHooked {
  __gebiedsbord?: {
    session: {
      view: { camera: { get(): Camera }; size: { get(): Size } }
      follow: {
        state: {
          get(): { mode: string; leader: { name: string } | null; presenting: boolean; followers: number }
        }
        leaderSelection(): { blocks: readonly string[] } | null
      }
    }
  }
}

let server: RunningServer
let browser: Browser
let suite: BrowserSuite | undefined

beforeAll(async () => {
  suite = await startBrowserSuite()
  ;({ server, browser } = suite)
}, 90_000)

afterAll(async () => {
  await suite?.stop()
})

const view = (page: Page): Promise<{ camera: Camera; size: Size }> =>
  page.evaluate(() => {
    const s = (globalThis as unknown as FollowHooked).__gebiedsbord?.session
    if (!s) throw new Error('no session on the page')
    return { camera: s.view.camera.get(), size: s.view.size.get() }
  })

const followState = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as FollowHooked).__gebiedsbord?.session.follow.state.get())

/**
 * How far a follower's camera is from showing the leader's view fitted to its own screen (the
 * client's `cameraForViewBox`): the distance of the two views' centres in the follower's screen
 * pixels, or Infinity while the zoom differs. (Centres, not the cameras' x and y: those are where
 * the world origin is, 455 km away, and a millionth of zoom moves them by pixels.)
 */
async function distance(leader: Page, follower: Page): Promise<number> {
  const [l, f] = await Promise.all([view(leader), view(follower)])
  // The world box the leader sees.
  const x0 = -l.camera.x / l.camera.scale
  const x1 = (l.size.width - l.camera.x) / l.camera.scale
  const y1 = l.camera.y / l.camera.scale
  const y0 = (l.camera.y - l.size.height) / l.camera.scale
  const scale = Math.min(f.size.width / (x1 - x0), f.size.height / (y1 - y0))
  if (Math.abs(f.camera.scale / scale - 1) > SCALE_TOLERANCE) return Number.POSITIVE_INFINITY
  const cx = (f.size.width / 2 - f.camera.x) / f.camera.scale
  const cy = (f.camera.y - f.size.height / 2) / f.camera.scale
  return Math.hypot(cx - (x0 + x1) / 2, cy - (y0 + y1) / 2) * f.camera.scale
}

/** Waits until every follower's camera shows the leader's view. */
async function converged(leader: Page, ...followers: Page[]): Promise<void> {
  for (const f of followers)
    await expect.poll(() => distance(leader, f), { timeout: 10_000, interval: 100 }).toBeLessThan(PIXEL)
}

/** The middle of the map on a page, in page pixels. */
async function mapMiddle(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('map').boundingBox()
  if (!box) throw new Error('no map on the page')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Pans with the middle mouse button, which pans whatever is under the pointer. */
async function pan(page: Page, dx: number, dy: number): Promise<void> {
  const m = await mapMiddle(page)
  await page.mouse.move(m.x, m.y)
  await page.mouse.down({ button: 'middle' })
  await page.mouse.move(m.x + dx, m.y + dy, { steps: 8 })
  await page.mouse.up({ button: 'middle' })
}

describe.runIf(browserSuitesRun('e2e presenter'))('presenting and following in Chromium', () => {
  it('followers (one a viewer) see the presenter’s view and selection, break off, return, and are brought along', async () => {
    const board = await createBoard(server, PLAN, 'Bouwoverleg')
    const anna = await newUser(browser, 'Anna')
    const bram = await newUser(browser, 'Bram')
    const raad = await newUser(browser, 'Raad')
    try {
      const a = await openBoard(anna, onServer(server, board.editUrl))
      const b = await openBoard(bram, onServer(server, board.editUrl))
      const v = await openBoard(raad, onServer(server, board.viewUrl))
      await b.setViewportSize(BRAM_SCREEN)
      await v.setViewportSize(RAAD_SCREEN)
      await expect.poll(() => a.getByRole('region', { name: 'Participants' }).locator('li').count()).toBe(3)
      // A viewer may present but not summon.
      expect(await v.getByRole('button', { name: 'Bring everyone to me' }).count()).toBe(0)

      // Anna presents: both others follow by default, and she sees them follow.
      await a.getByRole('button', { name: 'Present', exact: true }).click()
      for (const p of [b, v]) await p.getByText('Following Anna', { exact: true }).waitFor()
      await a.getByText('You are presenting · 2 following').waitFor()
      await converged(a, b, v)

      // She zooms in on Noord, pans, and selects a block: the followers glide after her.
      const m = await mapMiddle(a)
      await a.mouse.move(m.x, m.y - 120)
      for (let i = 0; i < 4; i++) await a.mouse.wheel(0, WHEEL_IN)
      await pan(a, -150, 60)
      await a
        .getByRole('list', { name: 'Blocks' })
        .getByRole('button', { name: /^Private, / })
        .click()
      await converged(a, b, v)
      for (const p of [b, v])
        await expect
          .poll(() =>
            p.evaluate(() =>
              (globalThis as unknown as FollowHooked).__gebiedsbord?.session.follow.leaderSelection(),
            ),
          )
          .toEqual({ blocks: ['private'], area: null })
      expect((await followState(v))?.mode).toBe('following')

      // The viewer pans away: following breaks off, a control offers the way back.
      await pan(v, 200, -120)
      const back = v.getByRole('button', { name: 'Following Anna — return' })
      await back.waitFor()
      expect((await followState(v))?.mode).toBe('detached')
      await pan(a, 90, 0)
      await converged(a, b)
      expect(await distance(a, v)).toBeGreaterThan(PIXEL)
      await back.click()
      await v.getByText('Following Anna', { exact: true }).waitFor()
      await converged(a, v)

      // Anna stops; Bram brings everyone to him, Anna included.
      await a.getByRole('button', { name: 'Stop presenting' }).first().click()
      for (const p of [b, v]) await expect.poll(async () => (await followState(p))?.mode).toBe('off')
      await b.mouse.move((await mapMiddle(b)).x, (await mapMiddle(b)).y)
      await b.mouse.wheel(0, -WHEEL_IN)
      await b.getByRole('button', { name: 'Bring everyone to me' }).click()
      for (const p of [a, v]) await p.getByText('Following Bram', { exact: true }).waitFor()
      await converged(b, a, v)
      await pan(b, -80, -40)
      await converged(b, a, v)

      // Clicking a participant follows them: the viewer switches from Bram to Anna.
      await v
        .getByRole('region', { name: 'Participants' })
        .getByRole('button', { name: 'Follow Anna' })
        .click()
      await v.getByText('Following Anna', { exact: true }).waitFor()
      await converged(a, v)
    } finally {
      await anna.close()
      await bram.close()
      await raad.close()
    }
  })
})
