import { blocksMap, writePlan } from '@gebiedsbord/model'
import * as Y from 'yjs'
import { syntheticPlan } from '../barcode.ts'
import { connectAll, SyncClient, until } from './client.ts'
import type { ServerProcess } from './process.ts'
import { type BoardAccess, endpoint, type ServerUnderTest } from './servers.ts'

/** A board's content as one Yjs update: `blocks` blocks of the synthetic plan, and `areas` of its areas. */
export function boardUpdate(blocks: number, areas = 100): Uint8Array {
  const plan = syntheticPlan(blocks)
  const doc = new Y.Doc()
  writePlan(doc, { ...plan, areas: plan.areas.slice(0, areas) })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Number of blocks in a client's copy of a board. */
export const blockCount = (c: SyncClient): number => blocksMap(c.doc).size

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Stores boards through a server's normal path: per board a writer connects and sends the
 * content, and a second client connects and waits until it has all `blocks` blocks (so the
 * server has applied it). Then everyone leaves and the server gets time to persist.
 */
export async function seedBoards(
  sut: ServerUnderTest,
  server: ServerProcess,
  boards: readonly BoardAccess[],
  update: Uint8Array,
  blocks: number,
  batch = 50,
): Promise<void> {
  for (let i = 0; i < boards.length; i += batch) {
    const part = boards.slice(i, i + batch)
    const writers = await connectAll(part.map((a) => endpoint(sut, server, a.writer)))
    for (const w of writers) w.change(() => Y.applyUpdate(w.doc, update))
    const checkers = part.map((a) => new SyncClient(endpoint(sut, server, a.reader)))
    try {
      await until(
        () => checkers.every((c) => c.synced && blockCount(c) === blocks),
        'seeded boards to arrive',
        120_000,
      )
    } finally {
      for (const c of [...writers, ...checkers]) c.destroy()
    }
  }
  await sleep(sut.persistGraceMs)
}
