import { addBlock, type BlockId, blocksMap, rectangle } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { rejectedUpdates } from '../testing/memory.ts'
import { storedDoc } from '../testing/stored.ts'
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

const block = (id: string, x: number) => ({
  id: id as BlockId,
  kind: 'green' as const,
  use: 'park' as const,
  x,
  y: 0,
  rotation: 0,
  shape: rectangle(10, 10),
  floors: 1,
})

/** Writes refused because they came with the view token. */
const rejectedReadOnly = (s: TestServer): Promise<number> => rejectedUpdates(s.metrics, 'read_only')

describe('a stock client with the view token', () => {
  it('reads and shares presence, but its edits are never applied, stored or relayed', async () => {
    server = await startTestServer()
    const s = server
    const board = await s.createBoard({ name: 'Bouwoverleg' })
    const editor = stockClient(s.syncUrl, board.id, board.editToken)
    const viewer = stockClient(s.syncUrl, board.id, board.viewToken)
    clients = [editor, viewer]
    await Promise.all([synced(editor), synced(viewer)])
    // The viewer's own sync step 2 on connect carries nothing new: not a rejected write.
    expect(await rejectedReadOnly(s)).toBe(0)

    addBlock(editor.doc, block('fromEditor000001', 1))
    await waitFor(() => blocksMap(viewer.doc).has('fromEditor000001'), 'the viewer to receive the edit')

    addBlock(viewer.doc, block('fromViewer000001', 2))
    addBlock(viewer.doc, block('fromViewer000002', 3))
    await waitFor(async () => (await rejectedReadOnly(s)) === 2, 'both viewer edits to be rejected')

    viewer.provider.awareness.setLocalStateField('user', { name: 'Raadslid' })
    await waitFor(
      () =>
        (
          editor.provider.awareness.getStates().get(viewer.doc.clientID) as
            | { user?: { name: string } }
            | undefined
        )?.user?.name === 'Raadslid',
      'the viewer’s presence at the editor',
    )

    // An edit after the rejected ones still arrives, so the relay of the rejected ones would have too.
    addBlock(editor.doc, block('fromEditor000002', 4))
    await waitFor(() => blocksMap(viewer.doc).has('fromEditor000002'), 'the second edit')
    expect([...blocksMap(editor.doc).keys()].sort()).toEqual(['fromEditor000001', 'fromEditor000002'])

    const stored = await storedDoc(s.storage, board.id)
    expect([...blocksMap(stored).keys()].sort()).toEqual(['fromEditor000001', 'fromEditor000002'])
    expect(viewer.closes).toEqual([])
  })
})
