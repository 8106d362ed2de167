import { rmSync } from 'node:fs'
import { RD_NEW_URN } from '@gebiedsbord/geo'
import {
  addArea,
  addBlock,
  asAreaId,
  asBlockId,
  type Block,
  blocksMap,
  deleteBlock,
  type Plan,
  planFromUpdate,
  readPlan,
  rectangle,
  setBoard,
} from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import { boardCall, expectApiError } from '../testing/apiCalls.ts'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { storedDoc } from '../testing/stored.ts'
import { type CreatedBoardBody, startTestServer, type TestServer, tempDir } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { backupName } from './versionRoutes.ts'

let server: TestServer | undefined
let clients: StockClient[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

interface VersionInfo {
  id: string
  name: string
  at: number
  author: string
}

const block = (id: string, x: number, label?: string): Block => ({
  id: asBlockId(id),
  kind: 'housing',
  dwellings: 24,
  segment: 'social',
  x,
  y: 455_000,
  rotation: 0,
  shape: rectangle(20, 12),
  floors: 5,
  ...(label ? { label } : {}),
})

/** A live client of a board, synced. */
async function connect(s: TestServer, boardId: string, token: string): Promise<StockClient> {
  const client = stockClient(s.syncUrl, boardId, token)
  clients.push(client)
  await synced(client)
  return client
}

/** Waits until the server has stored what a client wrote (so that an HTTP read sees it). */
async function stored(s: TestServer, boardId: string, check: (plan: Plan) => boolean, what: string) {
  await waitFor(async () => check(readPlan(await storedDoc(s.storage, boardId))), what)
}

const blockIds = (plan: Plan) => plan.blocks.map((b) => b.id as string)

async function rdBoard(s: TestServer, name = 'Gebiedsbod'): Promise<CreatedBoardBody> {
  return s.createBoard({ name, frame: 'rd-new' })
}

/** A FeatureCollection in RD New metres. */
function rdFile(features: { id: string; type: 'area' | 'block'; x: number; props?: object }[]) {
  return {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: RD_NEW_URN } },
    features: features.map((f) => ({
      type: 'Feature',
      properties: {
        type: f.type,
        id: f.id,
        ...(f.type === 'block'
          ? { kind: 'housing', dwellings: 30, segment: 'mid', floors: 4 }
          : { name: f.id }),
        ...f.props,
      },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [f.x, 455_000],
            [f.x + 40, 455_000],
            [f.x + 40, 455_030],
            [f.x, 455_030],
            [f.x, 455_000],
          ],
        ],
      },
    })),
  }
}

