import { readPlan, replacePlan, setBoard } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { CreatedBoard } from '../boards.ts'
import { step1Frame, updateFrame, updatesIn } from '../testing/frames.ts'
import { anUpdate, around, type MemoryCore, memoryCore, rejectedUpdates } from '../testing/memory.ts'
import { waitFor } from '../testing/wait.ts'
import { ServerChangeError } from './serverChange.ts'

let core: MemoryCore | undefined
afterEach(async () => {
  await core?.close()
  core = undefined
})

async function setup(options: Parameters<typeof memoryCore>[0] = {}) {
  core = memoryCore(options)
  const board = await core.boards.createEmpty({ name: 'Kern', frame: { kind: 'local' } })
  return { core, board }
}

/** A client socket that has synced: from here on every update it receives is a relay. */
async function synced(c: MemoryCore, board: CreatedBoard) {
  const socket = await c.open(board.id, board.editToken)
  socket.receive(step1Frame(new Y.Doc()))
  await waitFor(() => updatesIn(socket.sent).length === 1, 'sync step 2')
  return socket
}

/** What a client that applied every update the socket received would have. */
function clientDoc(sent: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const u of updatesIn(sent)) Y.applyUpdate(doc, u)
  return doc
}

const rename = (name: string) => (doc: Y.Doc) => setBoard(doc, { name })

describe('SyncServer.changeDoc', () => {
  it('stores the change, applies it and relays it to every connection', async () => {
    const { core: c, board } = await setup()
    const [a, b] = [await synced(c, board), await synced(c, board)]
    expect(await c.sync.changeDoc(board.id, rename('Door de server'))).toBe(true)
    for (const socket of [a, b]) {
      await waitFor(() => updatesIn(socket.sent).length === 2, 'the relay')
      expect(readPlan(clientDoc(socket.sent)).board.name).toBe('Door de server')
    }
    expect(readPlan(await c.storedDoc(board.id)).board.name).toBe('Door de server')
    expect(await c.sync.readDoc(board.id, (doc) => readPlan(doc).board.name)).toBe('Door de server')
  })

  it('relays nothing before storage has committed the change', async () => {
    let commit: (() => void) | undefined
    const { core: c, board } = await setup({
      wrap: (s) =>
        around(s, {
          appendUpdate: async (key, update) => {
            await new Promise<void>((resolve) => {
              commit = resolve
            })
            return s.appendUpdate(key, update)
          },
        }),
    })
    const reader = await synced(c, board)
    const changed = c.sync.changeDoc(board.id, rename('Later'))
    await waitFor(() => commit !== undefined, 'the append to start')
    expect(updatesIn(reader.sent)).toHaveLength(1)
    expect(await c.storedUpdates(board.id)).toEqual([])
    commit?.()
    await changed
    await waitFor(() => updatesIn(reader.sent).length === 2, 'the relay')
    expect(await c.storedUpdates(board.id)).toHaveLength(1)
  })

  it('loads a board that nobody has open, and a restart finds the change', async () => {
    const { core: c, board } = await setup()
    expect(c.sync.rooms.size).toBe(0)
    await c.sync.changeDoc(board.id, rename('Zonder publiek'))
    expect(readPlan(await c.storedDoc(board.id)).board.name).toBe('Zonder publiek')
    // The session's first checkpoint is the state before the change, as for a client's edit.
    const checkpoint = await c.storage.checkpointAtOrBefore(board.id, Number.MAX_SAFE_INTEGER)
    const before = new Y.Doc()
    Y.applyUpdate(before, checkpoint?.data as Uint8Array)
    expect(readPlan(before).board.name).toBe('Kern')
  })

  it('is queued behind client updates that arrived before it', async () => {
    const { core: c, board } = await setup()
    const writer = await synced(c, board)
    writer.receive(updateFrame(anUpdate('client')))
    await c.sync.changeDoc(board.id, (doc) => {
      expect(doc.getMap('test').get('client')).toBe(1)
      setBoard(doc, { name: 'Erna' })
    })
    expect((await c.storedDoc(board.id)).getMap('test').get('client')).toBe(1)
  })

  it('writes nothing for a change that changes nothing or throws', async () => {
    const { core: c, board } = await setup()
    const reader = await synced(c, board)
    // Restoring the plan the board has: no write at all.
    expect(await c.sync.changeDoc(board.id, (doc) => replacePlan(doc, readPlan(doc)))).toBe(true)
    await expect(
      c.sync.changeDoc(board.id, (doc) => {
        setBoard(doc, { name: 'half' })
        throw new RangeError('bad plan')
      }),
    ).rejects.toThrow('bad plan')
    // The queue goes on after a failed change.
    await c.sync.changeDoc(board.id, rename('Daarna'))
    expect((await c.storedUpdates(board.id)).length).toBe(1)
    await waitFor(() => updatesIn(reader.sent).length === 2, 'the one relay')
    expect(readPlan(clientDoc(reader.sent)).board.name).toBe('Daarna')
  })

  it('answers false for a board that does not exist', async () => {
    const { core: c } = await setup()
    expect(await c.sync.changeDoc('AAAAAAAAAAAAAAAA', rename('x'))).toBe(false)
    expect(c.sync.rooms.size).toBe(0)
  })

  it('refuses a change over the board size limit, leaving the board as it was', async () => {
    const { core: c, board } = await setup({ limits: { maxBoardBytes: 2_000 } })
    const reader = await synced(c, board)
    const change = c.sync.changeDoc(board.id, rename('x'.repeat(5_000)))
    await expect(change).rejects.toBeInstanceOf(ServerChangeError)
    await expect(change).rejects.toMatchObject({ reason: 'board_too_big' })
    expect(await c.storedUpdates(board.id)).toEqual([])
    expect(updatesIn(reader.sent)).toHaveLength(1)
    expect(reader.closeEvent).toBeUndefined()
    expect(await rejectedUpdates(c.metrics, 'board_too_big')).toBe(1)
  })

  it('refuses a change storage cannot take, and the connections stay open', async () => {
    const { core: c, board } = await setup({
      wrap: (s) => around(s, { appendUpdate: async () => Promise.reject(new Error('disk full')) }),
    })
    const reader = await synced(c, board)
    await expect(c.sync.changeDoc(board.id, rename('Nee'))).rejects.toMatchObject({ reason: 'storage_error' })
    expect(reader.closeEvent).toBeUndefined()
    expect(await c.sync.readDoc(board.id, (doc) => readPlan(doc).board.name)).toBe('Kern')
  })
})
