import { readFile } from 'node:fs/promises'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BoardSuite,
  type BoardUser,
  browserSuitesRun,
  type CreatedBoard,
  createBoard,
  type Hooked,
  onServer,
  openBoard,
  openMenu,
  type RunningServer,
  startBoardSuite,
} from './harness.ts'
import { area, block, rdPlan, X, Y } from './plans.ts'

/*
 * The bid leaves the board as files and comes back: an editor downloads the plan as GeoJSON (RD
 * New and WGS84) and the bid as a PDF from the export menu, opens an empty board and imports the
 * file there; the new board's barcode is the same as the first one's, area by area, rule by rule.
 * The whole board saved as a backup file comes back the same way through the start page.
 */

// Two areas near Utrecht: Noord with homes of each segment and a park, Zuid with a school and
// homes only, so that rules pass, warn and fail.
const PLAN = rdPlan([
  area('noord', 'Noord', X, Y),
  area('zuid', 'Zuid', X + 200, Y),
  block('social', { kind: 'housing', dwellings: 60, segment: 'social' }, X + 50, Y + 50),
  block('mid', { kind: 'housing', dwellings: 40, segment: 'mid' }, X + 150, Y + 50),
  block('private', { kind: 'housing', dwellings: 80, segment: 'private' }, X + 50, Y + 150),
  block('park', { kind: 'green', use: 'park', floors: 1 }, X + 150, Y + 150),
  block('school', { kind: 'amenity', use: 'school', floors: 2 }, X + 250, Y + 50),
  block('homes-zuid', { kind: 'housing', dwellings: 120, segment: 'private' }, X + 350, Y + 150),
])

/** What this test compares of a barcode: per area (by name) each rule's value, status and "+N needed". */
interface Report {
  areas: {
    name: string
    rules: { id: string; actual: number | null; status: string; needed: number | null }[]
  }[]
  plan: { rules: { id: string; actual: number | null; status: string; needed: number | null }[] }
}

let server: RunningServer
let suite: BoardSuite | undefined
let source: CreatedBoard
let anna: BrowserContext
let page: Page

