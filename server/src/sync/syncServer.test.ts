import { afterEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { CreatedBoard } from '../boards.ts'
import {
  awarenessFrame,
  readServerMessage,
  step1Frame,
  step2Frame,
  updateFrame,
  updatesIn,
} from '../testing/frames.ts'
import {
  anUpdate,
  around,
  type MemoryCore,
  memoryCore,
  metricValue,
  rejectedUpdates,
} from '../testing/memory.ts'
import { waitFor } from '../testing/wait.ts'
import { CloseCode, MessageType, SyncStep } from './protocol.ts'

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

/** Connects to a board, with its edit token unless told otherwise. */
const join = (c: MemoryCore, board: CreatedBoard, token = board.editToken) => c.open(board.id, token)

describe('connecting', () => {
  it('closes an unknown board with 4404 and sends nothing', async () => {
    const { core: c, board } = await setup()
    for (const id of ['AAAAAAAAAAAAAAAA', 'not-an-id', '']) {
      const socket = await c.open(id, board.editToken)
      expect(socket.closeEvent?.code).toBe(CloseCode.NotFound)
      expect(socket.sent).toEqual([])
    }
  })

  it('closes a missing or wrong token with 4401 and sends nothing', async () => {
    const { core: c, board } = await setup()
    for (const token of [undefined, '', 'wrong', `${board.editToken}x`]) {
      const socket = await c.open(board.id, token)
      expect(socket.closeEvent?.code).toBe(CloseCode.Unauthorized)
      expect(socket.sent).toEqual([])
    }
  })

  it('greets both tokens with sync step 1 and answers step 1 with the board', async () => {
    const { core: c, board } = await setup()
    for (const token of [board.editToken, board.viewToken]) {
      const socket = await join(c, board, token)
      expect(readServerMessage(socket.sent[0] as Uint8Array)).toMatchObject({
        type: MessageType.sync,
        step: SyncStep.step1,
      })
      socket.receive(step1Frame(new Y.Doc()))
      await waitFor(() => updatesIn(socket.sent).length === 1, 'sync step 2')
      const doc = new Y.Doc()
      Y.applyUpdate(doc, updatesIn(socket.sent)[0] as Uint8Array)
      expect(doc.getMap('board').get('name')).toBe('Kern')
    }
  })
})

describe('editing', () => {
  it('stores an update before relaying it, and relays it to the others only', async () => {
    let openGate = () => {}
    const gate = new Promise<void>((resolve) => {
      openGate = resolve
    })
    let appending = false
    const { core: c, board } = await setup({
      wrap: (s) =>
        around(s, {
          appendUpdate: async (id, update) => {
            appending = true
            await gate
            return s.appendUpdate(id, update)
          },
        }),
    })
    const a = await join(c, board)
    const b = await join(c, board)
    const update = anUpdate()
    a.receive(updateFrame(update))
    // The append has started and is held at the gate: nothing may be relayed yet.
    await waitFor(() => appending, 'the append to start')
    expect(updatesIn(b.sent)).toEqual([])
    openGate()
    await waitFor(() => updatesIn(b.sent).length === 1, 'the relay')
    expect(updatesIn(b.sent)[0]).toEqual(update)
    expect(updatesIn(a.sent)).toEqual([])
    expect(await c.storedUpdates(board.id)).toEqual([update])
    expect(await metricValue(c.metrics, 'gebiedsbord_updates_in_total')).toBe(1)
  })

  it('neither stores nor relays an update that changes nothing', async () => {
    const { core: c, board } = await setup()
    const a = await join(c, board)
    const b = await join(c, board)
    const update = anUpdate()
    a.receive(updateFrame(update))
    a.receive(step2Frame(update))
    a.receive(step2Frame(Y.encodeStateAsUpdate(new Y.Doc())))
    await c.sync.readDoc(board.id, () => undefined)
    expect(await c.storedUpdates(board.id)).toHaveLength(1)
    expect(updatesIn(b.sent)).toHaveLength(1)
  })

  it('closes the sender with 1011 and relays nothing when storage fails', async () => {
    const { core: c, board } = await setup({
      wrap: (s) => around(s, { appendUpdate: async () => Promise.reject(new Error('disk full')) }),
    })
    const a = await join(c, board)
    const b = await join(c, board)
    a.receive(updateFrame(anUpdate()))
    await waitFor(() => a.closeEvent !== undefined, 'sender closed')
    expect(a.closeEvent?.code).toBe(CloseCode.InternalError)
    expect(updatesIn(b.sent)).toEqual([])
    expect(b.closeEvent).toBeUndefined()
    const doc = await c.sync.readDoc(board.id, (d) => d.getMap('test').size)
    expect(doc).toBe(0)
  })

  it('relays updates that arrive together on two boards only once both are stored', async () => {
    const events: string[] = []
    const { core: c, board } = await setup({
      wrap: (s) =>
        around(s, {
          appendUpdate: async (id, update) => {
            const seq = await s.appendUpdate(id, update)
            events.push(`stored ${id}`)
            return seq
          },
        }),
    })
    const other = await c.boards.createEmpty({ name: 'Tweede', frame: { kind: 'local' } })
    const [writerA, readerA, writerB, readerB] = [
      await join(c, board),
      await join(c, board),
      await join(c, other),
      await join(c, other),
    ]
    for (const [reader, id] of [
      [readerA, board.id],
      [readerB, other.id],
    ] as const) {
      const send = reader.send.bind(reader)
      reader.send = (message) => {
        if (readServerMessage(message).step === SyncStep.update) events.push(`relayed ${id}`)
        send(message)
      }
    }
    const [a, b] = [anUpdate('a'), anUpdate('b')]
    writerA.receive(updateFrame(a))
    writerB.receive(updateFrame(b))
    await waitFor(() => events.length === 4, 'both updates stored and relayed')
    expect(events.slice(0, 2).sort()).toEqual([`stored ${board.id}`, `stored ${other.id}`].sort())
    expect(events.slice(2).sort()).toEqual([`relayed ${board.id}`, `relayed ${other.id}`].sort())
    expect(await c.storedUpdates(board.id)).toEqual([a])
    expect(await c.storedUpdates(other.id)).toEqual([b])
  })

  it('closes every sender with 1011 and relays nothing when appends that arrived together fail', async () => {
    const { core: c, board } = await setup({
      wrap: (s) => around(s, { appendUpdate: async () => Promise.reject(new Error('disk full')) }),
    })
    const other = await c.boards.createEmpty({ name: 'Tweede', frame: { kind: 'local' } })
    const [writerA, readerA, writerB, readerB] = [
      await join(c, board),
      await join(c, board),
      await join(c, other),
      await join(c, other),
    ]
    writerA.receive(updateFrame(anUpdate('a')))
    writerB.receive(updateFrame(anUpdate('b')))
    await waitFor(
      () => writerA.closeEvent !== undefined && writerB.closeEvent !== undefined,
      'senders closed',
    )
    expect([writerA.closeEvent?.code, writerB.closeEvent?.code]).toEqual([
      CloseCode.InternalError,
      CloseCode.InternalError,
    ])
    expect([...updatesIn(readerA.sent), ...updatesIn(readerB.sent)]).toEqual([])
    expect(await rejectedUpdates(c.metrics, 'storage_error')).toBe(2)
  })

  it('drops an update that decodes but that Yjs cannot integrate, and keeps serving', async () => {
    const { core: c, board } = await setup()
    const a = await join(c, board)
    const b = await join(c, board)
    const before = Y.encodeStateAsUpdate(await c.storedDoc(board.id))
    // One item whose origin is itself: Y.decodeUpdate accepts it, Y.applyUpdate throws.
    a.receive(updateFrame(Buffer.from('01010200a80200017d020101010001', 'hex')))
    await waitFor(() => a.closeEvent !== undefined, 'sender closed')
    expect(a.closeEvent?.code).toBe(CloseCode.BadMessage)
    await c.sync.readDoc(board.id, () => undefined)
    expect(await c.storedUpdates(board.id)).toEqual([])
    expect(Y.encodeStateAsUpdate(await c.storedDoc(board.id))).toEqual(before)
    const c2 = await join(c, board)
    const update = anUpdate()
    c2.receive(updateFrame(update))
    await waitFor(() => updatesIn(b.sent).length === 1, 'relay after the bad update')
    expect(updatesIn(b.sent)).toEqual([update])
  })
})

describe('unloading', () => {
  it('makes a connection that arrives during an unload wait, then load the stored state', async () => {
    let openGate = () => {}
    const gate = new Promise<void>((resolve) => {
      openGate = resolve
    })
    let compacting = false
    const { core: c, board } = await setup({
      limits: { idleUnloadMs: 0 },
      wrap: (s) =>
        around(s, {
          compact: async (id, snapshot, through) => {
            compacting = true
            await gate
            return s.compact(id, snapshot, through)
          },
        }),
    })
    const first = await join(c, board)
    const update = anUpdate('kept')
    first.receive(updateFrame(update))
    await waitFor(async () => (await c.storedUpdates(board.id)).length === 1, 'the update stored')
    first.events.close()
    await waitFor(() => compacting, 'the idle board to start unloading')

    const second = c.connect(board.id, board.viewToken)
    await new Promise((r) => setImmediate(r))
    expect(second.sent).toEqual([])
    openGate()
    await waitFor(() => second.sent.length > 0, 'the second connection to be greeted')
    second.receive(step1Frame(new Y.Doc()))
    await waitFor(() => updatesIn(second.sent).length === 1, 'the board')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, updatesIn(second.sent)[0] as Uint8Array)
    expect(doc.getMap('test').get('kept')).toBe(1)
    expect(await metricValue(c.metrics, 'gebiedsbord_rooms_loaded')).toBe(1)
  })
})

