import { readFileSync } from 'node:fs'
import { checkPlan } from '@gebiedsbord/barcode'
import { planFromGeoJSON } from '@gebiedsbord/geo'
import {
  addBlock,
  addComment,
  asAreaId,
  asCommentId,
  asDecisionId,
  type BlockId,
  recordDecision,
  rectangle,
  seededBytes,
  seededRandom,
} from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'

/** The geo package's sample plan in the contract of `gebiedsbord check`: 3 areas, 15 blocks, WGS84. */
const SAMPLE = JSON.parse(
  readFileSync(new URL('../../../packages/geo/fixtures/utrecht-sample.geojson', import.meta.url), 'utf8'),
) as { name: string; features: unknown[] }

let server: TestServer | undefined
let clients: StockClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
})

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('boards from GeoJSON', () => {
  it('creates a board holding the plan and returns the import problems', async () => {
    server = await startTestServer()
    const broken = { type: 'Feature', properties: { type: 'block', kind: 'housing' }, geometry: null }
    const res = await post(`${server.url}/api/boards`, { ...SAMPLE, features: [...SAMPLE.features, broken] })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { id: string; name: string; viewToken: string; problems: unknown[] }
    expect(body.name).toBe(SAMPLE.name)
    expect(body.problems).toEqual([expect.objectContaining({ feature: SAMPLE.features.length })])

    const meta = await (await fetch(`${server.url}/api/boards/${body.id}?token=${body.viewToken}`)).json()
    expect(meta).toMatchObject({ name: SAMPLE.name, frame: 'rd-new', areas: 3, blocks: 15 })

    const named = await post(`${server.url}/api/boards?name=Bod%20A`, SAMPLE)
    expect(((await named.json()) as { name: string }).name).toBe('Bod A')
  })

  it('answers unreadable GeoJSON with 400 and the reader’s message', async () => {
    server = await startTestServer()
    const res = await post(`${server.url}/api/boards`, { type: 'FeatureCollection', features: 'none' })
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('invalid_geojson')
    expect(error.message).toBeTruthy()
  })
})

describe('reading the current plan', () => {
  it('serves plan.geojson in WGS84 and the barcode report of the live board', async () => {
    server = await startTestServer()
    const s = server
    const board = await s.createBoard(SAMPLE)
    const geojsonUrl = `${s.url}/api/boards/${board.id}/plan.geojson`
    const reportUrl = `${s.url}/api/boards/${board.id}/report`

    expect((await fetch(geojsonUrl)).status).toBe(401)
    expect((await fetch(`${reportUrl}?token=wrong`)).status).toBe(401)

    const res = await fetch(`${geojsonUrl}?token=${board.viewToken}`)
    expect(res.headers.get('content-type')).toContain('application/geo+json')
    const exported = (await res.json()) as {
      type: string
      crs?: unknown
      features: { properties: { id: string }; geometry: { coordinates: number[][][] } }[]
    }
    expect(exported.type).toBe('FeatureCollection')
    expect(exported.crs).toBeUndefined()
    expect(exported.features).toHaveLength(18)
    const [lon, lat] = exported.features[0]?.geometry.coordinates[0]?.[0] ?? []
    expect(lon).toBeCloseTo(5.1, 1)
    expect(lat).toBeCloseTo(52.07, 1)

    // The same JSON as `gebiedsbord check --format json` of the same plan, except that `feature`
    // points into the board's plan.geojson rather than into the uploaded file.
    const report = (await (await fetch(`${reportUrl}?token=${board.viewToken}`)).json()) as {
      problems: { feature: number | null; message: string }[]
    }
    const expected = checkPlan(planFromGeoJSON(SAMPLE, { random: seededBytes(seededRandom(1)) }).plan, {
      lang: 'en',
    })
    expect({ ...report, problems: [] }).toEqual(JSON.parse(JSON.stringify({ ...expected, problems: [] })))
    expect(report.problems).toHaveLength(expected.problems.length)
    for (const p of expected.problems) {
      const at = report.problems.find((r) => r.message === p.message)?.feature
      expect(exported.features[at ?? -1]?.properties.id).toBe(p.block ?? p.area)
    }
    const dutch = (await (await fetch(`${reportUrl}?token=${board.viewToken}&lang=nl`)).json()) as object
    expect(dutch).not.toEqual(report)
    expect((await fetch(`${reportUrl}?token=${board.viewToken}&lang=fr`)).status).toBe(400)

    // An edit made live is in the next read.
    const editor = stockClient(s.syncUrl, board.id, board.editToken)
    clients.push(editor)
    await synced(editor)
    addBlock(editor.doc, {
      id: 'liveBlock0000001' as BlockId,
      kind: 'green',
      use: 'park',
      x: 136_000,
      y: 455_000,
      rotation: 0,
      shape: rectangle(20, 20),
      floors: 1,
    })
    await waitFor(
      async () =>
        ((await (await fetch(`${geojsonUrl}?token=${board.editToken}`)).json()) as { features: unknown[] })
          .features.length === 19,
      'the live edit in plan.geojson',
    )
  })

  it('carries the comments and the decision log in plan.geojson', async () => {
    server = await startTestServer()
    const s = server
    const board = await s.createBoard(SAMPLE)
    const editor = stockClient(s.syncUrl, board.id, board.editToken)
    const talk = stockClient(s.syncUrl, `${board.id}/discussion`, board.editToken)
    clients.push(editor, talk)
    await Promise.all([synced(editor), synced(talk)])
    recordDecision(
      editor.doc,
      {
        id: asDecisionId('d1'),
        kind: 'action',
        text: 'Parkeren naar de mobiliteitshub',
        author: { name: 'Anna' },
        due: '2027-03-01',
      },
      1_700_000_000_000,
    )
    addComment(
      talk.doc,
      {
        id: asCommentId('c1'),
        author: { name: 'Bram' },
        text: 'Waarom faalt groen hier?',
        target: { kind: 'area', area: asAreaId('a1') },
      },
      1_700_000_000_000,
    )
    const url = `${s.url}/api/boards/${board.id}/plan.geojson?token=${board.viewToken}`
    type Exported = { comments: { root: { text: string } }[]; decisions: { text: string; due?: string }[] }
    await waitFor(async () => {
      const e = (await (await fetch(url)).json()) as Exported
      return e.comments.length === 1 && e.decisions.length === 1
    }, 'the comment and the decision in the export')
    const exported = (await (await fetch(url)).json()) as Exported
    expect(exported.comments[0]?.root.text).toBe('Waarom faalt groen hier?')
    expect(exported.decisions[0]).toMatchObject({
      text: 'Parkeren naar de mobiliteitshub',
      due: '2027-03-01',
    })
    // The export still reads back as a plan: the foreign members are passed over.
    expect(
      planFromGeoJSON(exported, { random: seededBytes(seededRandom(2)) }).plan.areas.length,
    ).toBeGreaterThan(0)
  })

  it('answers plan.geojson of a board without georeference with 409', async () => {
    server = await startTestServer()
    const board = await server.createBoard({ name: 'Schets', frame: 'local' })
    const res = await fetch(`${server.url}/api/boards/${board.id}/plan.geojson?token=${board.editToken}`)
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_georeferenced')
  })
})
