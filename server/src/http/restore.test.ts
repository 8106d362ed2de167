import { BoardKey, boardMap, SCHEMA_VERSION, seededRandom } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { boardCall, expectApiError } from '../testing/apiCalls.ts'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { randomEdit } from '../testing/edits.ts'
import { docContent } from '../testing/scaleout.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'

let server: TestServer | undefined
let clients: StockClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
})

const ADMIN = 'beheer-token-van-minstens-16'

/** `POST /api/boards` with a Yjs state as the body. */
const restore = (s: TestServer, body: Uint8Array, admin?: string) =>
  fetch(`${s.url}/api/boards`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      ...(admin ? { authorization: `Bearer ${admin}` } : {}),
    },
    body,
  })

/** The plan as `GET /api/boards/:id/state` exports it. */
async function backup(s: TestServer, id: string, token: string): Promise<Uint8Array> {
  const res = await boardCall(s, 'GET', `${id}/state`, token)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/octet-stream')
  return new Uint8Array(await res.arrayBuffer())
}

const docOf = (state: Uint8Array) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

describe('backup and restore: GET /api/boards/:id/state, then POST /api/boards with the bytes', () => {
  it('makes a new board holding the whole plan, with fresh tokens, that clients open as any other', async () => {
    server = await startTestServer()
    const s = server
    const original = await s.createBoard({ name: 'Merwedekanaalzone' })
    const editor = stockClient(s.syncUrl, original.id, original.editToken)
    clients.push(editor)
    await synced(editor)
    const random = seededRandom(91)
    for (let i = 0; i < 40; i++) randomEdit(editor.doc, random)
    await waitFor(
      async () =>
        docContent(docOf(await backup(s, original.id, original.viewToken))) === docContent(editor.doc),
      'the edits to be served',
    )
    const bytes = await backup(s, original.id, original.viewToken)

    const res = await restore(s, bytes)
    expect(res.status).toBe(201)
    const restored = (await res.json()) as {
      id: string
      name: string
      editToken: string
      viewToken: string
      editUrl: string
    }
    expect(restored.name).toBe('Merwedekanaalzone')
    expect(restored.id).not.toBe(original.id)
    expect(restored.editToken).not.toBe(original.editToken)
    expect(restored.editUrl).toBe(`${s.url}/b/${restored.id}#token=${restored.editToken}`)
    expect(docContent(docOf(await backup(s, restored.id, restored.viewToken)))).toBe(docContent(editor.doc))

    const reader = stockClient(s.syncUrl, restored.id, restored.viewToken)
    clients.push(reader)
    await synced(reader)
    expect(docContent(reader.doc)).toBe(docContent(editor.doc))
    // The original's tokens do not open the copy.
    expect((await boardCall(s, 'GET', restored.id, original.editToken)).status).toBe(401)
  })

  it('needs the admin token when the server has one, as creating any board does', async () => {
    server = await startTestServer({ adminToken: ADMIN })
    const board = await server.createBoard({ name: 'Bord' })
    const bytes = await backup(server, board.id, board.editToken)
    await expectApiError(await restore(server, bytes), 401, 'unauthorized')
    await expectApiError(await restore(server, bytes, 'een-ander-token-dan-dat'), 401, 'unauthorized')
    expect((await restore(server, bytes, ADMIN)).status).toBe(201)
  })

  it('refuses what is not a whole board: empty, not Yjs, incomplete, unstamped, too new, too big', async () => {
    server = await startTestServer({ limits: { maxBoardBytes: 4_096 } })
    const s = server
    const expectInvalid = async (body: Uint8Array, message: RegExp, status = 400, code = 'invalid_state') => {
      const error = await expectApiError(await restore(s, body), status, code)
      expect(error.error.message).toMatch(message)
    }
    await expectInvalid(
      new Uint8Array(),
      /the body is empty; send the bytes of GET \/api\/boards\/:id\/state/,
    )
    await expectInvalid(Uint8Array.of(255, 255, 255, 1), /not a Yjs update/)

    const doc = new Y.Doc()
    boardMap(doc).set(BoardKey.schemaVersion, SCHEMA_VERSION)
    boardMap(doc).set(BoardKey.name, 'Basis')
    const base = Y.encodeStateAsUpdate(doc)
    let later: Uint8Array | undefined
    doc.once('update', (u: Uint8Array) => {
      later = u
    })
    boardMap(doc).set(BoardKey.name, 'Later')
    // One edit's update without the state it builds on.
    await expectInvalid(later as Uint8Array, /depends on changes it does not contain/)

    const plain = new Y.Doc()
    plain.getMap('notes').set('a', 1)
    await expectInvalid(Y.encodeStateAsUpdate(plain), /no board schema stamp/)

    const newer = docOf(base)
    boardMap(newer).set(BoardKey.schemaVersion, SCHEMA_VERSION + 1)
    await expectInvalid(
      Y.encodeStateAsUpdate(newer),
      new RegExp(`schema version ${SCHEMA_VERSION + 1}`),
      422,
      'unsupported_schema',
    )

    const big = docOf(base)
    boardMap(big).set('padding', 'x'.repeat(5_000))
    await expectInvalid(Y.encodeStateAsUpdate(big), /at most 4096 bytes/, 413, 'board_too_big')

    // A JSON body still creates an empty board.
    expect((await s.createBoard({ name: 'Gewoon' })).name).toBe('Gewoon')
  })
})