describe('view token', () => {
  it('rejects a viewer’s update: not applied, stored or relayed, but counted', async () => {
    const { core: c, board } = await setup()
    const viewer = await join(c, board, board.viewToken)
    const editor = await join(c, board)
    viewer.receive(updateFrame(anUpdate('viewer')))
    viewer.receive(updateFrame(anUpdate('viewer2')))
    await waitFor(async () => (await rejectedUpdates(c.metrics, 'read_only')) === 2, 'two rejected updates')
    expect(viewer.closeEvent).toBeUndefined()
    const denied = viewer.sent.map(readServerMessage).filter((m) => m.type === MessageType.auth)
    expect(denied).toHaveLength(1)
    expect(updatesIn(editor.sent)).toEqual([])
    expect(await c.storedUpdates(board.id)).toEqual([])
    expect(await c.sync.readDoc(board.id, (d) => d.getMap('test').size)).toBe(0)
  })

  it('does not count a viewer’s sync step 2 that brings nothing new', async () => {
    const { core: c, board } = await setup()
    const viewer = await join(c, board, board.viewToken)
    viewer.receive(step2Frame(Y.encodeStateAsUpdate(new Y.Doc())))
    viewer.receive(step2Frame(Y.encodeStateAsUpdate(await c.storedDoc(board.id))))
    await c.sync.readDoc(board.id, () => undefined)
    expect(await rejectedUpdates(c.metrics)).toBe(0)
    expect(viewer.sent.map(readServerMessage).filter((m) => m.type === MessageType.auth)).toEqual([])
  })

  it('relays a viewer’s awareness', async () => {
    const { core: c, board } = await setup()
    const viewer = await join(c, board, board.viewToken)
    const editor = await join(c, board)
    const presence = new Awareness(new Y.Doc())
    presence.setLocalState({ user: 'wethouder' })
    viewer.receive(awarenessFrame(presence))
    await waitFor(
      () => editor.sent.some((m) => readServerMessage(m).type === MessageType.awareness),
      'awareness relay',
    )
    presence.destroy()
  })
})

