import { afterEach, describe, expect, it, vi } from 'vitest'
import { Awareness, encodeAwarenessUpdate, outdatedTimeout } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { RawClient, type StockClient, stockClient, synced } from '../testing/clients.ts'
import { awarenessFrame, readServerMessage } from '../testing/frames.ts'
import { memoryCore, rejectedUpdates } from '../testing/memory.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { PRESENCE_CHECK_MS, Presence, PresenceExpiry, type PresenceOwner } from './presence.ts'
import { CloseCode, MessageType } from './protocol.ts'

let server: TestServer | undefined
let clients: StockClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
})

const nameOf = (seen: StockClient, of: StockClient): string | undefined =>
  (seen.provider.awareness.getStates().get(of.doc.clientID) as { user?: { name: string } } | undefined)?.user
    ?.name

const rejectedForeign = (s: TestServer) => rejectedUpdates(s.metrics, 'foreign_awareness')

describe('presence belongs to the connection that announced it', () => {
  it('refuses a connection that sets another participant’s presence, and ignores one that clears it', async () => {
    server = await startTestServer()
    const s = server
    const board = await s.createBoard({ name: 'Bouwoverleg' })
    const presenter = stockClient(s.syncUrl, board.id, board.editToken)
    const follower = stockClient(s.syncUrl, board.id, board.viewToken)
    clients = [presenter, follower]
    await Promise.all([synced(presenter), synced(follower)])
    presenter.provider.awareness.setLocalStateField('user', { name: 'Marit' })
    await waitFor(() => nameOf(follower, presenter) === 'Marit', 'the presenter’s name at the follower')

    // A hostile viewer claims the presenter's client id: first a fake name, then a removal.
    for (const state of [{ user: { name: 'Nep' } }, null]) {
      const attacker = await RawClient.open(s.syncUrl, board.id, board.viewToken)
      const doc = new Y.Doc()
      doc.clientID = presenter.doc.clientID
      const awareness = new Awareness(doc)
      awareness.setLocalState(state === null ? { x: 1 } : state)
      // A high clock so that y-protocols would accept the state if the server let it through.
      ;(awareness.meta.get(doc.clientID) as { clock: number }).clock = 1_000
      if (state === null) awareness.setLocalState(null)
      attacker.send(awarenessFrame(awareness, [doc.clientID]))
      if (state === null) {
        // A removal is what a stock client sends when its own timer gave up on a quiet peer: it is
        // not applied (the presenter stays), and the sender is not closed for it.
        await waitFor(async () => (await rejectedForeign(s)) === 2, 'the removal to be ignored')
        expect(nameOf(follower, presenter)).toBe('Marit')
        attacker.close()
      } else expect((await attacker.closed()).code).toBe(CloseCode.Forbidden)
      awareness.destroy()
    }

    // The presenter is still there under its own name, and its own updates still arrive.
    presenter.provider.awareness.setLocalStateField('user', { name: 'Marit (presentator)' })
    await waitFor(() => nameOf(follower, presenter) === 'Marit (presentator)', 'the presenter’s next update')
    expect(presenter.closes).toEqual([])
    expect(follower.closes).toEqual([])
  })
})

describe('outdated presence', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** An owner that records what it is told, standing in for a connection. */
  const owner = (): PresenceOwner & { relayed: number[][] } => ({
    relayed: [],
    ownAwarenessClient() {},
    queueAwareness(clients) {
      this.relayed.push([...clients])
    },
  })

  it('removes states not renewed for 30 s and tells everyone, with one timer for every board', () => {
    vi.useFakeTimers()
    const expiry = new PresenceExpiry()
    const told: number[][] = []
    const boards = [new Presence((c) => told.push(c), expiry), new Presence((c) => told.push(c), expiry)]
    expect(vi.getTimerCount()).toBe(1)
    const cursors = boards.map(() => new Awareness(new Y.Doc()))
    boards.forEach((board, i) => {
      cursors[i]?.setLocalState({ cursor: i })
      board.apply(owner(), encodeAwarenessUpdate(cursors[i] as Awareness, [cursors[i]?.clientID as number]))
    })
    vi.advanceTimersByTime(outdatedTimeout - PRESENCE_CHECK_MS)
    expect(boards.map((b) => b.clients().length)).toEqual([1, 1])
    vi.advanceTimersByTime(2 * PRESENCE_CHECK_MS)
    expect(boards.map((b) => b.clients().length)).toEqual([0, 0])
    expect(told.sort()).toEqual(cursors.map((c) => [c.clientID]).sort())
    for (const c of cursors) c.destroy()
    for (const b of boards) b.destroy()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('is kept by a room only once someone announces presence', async () => {
    const core = memoryCore()
    try {
      const board = await core.boards.createEmpty({ name: 'Stil', frame: { kind: 'local' } })
      const reader = await core.open(board.id, board.viewToken)
      const speaker = await core.open(board.id, board.editToken)
      const room = await core.sync.rooms.loaded(board.id)
      expect(room?.hasPresence).toBe(false)
      const cursor = new Awareness(new Y.Doc())
      cursor.setLocalState({ cursor: 1 })
      speaker.receive(awarenessFrame(cursor))
      expect(room?.hasPresence).toBe(true)
      await waitFor(
        () => reader.sent.some((m) => readServerMessage(m).type === MessageType.awareness),
        'the cursor at the reader',
      )
      // A state that is not renewed is removed on the server's one timer, and everyone is told.
      const before = reader.sent.length
      room?.expirePresence(Date.now() + outdatedTimeout + 1)
      const removal = reader.sent.slice(before).map(readServerMessage)
      expect(removal.map((m) => m.type)).toEqual([MessageType.awareness])
      cursor.destroy()
    } finally {
      await core.close()
    }
  })
})
