import { afterEach, describe, expect, it } from 'vitest'
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { CreatedBoard } from '../boards.ts'
import { awarenessFrame, readServerMessage, updateFrame } from '../testing/frames.ts'
import { anUpdate, type MemoryCore, memoryCore, metricValue } from '../testing/memory.ts'
import { waitFor } from '../testing/wait.ts'
import { CloseCode, MessageType } from './protocol.ts'

let core: MemoryCore | undefined
afterEach(async () => {
  await core?.close()
  core = undefined
})

async function setup(options: Parameters<typeof memoryCore>[0] = {}) {
  core = memoryCore(options)
  const board = await core.boards.createEmpty({ name: 'Grenzen', frame: { kind: 'local' } })
  return { core, board }
}

const join = (c: MemoryCore, board: CreatedBoard, token = board.editToken) => c.open(board.id, token)

describe('limits', () => {
  it('closes a connection that sends updates faster than the rate with 4429', async () => {
    const { core: c, board } = await setup({ limits: { updateRate: 5, updateBurst: 10 }, now: () => 0 })
    const socket = await join(c, board)
    for (let i = 0; i < 10; i++) socket.receive(updateFrame(anUpdate(`k${i}`)))
    expect(socket.closeEvent).toBeUndefined()
    socket.receive(updateFrame(anUpdate('one-too-many')))
    expect(socket.closeEvent?.code).toBe(CloseCode.RateLimited)
  })

  it('processes messages sent before the board loaded, up to the queue bound', async () => {
    const { core: c, board } = await setup({ limits: { preloadQueueMessages: 5 } })
    const early = c.connect(board.id, board.editToken)
    const updates = Array.from({ length: 5 }, (_, i) => anUpdate(`early${i}`))
    for (const u of updates) early.receive(updateFrame(u))
    await waitFor(async () => (await c.storedUpdates(board.id)).length === 5, 'queued updates stored')
    expect(early.closeEvent).toBeUndefined()

    const flood = c.connect(board.id, board.editToken)
    for (let i = 0; i < 6; i++) flood.receive(updateFrame(anUpdate(`flood${i}`)))
    expect(flood.closeEvent?.code).toBe(CloseCode.RateLimited)
  })

  it('bounds the bytes queued before the board loaded by the message size limit', async () => {
    const { core: c, board } = await setup({ limits: { maxMessageBytes: 1000 } })
    const early = c.connect(board.id, board.editToken)
    early.receive(updateFrame(anUpdate('a', 'x'.repeat(600))))
    expect(early.closeEvent).toBeUndefined()
    early.receive(updateFrame(anUpdate('b', 'x'.repeat(600))))
    expect(early.closeEvent?.code).toBe(CloseCode.RateLimited)
  })

  it('does not parse what an unauthorised peer sent: it is closed for its token', async () => {
    const { core: c, board } = await setup()
    const socket = c.connect(board.id, 'wrong')
    socket.receive(new Uint8Array([0x80]))
    await waitFor(() => socket.closeEvent !== undefined, 'close')
    expect(socket.closeEvent?.code).toBe(CloseCode.Unauthorized)
    expect(c.logger.lines).toEqual([])
  })

  it('turns away connections beyond the per-board maximum with 1013', async () => {
    const { core: c, board } = await setup({ limits: { maxConnectionsPerBoard: 2 } })
    await join(c, board)
    await join(c, board)
    const third = await join(c, board)
    expect(third.closeEvent?.code).toBe(CloseCode.TryAgainLater)
    expect(third.sent).toEqual([])
  })

  it('refuses an update that would take the board over its size limit with 4507', async () => {
    const { core: c, board } = await setup({ limits: { maxBoardBytes: 2000 } })
    const socket = await join(c, board)
    socket.receive(updateFrame(anUpdate('small', 'x')))
    socket.receive(updateFrame(anUpdate('big', 'x'.repeat(3000))))
    await waitFor(() => socket.closeEvent !== undefined, 'close')
    expect(socket.closeEvent?.code).toBe(CloseCode.BoardTooBig)
    const stored = (await c.storedDoc(board.id)).getMap('test')
    expect([...stored.keys()]).toEqual(['small'])
  })

  it('disconnects a reader that falls too far behind with 1013', async () => {
    const { core: c, board } = await setup({ limits: { maxBufferedBytes: 100 } })
    const slow = await join(c, board)
    const writer = await join(c, board)
    slow.bufferedAmount = 1000
    writer.receive(updateFrame(anUpdate()))
    await waitFor(() => slow.closeEvent !== undefined, 'slow reader closed')
    expect(slow.closeEvent?.code).toBe(CloseCode.TryAgainLater)
    expect(writer.closeEvent).toBeUndefined()
  })

  it('throttles awareness relays but always delivers the latest state', async () => {
    const { core: c, board } = await setup({ limits: { awarenessRate: 5 } })
    const sender = await join(c, board)
    const watcher = await join(c, board)
    const presence = new Awareness(new Y.Doc())
    for (let i = 1; i <= 20; i++) {
      presence.setLocalState({ cursor: i })
      sender.receive(awarenessFrame(presence))
    }
    const seen = new Awareness(new Y.Doc())
    const applyAll = () => {
      for (const m of watcher.sent.map(readServerMessage).filter((x) => x.type === MessageType.awareness)) {
        applyAwarenessUpdate(seen, m.payload, 'server')
      }
      return seen.getStates().get(presence.clientID) as { cursor: number } | undefined
    }
    await waitFor(() => applyAll()?.cursor === 20, 'the last cursor position to arrive')
    const relays = watcher.sent.filter((m) => readServerMessage(m).type === MessageType.awareness).length
    expect(relays).toBeLessThan(20)
    expect(await metricValue(c.metrics, 'gebiedsbord_awareness_coalesced_total')).toBeGreaterThan(0)
    presence.destroy()
    seen.destroy()
  })
})