describe('named versions', () => {
  it('saves the live plan as a version, lists versions newest first and serves their state', async () => {
    server = await startTestServer()
    const s = server
    const board = await rdBoard(s)
    const editor = await connect(s, board.id, board.editToken)
    addBlock(editor.doc, block('b1', 136_000))
    await stored(s, board.id, (p) => p.blocks.length === 1, 'the first block stored')

    const res = await boardCall(s, 'POST', `${board.id}/versions`, board.editToken, {
      name: '  Bod 1 ',
      author: 'Anna',
    })
    expect(res.status).toBe(201)
    const first = (await res.json()) as VersionInfo
    expect(first).toMatchObject({ name: 'Bod 1', author: 'Anna' })
    expect(first.id).toMatch(/^[0-9A-Za-z]{16}$/)
    expect(Math.abs(first.at - Date.now())).toBeLessThan(60_000)

    addBlock(editor.doc, block('b2', 136_100))
    await stored(s, board.id, (p) => p.blocks.length === 2, 'the second block stored')
    const second = (await (
      await boardCall(s, 'POST', `${board.id}/versions`, board.editToken, { name: 'Bod 2' })
    ).json()) as VersionInfo
    expect(second.author).toBe('')

    // The view token reads the list and the states.
    const list = (await (await boardCall(s, 'GET', `${board.id}/versions`, board.viewToken)).json()) as {
      versions: VersionInfo[]
      variants: unknown[]
      parent?: unknown
    }
    expect(list).toEqual({ versions: [second, first], variants: [] })
    const state = await boardCall(s, 'GET', `${board.id}/versions/${first.id}/state`, board.viewToken)
    expect(state.headers.get('content-type')).toBe('application/octet-stream')
    expect(blockIds(planFromUpdate(new Uint8Array(await state.arrayBuffer())))).toEqual(['b1'])
    const later = await boardCall(s, 'GET', `${board.id}/versions/${second.id}/state`, board.viewToken)
    expect(blockIds(planFromUpdate(new Uint8Array(await later.arrayBuffer())))).toEqual(['b1', 'b2'])
  })

  it('answers bad tokens, view tokens on writes, bad bodies and unknown versions with clear errors', async () => {
    server = await startTestServer()
    const s = server
    const board = await rdBoard(s)
    const other = await rdBoard(s, 'Ander bord')
    const v = (await (
      await boardCall(s, 'POST', `${board.id}/versions`, board.editToken, { name: 'v' })
    ).json()) as VersionInfo
    const id = board.id
    const edit = board.editToken
    const view = board.viewToken

    // Wrong token (another board's too): 401, whatever the route.
    for (const [method, path] of [
      ['POST', `${id}/versions`],
      ['GET', `${id}/versions`],
      ['GET', `${id}/versions/${v.id}/state`],
      ['POST', `${id}/versions/${v.id}/restore`],
      ['POST', `${id}/versions/${v.id}/variants`],
      ['POST', `${id}/import`],
      ['POST', `${id}/assets`],
      ['GET', `${id}/assets/x`],
    ] as const) {
      const body = method === 'GET' ? undefined : {}
      await expectApiError(await boardCall(s, method, path, other.editToken, body), 401, 'unauthorized')
      await expectApiError(await boardCall(s, method, path, 'wrong', body), 401, 'unauthorized')
    }
    // The view token only reads.
    for (const path of [
      `${id}/versions`,
      `${id}/versions/${v.id}/restore`,
      `${id}/versions/${v.id}/variants`,
      `${id}/import`,
    ])
      await expectApiError(await boardCall(s, 'POST', path, view, { name: 'x' }), 403, 'forbidden')
    await expectApiError(
      await boardCall(s, 'POST', `${id}/assets`, view, Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), {
        'content-type': 'image/png',
      }),
      403,
      'forbidden',
    )
    // Bodies, with the field that is wrong.
    const cases: [string, unknown, string][] = [
      [`${id}/versions`, {}, 'name'],
      [`${id}/versions`, { name: '   ' }, 'name'],
      [`${id}/versions`, { name: 'x'.repeat(121) }, 'name'],
      [`${id}/versions`, { name: 'x', author: 'y'.repeat(81) }, 'author'],
      [`${id}/versions`, { name: 'x', colour: 'red' }, ''],
      [`${id}/versions/${v.id}/restore`, { author: 5 }, 'author'],
      [`${id}/versions/${v.id}/variants`, { name: '' }, 'name'],
    ]
    for (const [path, body, field] of cases) {
      const { error } = await expectApiError(
        await boardCall(s, 'POST', path, edit, body),
        400,
        'invalid_body',
      )
      if (field) expect(error.path).toBe(field)
    }
    await expectApiError(await boardCall(s, 'POST', `${id}/versions`, edit, '{not json'), 400, 'invalid_json')
    // Unknown versions, named in the message; a version of another board is unknown here.
    const theirs = (await (
      await boardCall(s, 'POST', `${other.id}/versions`, other.editToken, { name: 'o' })
    ).json()) as VersionInfo
    for (const vid of ['nope', theirs.id]) {
      for (const [method, path, body] of [
        ['GET', `${id}/versions/${vid}/state`, undefined],
        ['POST', `${id}/versions/${vid}/restore`, {}],
        ['POST', `${id}/versions/${vid}/variants`, { name: 'x' }],
      ] as const) {
        const { error } = await expectApiError(
          await boardCall(s, method, path, edit, body),
          404,
          'no_version',
        )
        expect(error.message).toContain(vid)
      }
    }
    await expectApiError(await boardCall(s, 'GET', `AAAAAAAAAAAAAAAA/versions`, edit), 404, 'not_found')
  })
})

