import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { SyncStep } from '../sync/protocol.ts'
import { RawClient } from '../testing/clients.ts'
import { readServerMessage, updateFrame } from '../testing/frames.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer | undefined
let clients: RawClient[] = []
afterEach(async () => {
  for (const c of clients) c.close()
  clients = []
  await server?.stop()
  server = undefined
})

/** An update that sets one key to a string of `length` characters. */
function updateOfSize(length: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('test').set(`k${length}`, 'x'.repeat(length))
  return Y.encodeStateAsUpdate(doc)
}

describe('the WebSocket endpoint', () => {
  it('relays every update intact to every reader, small and large', async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const writer = await RawClient.open(server.syncUrl, board.id, board.editToken)
    const readers = await Promise.all(
      [1, 2, 3].map(() => RawClient.open(server?.syncUrl ?? '', board.id, board.viewToken)),
    )
    clients = [writer, ...readers]
    // Up to 16 KiB a relay is one shared frame per reader (7- and 16-bit lengths); above, `ws.send`.
    const updates = [10, 200, 5_000, 16_300, 20_000, 70_000].map(updateOfSize)
    for (const u of updates) writer.send(updateFrame(u))
    const relayed = (c: RawClient) =>
      c.messages.map(readServerMessage).filter((m) => m.step === SyncStep.update)
    for (const reader of readers) {
      await reader.until(() => relayed(reader).length === updates.length, 'every relay')
      expect(relayed(reader).map((m) => [...m.payload])).toEqual(updates.map((u) => [...u]))
    }
  })

  it('upgrades the discussion path of a board, and answers any other path with 404', async () => {
    server = await startTestServer()
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/elsewhere`)
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode))
      ws.on('open', () => resolve(undefined))
      ws.on('error', () => {})
    })
    expect(status).toBe(404)
    ws.terminate()
    const board = await server.createBoard()
    const discussion = await RawClient.open(server.syncUrl, `${board.id}/discussion`, board.viewToken)
    clients.push(discussion)
    await discussion.until(() => discussion.messages.length > 0, 'the discussion to answer')
  })
})
