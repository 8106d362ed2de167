import { readPlan, seededRandom } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RawClient, type StockClient, stockClient, synced } from '../testing/clients.ts'
import { randomEdit } from '../testing/edits.ts'
import { readServerMessage } from '../testing/frames.ts'
import { metricValue } from '../testing/memory.ts'
import { storedDoc } from '../testing/stored.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { MessageType, SyncStep } from './protocol.ts'

let server: TestServer | undefined
let clients: StockClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
})

const planOf = (doc: Y.Doc) => JSON.stringify(readPlan(doc))

async function storedPlan(s: TestServer, boardId: string): Promise<{ plan: string; logLength: number }> {
  const doc = await storedDoc(s.storage, boardId)
  const plan = planOf(doc)
  doc.destroy()
  return { plan, logLength: (await s.storage.loadState(boardId))?.updates.length ?? 0 }
}

/**
 * Starts a server that unloads idle boards at once, makes a board with 30 seeded random edits,
 * waits until they are stored, lets the board go idle and waits until it is unloaded (compacted).
 * `random` is the edits' generator, for more edits in the same sequence.
 */
async function unloadedBoard(name: string, seed: number) {
  server = await startTestServer({ limits: { idleUnloadMs: 50 } })
  const s = server
  const board = await s.createBoard({ name })
  const writer = stockClient(s.syncUrl, board.id, board.editToken)
  clients.push(writer)
  await synced(writer)
  const random = seededRandom(seed)
  for (let i = 0; i < 30; i++) randomEdit(writer.doc, random)
  const written = planOf(writer.doc)
  await waitFor(async () => (await storedPlan(s, board.id)).plan === written, 'the edits to be stored')
  writer.destroy()
  clients = []
  await waitFor(() => s.sync.rooms.size === 0, 'the idle board to be unloaded')
  return { s, board, written, random }
}

describe('rooms', () => {
  it('unloads an idle board only after storing it, and reloads the same state', async () => {
    server = await startTestServer({ limits: { idleUnloadMs: 50 } })
    const s = server
    const board = await s.createBoard({ name: 'Leeg' })
    const writer = stockClient(s.syncUrl, board.id, board.editToken)
    clients.push(writer)
    await synced(writer)
    const random = seededRandom(7)
    for (let i = 0; i < 30; i++) randomEdit(writer.doc, random)
    const written = planOf(writer.doc)
    await waitFor(async () => (await storedPlan(s, board.id)).plan === written, 'the edits to be stored')
    expect(s.sync.rooms.size).toBe(1)

    writer.destroy()
    clients = []
    await waitFor(() => s.sync.rooms.size === 0, 'the idle board to be unloaded')
    // Unloading compacted the log into the snapshot.
    expect(await storedPlan(s, board.id)).toEqual({ plan: written, logLength: 0 })

    const reader = stockClient(s.syncUrl, board.id, board.viewToken)
    clients.push(reader)
    await synced(reader)
    expect(planOf(reader.doc)).toBe(written)
    expect(s.sync.rooms.size).toBe(1)
  })

  it('serves a reloaded board from its snapshot and builds the doc only for a change', async () => {
    const { s, board, written, random } = await unloadedBoard('Lui', 8)

    // Readers, and an editor who only syncs, are served without decoding the board.
    const reader = stockClient(s.syncUrl, board.id, board.viewToken)
    const editor = stockClient(s.syncUrl, board.id, board.editToken)
    clients.push(reader, editor)
    await Promise.all([synced(reader), synced(editor)])
    expect(planOf(reader.doc)).toBe(written)
    expect(planOf(editor.doc)).toBe(written)
    const room = await s.sync.rooms.loaded(board.id)
    await room?.drain()
    expect(room?.built).toBe(false)
    // Unloading compacted the board with its state vector, the same as a doc built from the
    // snapshot has (that the room announces the stored one is the next test).
    const stored = await s.storage.loadState(board.id)
    expect(stored?.updates).toHaveLength(0)
    expect(Buffer.from(stored?.stateVector ?? [])).toEqual(Buffer.from(Y.encodeStateVector(reader.doc)))

    // An edit builds the doc; it is stored before the reader gets it, as always.
    randomEdit(editor.doc, random)
    await waitFor(() => planOf(reader.doc) === planOf(editor.doc), 'the edit to be relayed')
    expect(room?.built).toBe(true)
    expect((await storedPlan(s, board.id)).plan).toBe(planOf(editor.doc))
  })

  it('announces the state vector stored beside the snapshot, without working it out again', async () => {
    const { s, board, written } = await unloadedBoard('Vector', 21)

    // A stored vector that understates the snapshot (safe: the room then builds the doc for any
    // update it cannot place) and differs from what the snapshot's structs say.
    const stored = await s.storage.loadState(board.id)
    const understated = Y.encodeStateVector(new Y.Doc())
    expect(Buffer.from(stored?.stateVector ?? [])).not.toEqual(Buffer.from(understated))
    await s.storage.compact(board.id, stored?.snapshot as Uint8Array, 0, understated)

    const raw = await RawClient.open(s.syncUrl, board.id, board.viewToken)
    try {
      const step1 = () =>
        raw.messages
          .map(readServerMessage)
          .find((m) => m.type === MessageType.sync && m.step === SyncStep.step1)
      await raw.until(() => step1() !== undefined, "the server's sync step 1")
      expect(Buffer.from(step1()?.payload ?? [])).toEqual(Buffer.from(understated))
    } finally {
      raw.close()
    }
    // Clients still get the whole board.
    const reader = stockClient(s.syncUrl, board.id, board.viewToken)
    clients.push(reader)
    await synced(reader)
    expect(planOf(reader.doc)).toBe(written)
  })

  it('compacts the update log into one snapshot while clients keep editing', async () => {
    server = await startTestServer({ limits: { compactAfterUpdates: 10 } })
    const s = server
    const board = await s.createBoard({ name: 'Compact' })
    const a = stockClient(s.syncUrl, board.id, board.editToken)
    const b = stockClient(s.syncUrl, board.id, board.editToken)
    clients.push(a, b)
    await Promise.all([synced(a), synced(b)])
    const random = seededRandom(11)
    for (let round = 0; round < 9; round++) {
      for (let i = 0; i < 5; i++) randomEdit(i % 2 ? a.doc : b.doc, random)
      await waitFor(
        async () => planOf(a.doc) === planOf(b.doc) && (await storedPlan(s, board.id)).plan === planOf(a.doc),
        'clients and storage to agree',
      )
    }
    expect(await metricValue(s.metrics, 'gebiedsbord_compactions_total')).toBeGreaterThanOrEqual(3)
    expect((await storedPlan(s, board.id)).logLength).toBeLessThan(10)

    // A client that joins after compaction gets the whole board.
    const late = stockClient(s.syncUrl, board.id, board.viewToken)
    clients.push(late)
    await synced(late)
    expect(planOf(late.doc)).toBe(planOf(a.doc))
  })
})
