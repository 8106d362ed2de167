import {
  addBlock,
  addComment,
  asAreaId,
  asCommentId,
  type BlockId,
  blocksMap,
  commentsMap,
  discussionMetaMap,
  readThreads,
  rectangle,
} from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docKey } from '../storage/storage.ts'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { rejectedUpdates } from '../testing/memory.ts'
import { storedDoc } from '../testing/stored.ts'
import { startTestServer, type TestServer, tempDir } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'

let servers: TestServer[] = []
let clients: StockClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  for (const s of servers) await s.stop()
  servers = []
})

const rejected = (s: TestServer, reason: string) => rejectedUpdates(s.metrics, reason)

function client(s: TestServer, room: string, token: string): StockClient {
  const c = stockClient(s.syncUrl, room, token)
  clients.push(c)
  return c
}

const setViewerComments = (s: TestServer, id: string, token: string, on: boolean) =>
  fetch(`${s.url}/api/boards/${id}/settings?token=${token}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ viewerComments: on }),
  })

const comment = (doc: Y.Doc, id: string, name: string, text: string) =>
  addComment(
    doc,
    {
      id: asCommentId(id),
      author: { name },
      text,
      target: { kind: 'rule', area: asAreaId('a1'), rule: 'green-per-dwelling' },
    },
    Date.now(),
  )

describe('the discussion doc of a board', () => {
  it('takes comments from viewers only while the board allows it, and never a plan change', async () => {
    const s = await startTestServer()
    servers.push(s)
    const board = await s.createBoard({ name: 'Bouwoverleg' })
    const room = docKey(board.id, 'discussion')
    const editor = client(s, room, board.editToken)
    const viewer = client(s, room, board.viewToken)
    await Promise.all([synced(editor), synced(viewer)])
    // The server stamped the new discussion itself.
    expect(discussionMetaMap(viewer.doc).get('schemaVersion')).toBe(1)

    comment(viewer.doc, 'c-viewer-1', 'Bewoner', 'Waarom faalt groen hier?')
    await waitFor(async () => (await rejected(s, 'read_only')) === 1, 'the viewer comment to be refused')
    expect(commentsMap(editor.doc).size).toBe(0)

    // Only the edit token may change the setting; the board's metadata shows it.
    expect((await setViewerComments(s, board.id, board.viewToken, true)).status).toBe(403)
    const ok = await setViewerComments(s, board.id, board.editToken, true)
    expect(await ok.json()).toMatchObject({ settings: { viewerComments: true } })
    const info = (await (await fetch(`${s.url}/api/boards/${board.id}?token=${board.viewToken}`)).json()) as {
      settings: unknown
    }
    expect(info.settings).toEqual({ viewerComments: true })

    // A refused client's later updates build on what was refused, so it starts again from the
    // server's state (as the web client does when told of a refusal).
    const again = client(s, room, board.viewToken)
    await synced(again)
    comment(again.doc, 'c-viewer-2', 'Bewoner', 'En de speelplek?')
    await waitFor(() => commentsMap(editor.doc).has('c-viewer-2'), 'the editor to receive the viewer comment')
    expect(readThreads(await storedDoc(s.storage, room)).map((t) => t.root.text)).toContain(
      'En de speelplek?',
    )

    // The schema stamp is not a comment: refused, not relayed, not stored.
    discussionMetaMap(again.doc).set('schemaVersion', 99)
    await waitFor(
      async () => (await rejected(s, 'viewer_outside_comments')) === 1,
      'the stamp change to be refused',
    )
    expect(discussionMetaMap(editor.doc).get('schemaVersion')).toBe(1)
    expect(discussionMetaMap(await storedDoc(s.storage, room)).get('schemaVersion')).toBe(1)

    // The plan stays the editors' own, whatever the setting.
    const planViewer = client(s, board.id, board.viewToken)
    await synced(planViewer)
    addBlock(planViewer.doc, {
      id: 'fromViewer000001' as BlockId,
      kind: 'green',
      use: 'park',
      x: 0,
      y: 0,
      rotation: 0,
      shape: rectangle(10, 10),
      floors: 1,
    })
    await waitFor(async () => (await rejected(s, 'read_only')) === 2, 'the viewer plan edit to be refused')
    expect(blocksMap(await storedDoc(s.storage, board.id)).size).toBe(0)

    // Switched off again: the next viewer comment is refused (and the viewer told again).
    expect((await setViewerComments(s, board.id, board.editToken, false)).status).toBe(200)
    const third = client(s, room, board.viewToken)
    await synced(third)
    comment(third.doc, 'c-viewer-3', 'Bewoner', 'Nog één')
    await waitFor(async () => (await rejected(s, 'read_only')) === 3, 'the comment to be refused again')
    expect(commentsMap(await storedDoc(s.storage, room)).has('c-viewer-3')).toBe(false)
  })

  it('answers a bad settings body with what is wrong', async () => {
    const s = await startTestServer()
    servers.push(s)
    const board = await s.createBoard()
    const res = await fetch(`${s.url}/api/boards/${board.id}/settings?token=${board.editToken}`, {
      method: 'PUT',
      body: JSON.stringify({ viewerComments: 'ja' }),
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('viewerComments')
  })
})

describe('the session timeline', () => {
  it('lists who joined and left, and replays the plan as it was before and after a session', async () => {
    const dataDir = tempDir()
    const first = await startTestServer({ dataDir })
    const board = await first.createBoard({ name: 'Werksessie' })
    const started = Date.now()
    const anna = stockClient(first.syncUrl, board.id, board.editToken)
    const bram = stockClient(first.syncUrl, board.id, board.viewToken)
    clients.push(anna, bram)
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna (gemeente)' })
    bram.provider.awareness.setLocalStateField('user', { name: 'Bram' })
    await Promise.all([synced(anna), synced(bram)])
    addBlock(anna.doc, {
      id: 'parkAtTheSquare1' as BlockId,
      kind: 'green',
      use: 'park',
      x: 5,
      y: 5,
      rotation: 0,
      shape: rectangle(20, 20),
      floors: 1,
    })
    await waitFor(() => blocksMap(bram.doc).has('parkAtTheSquare1'), 'Bram to see the park')
    bram.destroy()
    anna.destroy()
    clients = []
    await first.close()

    const s = await startTestServer({ dataDir })
    servers.push(s)
    const q = `token=${board.viewToken}&from=${started - 1000}&to=${Date.now() + 1000}`
    const timeline = (await (await fetch(`${s.url}/api/boards/${board.id}/timeline?${q}`)).json()) as {
      events: { kind: string; name: string; access: string }[]
      checkpoints: { at: number }[]
    }
    const who = timeline.events.map(
      (e: { kind: string; name: string; access: string }) => `${e.kind} ${e.name} ${e.access}`,
    )
    expect(who.slice(0, 2).sort()).toEqual(['joined Anna (gemeente) edit', 'joined Bram view'])
    expect(who.slice(2).sort()).toEqual(['left Anna (gemeente) edit', 'left Bram view'])
    // One checkpoint before the first change, one when the board was unloaded after it.
    expect(timeline.checkpoints).toHaveLength(2)
    const [before = 0, after = 0] = timeline.checkpoints.map((c) => c.at)
    const planAt = async (at: number) => {
      const res = await fetch(`${s.url}/api/boards/${board.id}/state?token=${board.viewToken}&at=${at}`)
      expect(res.headers.get('content-type')).toBe('application/octet-stream')
      const doc = new Y.Doc()
      Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()))
      return blocksMap(doc)
    }
    expect((await planAt(before)).has('parkAtTheSquare1')).toBe(false)
    expect((await planAt(after)).has('parkAtTheSquare1')).toBe(true)
    const early = await fetch(
      `${s.url}/api/boards/${board.id}/state?token=${board.viewToken}&at=${started - 60_000}`,
    )
    expect(early.status).toBe(404)
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('no_checkpoint')
    const bad = await fetch(`${s.url}/api/boards/${board.id}/timeline?token=${board.viewToken}&from=1e3&to=5`)
    expect(bad.status).toBe(400)
  })
})
