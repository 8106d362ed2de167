import { areaFingerprints } from '@gebiedsbord/barcode'
import { blocksCsv } from '@gebiedsbord/bid'
import { bidPlan, corporation, decisions, developer, north, readPdf, south } from '@gebiedsbord/bid/testing'
import {
  addComment,
  asBlockId,
  asCommentId,
  recordDecision,
  resolveThread,
  signOff,
  writePlan,
} from '@gebiedsbord/model'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { type CreatedBoardBody, startTestServer, type TestServer } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'

let server: TestServer | undefined
let clients: StockClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
})

const NOW = Date.UTC(2026, 11, 3, 13, 5)

/**
 * A board holding the bid fixture, written live by an editor: two areas, three parties, two
 * decisions, a sign-off of Noord that holds and one of Zuid for another state, and three threads
 * of which one is resolved.
 */
async function bidBoard(s: TestServer): Promise<CreatedBoardBody> {
  const board = await s.createBoard({ name: 'Leeg', frame: 'rd-new' })
  const editor = stockClient(s.syncUrl, board.id, board.editToken)
  const talk = stockClient(s.syncUrl, `${board.id}/discussion`, board.editToken)
  clients.push(editor, talk)
  await Promise.all([synced(editor), synced(talk)])
  writePlan(editor.doc, bidPlan)
  for (const d of decisions) recordDecision(editor.doc, d, NOW)
  const prints = areaFingerprints(bidPlan)
  const common = { version: 'v1', versionName: 'Variant B', name: 'Karin de Vries' }
  signOff(
    editor.doc,
    { ...common, area: north.id, party: corporation.id, fingerprint: prints.get(north.id) ?? '' },
    NOW,
  )
  signOff(editor.doc, { ...common, area: south.id, party: developer.id, fingerprint: 'zuid as it was' }, NOW)
  const author = { name: 'Fatima' }
  addComment(
    talk.doc,
    {
      id: asCommentId('c1'),
      author,
      text: 'Waar komt het groen voor Noord?',
      target: { kind: 'rule', area: north.id, rule: 'green-per-dwelling' },
    },
    NOW,
  )
  addComment(
    talk.doc,
    {
      id: asCommentId('c2'),
      author,
      text: 'Kan het park naar het westen?',
      target: { kind: 'block', block: asBlockId('z-park') },
    },
    NOW,
  )
  addComment(
    talk.doc,
    { id: asCommentId('c3'), author, text: 'Al besproken', target: { kind: 'area', area: north.id } },
    NOW,
  )
  resolveThread(talk.doc, asCommentId('c3'), 'Anna', NOW)
  const csv = `${s.url}/api/boards/${board.id}/blocks.csv?token=${board.viewToken}`
  await waitFor(
    async () => (await (await fetch(csv)).text()).includes('z-childcare'),
    'the plan on the server',
  )
  const geojson = `${s.url}/api/boards/${board.id}/plan.geojson?token=${board.viewToken}`
  await waitFor(async () => {
    const body = (await (await fetch(geojson)).json()) as { comments: { resolved: boolean }[] }
    return body.comments.length === 3 && body.comments.some((c) => c.resolved)
  }, 'the discussion on the server')
  return board
}

const byId = (a: string[], b: string[]) => (a[0] ?? '').localeCompare(b[0] ?? '')

const pagesOf = async (res: Response) =>
  (await readPdf(new Uint8Array(await res.arrayBuffer()))).pages.map((p) => p.replace(/\s+/g, ' '))

