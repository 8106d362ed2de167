import { readPlan, seededRandom } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { randomEdit } from '../testing/edits.ts'
import { testSeed } from '../testing/seed.ts'
import { storedDoc } from '../testing/stored.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { sleep, waitFor } from '../testing/wait.ts'

let server: TestServer | undefined
let clients: StockClient[] = []

afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
})

const planOf = (doc: Y.Doc) => JSON.stringify(readPlan(doc))

/** The board as storage has it: what a restarted server would load. */
async function storedPlan(s: TestServer, boardId: string): Promise<string> {
  const doc = await storedDoc(s.storage, boardId)
  const plan = planOf(doc)
  doc.destroy()
  return plan
}

describe('stock y-websocket clients converge', () => {
  it.each([
    [2, 101],
    [20, 202],
  ])('%i clients on one board after random concurrent edits', async (count, fallbackSeed) => {
    const random = seededRandom(testSeed(fallbackSeed))
    server = await startTestServer()
    const board = await server.createBoard({ name: 'Convergentie' })
    const s = server
    clients = Array.from({ length: count }, () => stockClient(s.syncUrl, board.id, board.editToken))
    await Promise.all(clients.map((c) => synced(c)))

    // Rounds of edits: in each round a random subset edits at once, without waiting for the others.
    for (let round = 0; round < 12; round++) {
      for (const c of clients)
        if (random() < 0.5) for (let i = 0; i < 1 + random() * 3; i++) randomEdit(c.doc, random)
      await sleep(Math.floor(random() * 20))
    }

    await waitFor(async () => {
      const first = planOf((clients[0] as StockClient).doc)
      return clients.every((c) => planOf(c.doc) === first) && (await storedPlan(s, board.id)) === first
    }, `${count} clients and storage to converge`)
    const plan = readPlan((clients[0] as StockClient).doc)
    expect(plan.blocks.length).toBeGreaterThan(0)
    const vectors = clients.map((c) => Y.encodeStateVector(c.doc).toString())
    expect(new Set(vectors).size).toBe(1)
  })
})