describe('malformed input', () => {
  const garbage: [string, Uint8Array | string][] = [
    ['a text frame', 'hello'],
    ['an empty frame', new Uint8Array()],
    ['a truncated varint', new Uint8Array([0x80])],
    ['an unknown message type', new Uint8Array([7, 0])],
    ['an unknown sync step', new Uint8Array([0, 9, 0])],
    ['a sync message with a truncated payload', new Uint8Array([0, 2, 10, 1, 2])],
    ['random bytes as an update', updateFrame(new Uint8Array([1, 200, 3, 4, 5, 6, 7]))],
    ['trailing bytes', new Uint8Array([...updateFrame(anUpdate()), 0])],
    ['awareness that is not JSON', new Uint8Array([1, 5, 1, 1, 1, 1, 123])],
    ['awareness nested too deeply', deepAwareness()],
  ]

  it.each(garbage)(
    'closes %s with 4400 and one log line, and keeps serving the others',
    async (_what, frame) => {
      const { core: c, board } = await setup()
      const bad = await join(c, board)
      const good = await join(c, board)
      const before = await c.storedUpdates(board.id)
      bad.receive(frame)
      expect(bad.closeEvent?.code).toBe(CloseCode.BadMessage)
      expect(c.logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1)
      good.receive(step1Frame(new Y.Doc()))
      await waitFor(() => updatesIn(good.sent).length === 1, 'the other socket to be answered')
      expect(await c.storedUpdates(board.id)).toEqual(before)
    },
  )

  it('closes a message over the size limit with 4413', async () => {
    const { core: c, board } = await setup({ limits: { maxMessageBytes: 1000 } })
    const socket = await join(c, board)
    socket.receive(updateFrame(anUpdate('big', 'x'.repeat(2000))))
    expect(socket.closeEvent?.code).toBe(CloseCode.MessageTooBig)
  })
})

function deepAwareness(): Uint8Array {
  const presence = new Awareness(new Y.Doc())
  let state: unknown = 'x'
  for (let i = 0; i < 100; i++) state = [state]
  presence.setLocalState({ deep: state })
  const frame = awarenessFrame(presence)
  presence.destroy()
  return frame
}