describe('export routes', () => {
  it('serves the bid as a PDF with a cover, a page per area and the plan, decisions and sources pages', async () => {
    server = await startTestServer()
    const board = await bidBoard(server)
    const base = `${server.url}/api/boards/${board.id}`

    const res = await fetch(`${base}/bid.pdf?lang=nl&token=${board.viewToken}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="Gebiedsbod-Lombok-Oost-cafe-De-Ruine-bid.pdf"',
    )
    const bytes = new Uint8Array(await res.clone().arrayBuffer())
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    const pages = await pagesOf(res)
    expect(pages).toHaveLength(6)
    const [cover, noord, zuid, plan, decided, sources] = pages
    expect(cover).toContain('Gebiedsbod Lombok–Oost, café ‘De Ruïne’')
    expect(cover).toContain('NIET VERVULDE GROEIVOORWAARDEN')
    expect(cover).toContain(
      'Noord Openbaar groen per woning 0 m²/wo >= 75 m²/wo voldoet niet +15.000 m² groen',
    )
    // The board reads its parties in id order: Bouwfonds, Gemeente Utrecht, Woonstad Utrecht.
    expect(cover).toContain('Noord – – akkoord')
    expect(cover).toContain('Zuid verouderd – –')
    expect(noord).toContain('Aandeel sociale huur in de nieuwe woningen 45 % >= 30 % voldoet')
    expect(noord).toContain('Woonstad Utrecht 90 0 0 90 0 0 0 0 100% 150% 100% 60% 67,5% 100%')
    expect(noord).toContain('Waar komt het groen voor Noord?')
    expect(zuid).toContain('Kan het park naar het westen?')
    expect(pages.join(' ')).not.toContain('Al besproken')
    expect(plan).toContain('Totaal 110 60 70 240 1.900 13.600 160 0')
    expect(decided).toContain('Groenplan Noord uitwerken Joost 2027-03-01 open Noord')
    expect(sources).toContain('social-share')

    const english = await pagesOf(await fetch(`${base}/bid.pdf?lang=en&token=${board.editToken}`))
    expect(english[0]).toContain('UNMET CONDITIONS OF GROWTH')
  })

  it('serves blocks.csv and barcode.csv in Dutch and English spreadsheet formats', async () => {
    server = await startTestServer()
    const board = await bidBoard(server)
    const base = `${server.url}/api/boards/${board.id}`

    const blocksNl = await fetch(`${base}/blocks.csv?lang=nl&token=${board.viewToken}`)
    expect(blocksNl.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(blocksNl.headers.get('content-disposition')).toContain('-blocks.csv"')
    const blocks = parse(await blocksNl.text(), { delimiter: ';', bom: true }) as string[][]
    // The rows blocksCsv writes for the fixture (its own tests check them), in whatever order the board keeps its blocks.
    const expected = parse(blocksCsv(bidPlan, { lang: 'nl' }), { delimiter: ';', bom: true }) as string[][]
    expect(blocks[0]).toEqual(expected[0])
    expect(blocks.slice(1).sort(byId)).toEqual(expected.slice(1).sort(byId))

    const barcodeEn = await fetch(`${base}/barcode.csv?lang=en&token=${board.viewToken}`)
    expect(barcodeEn.headers.get('content-disposition')).toContain('-barcode.csv"')
    const barcode = parse(await barcodeEn.text(), { bom: true }) as string[][]
    expect(barcode[0]?.slice(0, 3)).toEqual(['Scope', 'Rule id', 'Norm'])
    expect(barcode.find((r) => r[0] === 'Noord' && r[1] === 'green-per-dwelling')?.slice(3, 12)).toEqual([
      '0',
      'm²/wo',
      '75',
      '',
      '60',
      '',
      'fail',
      'yes',
      '15000',
    ])
    const barcodeNl = parse(
      await (await fetch(`${base}/barcode.csv?lang=nl&token=${board.viewToken}`)).text(),
      {
        delimiter: ';',
        bom: true,
      },
    ) as string[][]
    expect(barcodeNl.find((r) => r[0] === 'Hele plan' && r[1] === 'social-share')?.[3]).toBe('45,83')
  })

  it('refuses a wrong token with 401 and an unknown language with 400', async () => {
    server = await startTestServer()
    const board = await server.createBoard({ name: 'Bod', frame: 'rd-new' })
    const base = `${server.url}/api/boards/${board.id}`
    for (const file of ['bid.pdf', 'blocks.csv', 'barcode.csv']) {
      expect((await fetch(`${base}/${file}?lang=nl&token=wrong`)).status).toBe(401)
      expect((await fetch(`${base}/${file}?lang=nl`)).status).toBe(401)
      const bad = await fetch(`${base}/${file}?lang=fr&token=${board.viewToken}`)
      expect(bad.status).toBe(400)
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_query')
      expect(
        (await fetch(`${server.url}/api/boards/nosuchboard/${file}?token=${board.viewToken}`)).status,
      ).toBe(404)
    }
    // An empty board still makes a bid: the cover and the closing pages.
    const empty = await pagesOf(await fetch(`${base}/bid.pdf?token=${board.viewToken}`))
    expect(empty).toHaveLength(4)
  })
})

describe('plan.geojson ?crs', () => {
  it('writes RD New metres with the EPSG:28992 crs member, WGS84 by default, and refuses other values', async () => {
    server = await startTestServer()
    const board = await bidBoard(server)
    const url = `${server.url}/api/boards/${board.id}/plan.geojson?token=${board.viewToken}`
    type Exported = {
      crs?: { type: string; properties: { name: string } }
      features: { properties: { id: string }; geometry: { coordinates: number[][][] } }[]
    }
    const rd = (await (await fetch(`${url}&crs=rd-new`)).json()) as Exported
    expect(rd.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } })
    const noord = rd.features.find((f) => f.properties.id === 'noord')
    expect(noord?.geometry.coordinates[0]).toEqual(
      expect.arrayContaining([
        [136_000, 455_200],
        [136_200, 455_400],
      ]),
    )
    const wgs = (await (await fetch(url)).json()) as Exported
    expect(wgs.crs).toBeUndefined()
    const [lon, lat] =
      wgs.features.find((f) => f.properties.id === 'noord')?.geometry.coordinates[0]?.[0] ?? []
    expect(lon).toBeCloseTo(5.1, 1)
    expect(lat).toBeCloseTo(52.08, 1)
    expect((await fetch(`${url}&crs=wgs84`)).status).toBe(200)
    const bad = await fetch(`${url}&crs=epsg3857`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_query')
  })
})
