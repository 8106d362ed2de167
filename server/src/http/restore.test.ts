import {
  addComment,
  asAreaId,
  asCommentId,
  BoardKey,
  boardMap,
  readThreads,
  SCHEMA_VERSION,
  seededRandom,
} from '@gebiedsbord/model'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BACKUP_CONTENT_TYPE, encodeBackup, readBackup } from '../boardState.ts'
import { docKey } from '../storage/storage.ts'
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

describe('whole-board backup: GET /api/boards/:id/backup, then POST /api/boards with it', () => {
  /** `POST /api/boards` with a whole-board backup as the body. */
  const restoreWhole = (s: TestServer, body: Uint8Array) =>
    fetch(`${s.url}/api/boards`, { method: 'POST', headers: { 'content-type': BACKUP_CONTENT_TYPE }, body })

  async function wholeBackup(s: TestServer, id: string, token: string): Promise<Uint8Array> {
    const res = await boardCall(s, 'GET', `${id}/backup`, token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(BACKUP_CONTENT_TYPE)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Gebiedsbod-Zuid.gebiedsbord"')
    return new Uint8Array(await res.arrayBuffer())
  }

  it('carries the plan and the comments to a new board', async () => {
    server = await startTestServer()
    const s = server
    const original = await s.createBoard({ name: 'Gebiedsbod Zuid' })
    const editor = stockClient(s.syncUrl, original.id, original.editToken)
    const talk = stockClient(s.syncUrl, docKey(original.id, 'discussion'), original.editToken)
    clients.push(editor, talk)
    await Promise.all([synced(editor), synced(talk)])
    const random = seededRandom(17)
    for (let i = 0; i < 20; i++) randomEdit(editor.doc, random)
    addComment(
      talk.doc,
      {
        id: asCommentId('c1'),
        author: { name: 'Anna' },
        text: 'Waar komt het speelplein? @Bram',
        target: { kind: 'rule', area: asAreaId('a1'), rule: 'play-share' },
      },
      1_700_000_000_000,
    )
    const threadsOf = (doc: Y.Doc) => JSON.stringify(readThreads(doc))
    await waitFor(async () => {
      const read = readBackup(await wholeBackup(s, original.id, original.viewToken))
      return (
        docContent(docOf(read.state)) === docContent(editor.doc) &&
        threadsOf(docOf(read.discussion)) === threadsOf(talk.doc)
      )
    }, 'the edits and the comment to be served')

    const res = await restoreWhole(s, await wholeBackup(s, original.id, original.viewToken))
    expect(res.status).toBe(201)
    const restored = (await res.json()) as { id: string; name: string; viewToken: string }
    expect(restored.name).toBe('Gebiedsbod Zuid')
    const reader = stockClient(s.syncUrl, restored.id, restored.viewToken)
    const readerTalk = stockClient(s.syncUrl, docKey(restored.id, 'discussion'), restored.viewToken)
    clients.push(reader, readerTalk)
    await Promise.all([synced(reader), synced(readerTalk)])
    expect(docContent(reader.doc)).toBe(docContent(editor.doc))
    expect(readThreads(readerTalk.doc).map((t) => t.root.text)).toEqual(['Waar komt het speelplein? @Bram'])
    expect(threadsOf(readerTalk.doc)).toBe(threadsOf(talk.doc))
  })

  it('refuses another file, a later format, or a backup whose plan is not a board, saying which', async () => {
    server = await startTestServer()
    const s = server
    const board = await s.createBoard({ name: 'Gebiedsbod Zuid' })
    const good = readBackup(await wholeBackup(s, board.id, board.editToken))
    const expectRefused = async (body: Uint8Array, message: RegExp, status = 400, code = 'invalid_state') => {
      const error = await expectApiError(await restoreWhole(s, body), status, code)
      expect(error.error.message).toMatch(message)
    }
    // A plan-only backup sent as a whole-board one.
    await expectRefused(
      good.state,
      /not a Gebiedsbord backup; send a file from GET \/api\/boards\/:id\/backup/,
    )
    const later = encoding.createEncoder()
    encoding.writeVarString(later, 'gebiedsbord-backup')
    encoding.writeVarUint(later, 2)
    await expectRefused(encoding.toUint8Array(later), /format 2/, 422, 'unsupported_schema')
    const plain = new Y.Doc()
    plain.getMap('notes').set('a', 1)
    await expectRefused(encodeBackup(Y.encodeStateAsUpdate(plain), good.discussion), /no board schema stamp/)
    await expectRefused(
      encodeBackup(good.state, Uint8Array.of(255, 255, 255, 1)),
      /discussion is not a Yjs update/,
    )
    // Nothing was created by the refusals: the one board is still the only one it counts.
    const health = (await (await fetch(`${s.url}/healthz`)).json()) as { boards: number }
    expect(health.boards).toBe(1)
  })
})