describe('restoring a version', () => {
  it('is seen live by a connected client, keeps a backup, and is still there after a restart', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    server = await startTestServer({ dataDir })
    let s = server
    const board = await rdBoard(s)
    const editor = await connect(s, board.id, board.editToken)
    editor.doc.transact(() => {
      addBlock(editor.doc, block('keep', 136_000, 'blijft'))
      addBlock(editor.doc, block('moved', 136_100))
      addArea(editor.doc, {
        id: asAreaId('area'),
        name: 'Noord',
        polygon: [
          [135_900, 454_900],
          [136_300, 454_900],
          [136_300, 455_200],
        ],
      })
    })
    await stored(s, board.id, (p) => p.blocks.length === 2, 'the plan stored')
    const v = (await (
      await boardCall(s, 'POST', `${board.id}/versions`, board.editToken, { name: 'Bod A' })
    ).json()) as VersionInfo
    const planAtV = planFromUpdate(
      new Uint8Array(
        await (
          await boardCall(s, 'GET', `${board.id}/versions/${v.id}/state`, board.editToken)
        ).arrayBuffer(),
      ),
    )

    // After the version: a block moved, one deleted, one added, the board renamed.
    editor.doc.transact(() => {
      blocksMap(editor.doc).get('moved')?.set('x', 137_000)
      deleteBlock(editor.doc, asBlockId('keep'))
      addBlock(editor.doc, block('new', 136_500))
      setBoard(editor.doc, { name: 'Gebiedsbod (gewijzigd)' })
    })
    await stored(s, board.id, (p) => blockIds(p).includes('new'), 'the changes stored')
    const watcher = await connect(s, board.id, board.viewToken)

    const res = await boardCall(s, 'POST', `${board.id}/versions/${v.id}/restore`, board.editToken, {
      author: 'Bas',
    })
    expect(res.status).toBe(200)
    const { restored, backup } = (await res.json()) as { restored: VersionInfo; backup: VersionInfo }
    expect(restored).toEqual(v)
    expect(backup).toMatchObject({ name: backupName('Bod A'), author: 'Bas' })

    // Both connected clients see the restore, without reconnecting.
    for (const c of [editor, watcher])
      await waitFor(
        () => JSON.stringify(readPlan(c.doc)) === JSON.stringify(planAtV),
        'the restore to arrive',
      )
    expect(readPlan(editor.doc).board.name).toBe('Gebiedsbod')
    // The backup holds what the restore replaced.
    const backupState = await boardCall(s, 'GET', `${board.id}/versions/${backup.id}/state`, board.editToken)
    const replaced = planFromUpdate(new Uint8Array(await backupState.arrayBuffer()))
    expect(blockIds(replaced).sort()).toEqual(['moved', 'new'])
    expect(replaced.board.name).toBe('Gebiedsbod (gewijzigd)')
    const list = (await (await boardCall(s, 'GET', `${board.id}/versions`, board.viewToken)).json()) as {
      versions: VersionInfo[]
    }
    expect(list.versions.map((x) => x.id)).toEqual([backup.id, v.id])

    for (const c of clients) c.destroy()
    clients = []
    await s.stop()
    server = await startTestServer({ dataDir })
    s = server
    const after = await connect(s, board.id, board.viewToken)
    expect(readPlan(after.doc)).toStrictEqual(planAtV)
  })
})

describe('variants', () => {
  it("opens with the parent's tokens and is independent of the parent afterwards", async () => {
    server = await startTestServer()
    const s = server
    const parent = await rdBoard(s, 'Bod gemeente')
    const editor = await connect(s, parent.id, parent.editToken)
    addBlock(editor.doc, block('b1', 136_000))
    await stored(s, parent.id, (p) => p.blocks.length === 1, 'the block stored')
    const v = (await (
      await boardCall(s, 'POST', `${parent.id}/versions`, parent.editToken, { name: 'Basis' })
    ).json()) as VersionInfo

    const res = await boardCall(s, 'POST', `${parent.id}/versions/${v.id}/variants`, parent.editToken, {
      name: 'Variant B',
    })
    expect(res.status).toBe(201)
    const variant = (await res.json()) as { id: string; name: string; parent: unknown }
    expect(variant).toEqual({
      id: expect.stringMatching(/^[0-9A-Za-z]{16}$/),
      name: 'Variant B',
      parent: { boardId: parent.id, versionId: v.id },
    })
    expect(variant.id).not.toBe(parent.id)

    // The parent's edit and view tokens open the variant, with the same rights.
    const meta = await fetch(`${s.url}/api/boards/${variant.id}?token=${parent.editToken}`)
    expect(await meta.json()).toMatchObject({ access: 'edit', name: 'Variant B', blocks: 1 })
    const viewMeta = await fetch(`${s.url}/api/boards/${variant.id}?token=${parent.viewToken}`)
    expect(await viewMeta.json()).toMatchObject({ access: 'view' })

    // Each lists the other.
    const parentList = (await (
      await boardCall(s, 'GET', `${parent.id}/versions`, parent.viewToken)
    ).json()) as {
      variants: { id: string; name: string; createdAt: number; parentVersion: string }[]
    }
    expect(parentList.variants).toEqual([
      { id: variant.id, name: 'Variant B', createdAt: expect.any(Number), parentVersion: v.id },
    ])
    const variantList = (await (
      await boardCall(s, 'GET', `${variant.id}/versions`, parent.viewToken)
    ).json()) as object
    expect(variantList).toEqual({
      versions: [],
      variants: [],
      parent: { boardId: parent.id, versionId: v.id, versionName: 'Basis' },
    })

    // Edits on one do not reach the other.
    const inVariant = await connect(s, variant.id, parent.editToken)
    expect(blockIds(readPlan(inVariant.doc))).toEqual(['b1'])
    addBlock(inVariant.doc, block('only-variant', 136_200))
    addBlock(editor.doc, block('only-parent', 136_400))
    await stored(s, variant.id, (p) => p.blocks.length === 2, 'the variant edit stored')
    await stored(s, parent.id, (p) => p.blocks.length === 2, 'the parent edit stored')
    expect(blockIds(readPlan(await storedDoc(s.storage, variant.id)))).toEqual(['b1', 'only-variant'])
    expect(blockIds(readPlan(await storedDoc(s.storage, parent.id)))).toEqual(['b1', 'only-parent'])

    // Rotating the parent's tokens leaves the variant's alone.
    expect(
      (await boardCall(s, 'POST', `${parent.id}/tokens`, parent.editToken, { which: 'edit' })).status,
    ).toBe(200)
    expect((await fetch(`${s.url}/api/boards/${parent.id}?token=${parent.editToken}`)).status).toBe(401)
    expect((await fetch(`${s.url}/api/boards/${variant.id}?token=${parent.editToken}`)).status).toBe(200)
  })
})