const report = async (board: CreatedBoard): Promise<Report> => {
  const res = await fetch(`${server.url}/api/boards/${board.id}/report?token=${board.viewToken}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Report
}

/** Rule values and statuses per area name, to compare two boards whose ids may differ. */
const barcodeOf = (r: Report) =>
  Object.fromEntries([
    ...r.areas.map((a) => [a.name, a.rules.map((x) => [x.id, x.actual, x.status, x.needed])] as const),
    ['(plan)', r.plan.rules.map((x) => [x.id, x.actual, x.status, x.needed])] as const,
  ])

/** Clicks an entry of the export menu and reads the file the browser saves. */
async function download(p: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  const menu = await openMenu(p, 'export')
  const [file] = await Promise.all([
    p.waitForEvent('download'),
    menu.getByRole('link', { name: label }).click(),
  ])
  const path = await file.path()
  return { name: file.suggestedFilename(), bytes: await readFile(path) }
}

/** Imports a file into the board open in `p` through the export menu, and waits for the summary. */
async function importInto(p: Page, name: string, bytes: Buffer): Promise<string> {
  const menu = await openMenu(p, 'export')
  await menu
    .getByLabel('Import a GeoJSON plan into this board')
    .setInputFiles({ name, mimeType: 'application/geo+json', buffer: bytes })
  const status = menu.getByRole('status')
  await status.waitFor({ timeout: 20_000 })
  return (await status.textContent()) ?? ''
}

describe.runIf(browserSuitesRun('export e2e'))('export and import of a bid (Chromium)', () => {
  beforeAll(async () => {
    suite = await startBoardSuite(PLAN, 'Gebiedsbod Merwede', [{ name: 'Anna', link: 'edit' }])
    ;({ server, board: source } = suite)
    ;({ context: anna, page } = suite.users[0] as BoardUser)
  }, 120_000)

  afterAll(async () => {
    await suite?.stop()
  })

  it('downloads the bid as a PDF named after the board', async () => {
    const pdf = await download(page, 'Joint bid (PDF)')
    expect(pdf.name).toBe('Gebiedsbod-Merwede-bid.pdf')
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('downloads the barcode as CSV listing every rule of every area', async () => {
    const csv = (await download(page, 'Barcode (CSV)')).bytes.toString('utf8')
    const expected = await report(source)
    for (const a of expected.areas) for (const r of a.rules) expect(csv).toContain(r.id)
    expect(csv).toContain('Noord')
    expect(csv).toContain('Zuid')
  })

  it.each([
    ['Plan as GeoJSON (RD New)', 'Gebiedsbod-Merwede-rd.geojson'],
    ['Plan as GeoJSON (WGS84)', 'Gebiedsbod-Merwede-plan.geojson'],
  ])('%s imported into an empty board gives the same barcode', async (label, fileName) => {
    const file = await download(page, label)
    expect(file.name).toBe(fileName)
    const target = await createBoard(server, { name: 'Leeg bord', frame: 'rd-new' }, 'Leeg bord')
    const other = await openBoard(anna, onServer(server, target.editUrl))
    try {
      expect(await importInto(other, file.name, file.bytes)).toContain('Added 2 areas and 6 blocks')
      // The imported blocks arrive through sync, as anyone's edit: the board page shows them.
      await expect
        .poll(() => other.evaluate(() => (globalThis as Hooked).__gebiedsbord?.session.mirror.blocks.size), {
          timeout: 20_000,
        })
        .toBe(6)
      const before = barcodeOf(await report(source))
      // The plan is chosen so that the comparison means something: measured values, and rules
      // that pass and that fail.
      const statuses = new Set(Object.values(before).flatMap((rules) => rules.map((r) => r[2])))
      expect([...statuses].sort()).toEqual(expect.arrayContaining(['fail', 'pass']))
      expect(
        Object.values(before).flatMap((rules) => rules.filter((r) => typeof r[1] === 'number')),
      ).not.toEqual([])
      const after = barcodeOf(await report(target))
      if (label.includes('RD New')) expect(after).toEqual(before)
      else {
        // WGS84 goes through a projection and back: statuses equal, values within a per mille.
        expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
        for (const [name, rules] of Object.entries(before)) {
          const got = after[name] as typeof rules
          expect(
            got.map(([id, , status]) => [id, status]),
            name,
          ).toEqual(rules.map(([id, , s]) => [id, s]))
          got.forEach(([id, value], i) => {
            const want = (rules[i] as (typeof rules)[number])[1] as number | null
            if (want === null || value === null) expect(value, `${name} ${id}`).toBe(want)
            else
              expect(Math.abs((value as number) - want), `${name} ${id}`).toBeLessThanOrEqual(
                Math.max(1e-6, Math.abs(want) * 1e-3),
              )
          })
        }
      }
    } finally {
      await other.close()
    }
  })

  it('the whole board saved as a backup and restored from the start page has the same plan', async () => {
    const file = await download(page, 'Whole board as backup (.gebiedsbord)')
    expect(file.name).toBe('Gebiedsbod-Merwede.gebiedsbord')
    const start = await anna.newPage()
    try {
      await start.goto(`${server.url}/`)
      await start
        .locator('input[type=file]')
        .setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.bytes })
      // The start page opens the restored board on its new edit link.
      await start.waitForURL(/\/b\/[^/#]+#token=/, { timeout: 20_000 })
      const url = new URL(start.url())
      const id = url.pathname.split('/')[2] as string
      const token = new URLSearchParams(url.hash.slice(1)).get('token') as string
      expect(id).not.toBe(source.id)
      const restored = { ...source, id, viewToken: token }
      expect(barcodeOf(await report(restored))).toEqual(barcodeOf(await report(source)))
      await expect
        .poll(() => start.evaluate(() => (globalThis as Hooked).__gebiedsbord?.session.mirror.board.name), {
          timeout: 20_000,
        })
        .toBe('Gebiedsbod Merwede')
    } finally {
      await start.close()
    }
  })
})
