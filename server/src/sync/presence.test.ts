import { afterEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { RawClient, type StockClient, stockClient, synced } from '../testing/clients.ts'
import { awarenessFrame } from '../testing/frames.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { CloseCode } from './protocol.ts'

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

describe('presence belongs to the connection that announced it', () => {
  it('refuses a connection that sets or clears another participant’s presence', async () => {
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
      expect((await attacker.closed()).code).toBe(CloseCode.Forbidden)
      awareness.destroy()
    }

    // The presenter is still there under its own name, and its own updates still arrive.
    presenter.provider.awareness.setLocalStateField('user', { name: 'Marit (presentator)' })
    await waitFor(() => nameOf(follower, presenter) === 'Marit (presentator)', 'the presenter’s next update')
    expect(presenter.closes).toEqual([])
    expect(follower.closes).toEqual([])
  })
})