describe('importing GeoJSON into a board', () => {
  it('adds the file as new records that a connected client sees, changing nothing on the board', async () => {
    server = await startTestServer()
    const s = server
    const board = await rdBoard(s)
    const editor = await connect(s, board.id, board.editToken)
    editor.doc.transact(() => {
      addBlock(editor.doc, block('b1', 136_000, 'van het bord'))
      addArea(editor.doc, {
        id: asAreaId('a1'),
        name: 'Bestaand',
        polygon: [
          [135_000, 454_000],
          [135_100, 454_000],
          [135_100, 454_100],
        ],
      })
    })
    await stored(s, board.id, (p) => p.blocks.length === 1 && p.areas.length === 1, 'the board stored')
    const before = readPlan(editor.doc)

    const file = rdFile([
      { id: 'a1', type: 'area', x: 137_000 },
      { id: 'b1', type: 'block', x: 137_100 },
      { id: 'b9', type: 'block', x: 137_200, props: { label: 'Nieuw' } },
    ])
    const res = await boardCall(s, 'POST', `${board.id}/import`, board.editToken, file)
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      areas: number
      blocks: number
      parties: number
      problems: { feature: number | null; message: string }[]
    }
    expect(body).toMatchObject({ areas: 1, blocks: 2, parties: 0 })
    expect(body.problems.map((p) => p.feature)).toEqual([0, 1])
    expect(body.problems[0]?.message).toMatch(/area id "a1" is already in use on this board: added as "/)

    await waitFor(() => readPlan(editor.doc).blocks.length === 3, 'the import to reach the client')
    const after = readPlan(editor.doc)
    expect(after.areas).toHaveLength(2)
    for (const a of before.areas) expect(after.areas).toContainEqual(a)
    for (const b of before.blocks) expect(after.blocks).toContainEqual(b)
    expect(after.board).toStrictEqual(before.board)
    const imported = after.blocks.find((b) => b.label === 'Nieuw')
    expect(imported).toMatchObject({ id: 'b9', kind: 'housing', dwellings: 30 })
    expect(imported?.x).toBeCloseTo(137_220, 6)
    expect(readPlan(await storedDoc(s.storage, board.id))).toStrictEqual(after)
  })

  it('refuses a board in a local frame (409) and a file it cannot read (400), changing nothing', async () => {
    server = await startTestServer({ limits: { maxRequestBytes: 4_000 } })
    const s = server
    const local = await s.createBoard({ name: 'Schets', frame: 'local' })
    const file = rdFile([{ id: 'b1', type: 'block', x: 137_000 }])
    const refused = await expectApiError(
      await boardCall(s, 'POST', `${local.id}/import`, local.editToken, file),
      409,
      'not_georeferenced',
    )
    expect(refused.error.message).toContain('local frame')
    expect(readPlan(await storedDoc(s.storage, local.id)).blocks).toEqual([])

    const board = await rdBoard(s)
    const { error } = await expectApiError(
      await boardCall(s, 'POST', `${board.id}/import`, board.editToken, { type: 'Feature' }),
      400,
      'invalid_geojson',
    )
    expect(error.message).toContain('wrap the feature in a FeatureCollection')
    await expectApiError(
      await boardCall(s, 'POST', `${board.id}/import`, board.editToken, '[1,'),
      400,
      'invalid_json',
    )
    // The API's body limit holds for the JSON routes mounted before it.
    const big = rdFile(
      Array.from({ length: 40 }, (_, i) => ({ id: `b${i}`, type: 'block' as const, x: 137_000 + i * 50 })),
    )
    await expectApiError(
      await boardCall(s, 'POST', `${board.id}/import`, board.editToken, big),
      413,
      'too_large',
    )
    expect(readPlan(await storedDoc(s.storage, board.id)).blocks).toEqual([])
  })
})
