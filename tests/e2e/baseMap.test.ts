import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
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
import { area, rdPlan, X, Y } from './plans.ts'
import { readPng, solidPng } from './png.ts'

// One area near Utrecht: the view fits it with room around, where only the base map shows.
const PLAN = rdPlan([area('noord', 'Noord', X, Y)])

/** The tiles' colour: nothing else on the board is this magenta. */
const TILE_COLOUR = [214, 0, 170] as const
/** What PDOK's stand-in serves: a different colour, to tell the two sources apart. */
const PDOK_COLOUR = [0, 160, 90] as const
const TILE_PNG = solidPng(256, 256, TILE_COLOUR)
const PDOK_PNG = solidPng(256, 256, PDOK_COLOUR)
/** The map's background (`.map` in styles.css), what shows where no base map draws. */
const MAP_BACKGROUND = [244, 241, 234] as const
/** The grid's strong lines darken the background by about 32 per channel, 60 where two cross. */
const GRID_TOLERANCE = 64
/** An uploaded drawing's colour. */
const IMAGE_COLOUR = [30, 90, 220] as const
const PDOK_TILES = 'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:28992/**'

/** PDOK's RD New tile matrix, from its capabilities, to check the client's choice of tiles independently. */
const RD_ORIGIN_X = -285_401.92
const RD_ORIGIN_Y = 903_401.92
const RD_RESOLUTION_0 = 3440.64

let server: RunningServer
let browser: Browser
let suite: BrowserSuite | undefined
let tileServer: Server
let tileBase = ''
const tileRequests: string[] = []

