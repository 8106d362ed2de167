import { addArea, asAreaId, setBoard, updateArea } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { rejectedUpdates } from '../testing/memory.ts'
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

interface Event {
  kind: string
  name: string
  access: string
  from?: string
  to?: string
  area?: string
  areaName?: string
}

async function timeline(s: TestServer, id: string, token: string, from: number): Promise<Event[]> {
  const res = await fetch(
    `${s.url}/api/boards/${id}/timeline?token=${token}&from=${from}&to=${Date.now() + 1000}`,
  )
  expect(res.status).toBe(200)
  return ((await res.json()) as { events: Event[] }).events
}

const NOORD = asAreaId('noord')

/** Writes refused because they came with the view token. */
const rejectedReadOnly = (s: TestServer): Promise<number> => rejectedUpdates(s.metrics, 'read_only')

describe("the session timeline's norm-set changes", () => {
  it("records who changed the board's and an area's norm set from what to what, never a viewer's refused try", async () => {
    server = await startTestServer()
    const s = server
    const board = await s.createBoard({ name: 'Gebiedsbod' })
    const started = Date.now() - 1000
    const anna = stockClient(s.syncUrl, board.id, board.editToken)
    const raad = stockClient(s.syncUrl, board.id, board.viewToken)
    clients = [anna, raad]
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna (gemeente)' })
    raad.provider.awareness.setLocalStateField('user', { name: 'Raadslid' })
    await Promise.all([synced(anna), synced(raad)])
    const joined = async () =>
      (await timeline(s, board.id, board.viewToken, started)).filter((e) => e.kind === 'joined')
    await waitFor(async () => (await joined()).length === 2, 'both to have joined')

    addArea(anna.doc, {
      id: NOORD,
      name: 'Noord',
      polygon: [
        [0, 0],
        [100, 0],
        [100, 100],
        [0, 100],
      ],
    })
    setBoard(anna.doc, { normSetId: 'amsterdam-40-40-20' })
    updateArea(anna.doc, NOORD, { normSetId: 'nl-reference' })
    // The viewer's doc changes locally, but the server refuses the write: nothing is recorded.
    await waitFor(() => raad.doc.getMap('areas').has(NOORD), 'the viewer to see the area')
    setBoard(raad.doc, { normSetId: 'nl-reference' })
    await waitFor(async () => (await rejectedReadOnly(s)) === 1, "the viewer's write to be refused")
    updateArea(anna.doc, NOORD, { normSetId: null })

    const normSets = async () =>
      (await timeline(s, board.id, board.viewToken, started)).filter((e) => e.kind === 'norm-set')
    await waitFor(async () => (await normSets()).length >= 3, 'three norm-set changes in the timeline')
    expect(await normSets()).toEqual([
      {
        at: expect.any(Number),
        kind: 'norm-set',
        name: 'Anna (gemeente)',
        access: 'edit',
        to: 'amsterdam-40-40-20',
      },
      {
        at: expect.any(Number),
        kind: 'norm-set',
        name: 'Anna (gemeente)',
        access: 'edit',
        to: 'nl-reference',
        area: 'noord',
        areaName: 'Noord',
      },
      {
        at: expect.any(Number),
        kind: 'norm-set',
        name: 'Anna (gemeente)',
        access: 'edit',
        from: 'nl-reference',
        area: 'noord',
        areaName: 'Noord',
      },
    ])
    // Joins and leaves are listed as before, beside the changes.
    expect((await joined()).map((e) => `${e.name} ${e.access}`).sort()).toEqual([
      'Anna (gemeente) edit',
      'Raadslid view',
    ])
  })
})
