import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../server/src/testing/testServer.ts'
import { SyncClient, until } from './client.ts'

let server: TestServer | undefined
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.stop()
  server = undefined
})

async function board(): Promise<{ edit: SyncClient; view: () => SyncClient }> {
  server = await startTestServer()
  const created = await server.createBoard()
  const syncUrl = server.syncUrl
  const open = (token: string) => {
    const c = new SyncClient({ base: syncUrl, room: created.id, token, envelope: 'y-websocket' })
    clients.push(c)
    return c
  }
  return { edit: open(created.editToken), view: () => open(created.viewToken) }
}

describe('the load generator client', () => {
  it('sends a change made through `change` and applies what the server relays', async () => {
    const { edit, view } = await board()
    const reader = view()
    await until(() => edit.synced && reader.synced, 'both clients to sync', 10_000)
    edit.change(() => edit.doc.getMap('bench').set('t', { n: 1 }))
    await until(() => reader.doc.getMap('bench').has('t'), 'the reader to get the change', 10_000)
    expect(reader.doc.getMap('bench').get('t')).toEqual({ n: 1 })
  })

  it('answers the server sync step 1 with what its doc holds', async () => {
    const { edit, view } = await board()
    // A change made before the socket opens is not sent as an update: only the answer to the
    // server's sync step 1 can bring it to the server.
    edit.doc.getArray<number>('seq').push([1, 2, 3])
    await until(() => edit.synced, 'the writer to sync', 10_000)
    const reader = view()
    await until(() => reader.doc.getArray('seq').length === 3, 'the reader to get the early change', 10_000)
    expect(reader.doc.getArray('seq').toArray()).toEqual([1, 2, 3])
  })

  it('encodes its doc updates only while making a change of its own', async () => {
    const { edit, view } = await board()
    const reader = view()
    await until(() => edit.synced && reader.synced, 'both clients to sync', 10_000)
    const listeners = (c: SyncClient) => c.doc._observers.get('update')?.size ?? 0
    edit.change(() => edit.doc.getMap('bench').set('t', 1))
    await until(() => reader.doc.getMap('bench').has('t'), 'the reader to get the change', 10_000)
    expect([listeners(edit), listeners(reader)]).toEqual([0, 0])
  })
})