beforeAll(async () => {
  suite = await startBrowserSuite()
  ;({ server, browser } = suite)
  // A tile service of our own: the same PNG for any /tiles/{z}/{x}/{y}.png.
  tileServer = createServer((req, res) => {
    const m = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '')
    if (!m) {
      res.writeHead(404).end()
      return
    }
    tileRequests.push(`${m[1]}/${m[2]}/${m[3]}`)
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(TILE_PNG)
  })
  await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve))
  tileBase = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}`
}, 90_000)

afterAll(async () => {
  await new Promise((resolve) => tileServer?.close(resolve))
  await suite?.stop()
})

/** What these tests read of the page's session (exposed as `window.__gebiedsbord`). */
interface PageSession {
  view: {
    camera: { get(): { x: number; y: number; scale: number } }
    size: { get(): { width: number; height: number } }
  }
  baseMap: { view: { get(): { shown: { source: string }; note?: string } } }
  doc: { getMap(name: string): { get(key: string): unknown } }
}
type WithSession = { __gebiedsbord?: { session: PageSession } }

/** The colour of the map at a point relative to its top-left corner, from a screenshot. */
async function mapPixel(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const box = await page.getByTestId('map').boundingBox()
  if (!box) throw new Error('no map on the page')
  const shot = await page.screenshot({ clip: { x: box.x + x, y: box.y + y, width: 1, height: 1 } })
  return readPng(shot).pixel(0, 0)
}

const near = (a: readonly number[], b: readonly number[], tolerance = 6): boolean =>
  a.every((v, i) => Math.abs(v - (b[i] as number)) <= tolerance)

/** A point of the map outside the plan: the view fits the plan with 64 px to spare on every side. */
const BLANK = { x: 20 } as const

/** The board's stored base map, as the page's doc holds it. */
const storedBaseMap = (page: Page): Promise<unknown> =>
  page.evaluate(() =>
    (globalThis as unknown as WithSession).__gebiedsbord?.session.doc.getMap('board').get('baseMap'),
  )

/** The RD New tiles the page's view needs, computed here from its camera as PDOK's matrix defines them. */
async function expectedTiles(page: Page): Promise<string[]> {
  const view = await page.evaluate(() => {
    const s = (globalThis as unknown as WithSession).__gebiedsbord?.session
    return s ? { camera: s.view.camera.get(), size: s.view.size.get() } : null
  })
  if (!view) throw new Error('no session on the page')
  const { camera, size } = view
  const z = Math.min(14, Math.max(0, Math.round(Math.log2(RD_RESOLUTION_0 * camera.scale))))
  const span = 256 * (RD_RESOLUTION_0 / 2 ** z)
  const minX = -camera.x / camera.scale
  const maxX = (size.width - camera.x) / camera.scale
  const maxY = camera.y / camera.scale
  const minY = (camera.y - size.height) / camera.scale
  const keys: string[] = []
  for (
    let row = Math.floor((RD_ORIGIN_Y - maxY) / span);
    row <= Math.floor((RD_ORIGIN_Y - minY) / span);
    row++
  )
    for (
      let col = Math.floor((minX - RD_ORIGIN_X) / span);
      col <= Math.floor((maxX - RD_ORIGIN_X) / span);
      col++
    )
      keys.push(`${z}/${col}/${row}`)
  return keys
}

/** A signed-in editor whose requests to PDOK are answered by `pdok` (abort: unreachable). */
async function editor(pdok: 'abort' | 'serve'): Promise<{ ctx: BrowserContext; pdokRequests: string[] }> {
  const ctx = await newUser(browser, 'Anna')
  const pdokRequests: string[] = []
  await ctx.route(PDOK_TILES, (route) => {
    pdokRequests.push(new URL(route.request().url()).pathname)
    if (pdok === 'abort') return route.abort('connectionfailed')
    return route.fulfill({ status: 200, contentType: 'image/png', body: PDOK_PNG })
  })
  return { ctx, pdokRequests }
}

describe.runIf(browserSuitesRun('e2e base map'))('base map in Chromium', () => {
  it('draws the tiles of a configured URL for the visible area under the plan', async () => {
    const board = await createBoard(server, PLAN, 'Ondergrond')
    const { ctx } = await editor('abort')
    try {
      const page = await openBoard(ctx, onServer(server, board.editUrl))
      const height = (await page.getByTestId('map').boundingBox())?.height ?? 0
      const blank = { x: BLANK.x, y: Math.round(height / 2) }
      // Before any tiles are configured (PDOK unreachable): the map's own background, under the grid.
      expect(near(await mapPixel(page, blank.x, blank.y), MAP_BACKGROUND, GRID_TOLERANCE)).toBe(true)

      await page.getByLabel('Background under the plan').selectOption('tiles')
      await page.getByLabel('Tile URL').fill(`${tileBase}/tiles/{z}/{x}/{y}.png`)
      await page.getByRole('button', { name: 'Apply' }).click()

      const wanted = await expectedTiles(page)
      expect(wanted.length).toBeGreaterThan(0)
      await expect
        .poll(() => wanted.filter((k) => !tileRequests.includes(k)), { timeout: 10_000 })
        .toEqual([])
      await expect
        .poll(() => mapPixel(page, blank.x, blank.y), { timeout: 10_000 })
        .toSatisfy((p) => near(p as number[], TILE_COLOUR))
      // The choice is in the plan: a reload shows the same tiles.
      expect(await storedBaseMap(page)).toEqual({
        kind: 'tiles',
        url: `${tileBase}/tiles/{z}/{x}/{y}.png`,
        tiling: 'rd-new',
      })
    } finally {
      await ctx.close()
    }
  })

  it('shows PDOK by default with its credit, and the grid with a note when PDOK cannot be reached', async () => {
    const board = await createBoard(server, PLAN, 'Standaard')
    const reachable = await editor('serve')
    try {
      const page = await openBoard(reachable.ctx, onServer(server, board.viewUrl))
      await page.getByText('Kaartgegevens © Kadaster / PDOK').waitFor()
      const wanted = await expectedTiles(page)
      await expect
        .poll(
          () => wanted.filter((k) => !reachable.pdokRequests.some((p) => p.endsWith(`/EPSG:28992/${k}.png`))),
          { timeout: 10_000 },
        )
        .toEqual([])
      const height = (await page.getByTestId('map').boundingBox())?.height ?? 0
      await expect
        .poll(() => mapPixel(page, BLANK.x, Math.round(height / 2)), { timeout: 10_000 })
        .toSatisfy((p) => near(p as number[], PDOK_COLOUR))
    } finally {
      await reachable.ctx.close()
    }

    const unreachable = await editor('abort')
    try {
      const page = await openBoard(unreachable.ctx, onServer(server, board.viewUrl))
      await page
        .getByText('The PDOK base map cannot be reached; showing the grid.')
        .waitFor({ timeout: 15_000 })
      expect(unreachable.pdokRequests.length).toBeGreaterThan(0)
      const shown = await page.evaluate(
        () => (globalThis as unknown as WithSession).__gebiedsbord?.session.baseMap.view.get().shown.source,
      )
      expect(shown).toBe('grid')
      expect(await page.getByText('Kaartgegevens © Kadaster / PDOK').count()).toBe(0)
      const height = (await page.getByTestId('map').boundingBox())?.height ?? 0
      expect(
        near(await mapPixel(page, BLANK.x, Math.round(height / 2)), MAP_BACKGROUND, GRID_TOLERANCE),
      ).toBe(true)
    } finally {
      await unreachable.ctx.close()
    }
  })

  it('places an uploaded image over the view, and moves a reference point picked on the image and the map', async () => {
    const board = await createBoard(server, PLAN, 'Tekening')
    const { ctx } = await editor('abort')
    try {
      const page = await openBoard(ctx, onServer(server, board.editUrl))
      const map = await page.getByTestId('map').boundingBox()
      if (!map) throw new Error('no map on the page')
      await page.getByLabel('Background under the plan').selectOption('image')
      await page.getByLabel('Upload an image (PNG, JPEG or WebP, at most 8 MB)').setInputFiles({
        name: 'tekening.png',
        mimeType: 'image/png',
        buffer: solidPng(400, 300, IMAGE_COLOUR),
      })
      await expect
        .poll(() => storedBaseMap(page), { timeout: 10_000 })
        .toMatchObject({ kind: 'image', width: 400, height: 300 })
      // The new image fills 80 % of the view around its centre, under the plan's translucent area.
      const inside = { x: Math.round(map.width * 0.3), y: Math.round(map.height * 0.7) }
      await expect
        .poll(() => mapPixel(page, inside.x, inside.y), { timeout: 10_000 })
        .toSatisfy((p) => near(p as number[], IMAGE_COLOUR, 24))

      // Point 1: the image's top-left quarter point, then a spot on the map.
      const preview = page.getByRole('button', { name: 'The image: click to choose point 1' })
      const pbox = await preview.boundingBox()
      if (!pbox) throw new Error('no preview')
      await page.mouse.click(pbox.x + pbox.width * 0.25, pbox.y + pbox.height * 0.25)
      await page.getByText('Click on the map where point 1 lies. Esc cancels.').waitFor()
      const at = { x: map.x + 200, y: map.y + 150 }
      const camera = await page.evaluate(() =>
        (globalThis as unknown as WithSession).__gebiedsbord?.session.view.camera.get(),
      )
      if (!camera) throw new Error('no session on the page')
      await page.mouse.click(at.x, at.y)
      const world = { x: (200 - camera.x) / camera.scale, y: (camera.y - 150) / camera.scale }
      await expect
        .poll(
          async () => {
            const m = (await storedBaseMap(page)) as {
              refs: { image: { x: number; y: number }; world: { x: number; y: number } }[]
            }
            const r = m.refs[0]
            return (
              r &&
              Math.abs(r.image.x - 100) <= 2 &&
              Math.abs(r.image.y - 75) <= 2 &&
              Math.abs(r.world.x - world.x) <= 1 / camera.scale &&
              Math.abs(r.world.y - world.y) <= 1 / camera.scale
            )
          },
          { timeout: 10_000 },
        )
        .toBe(true)
      // The click picked a point; it did not select or pan.
      expect(
        await page.evaluate(() =>
          (globalThis as unknown as WithSession).__gebiedsbord?.session.view.camera.get(),
        ),
      ).toEqual(camera)
    } finally {
      await ctx.close()
    }
  })
})
