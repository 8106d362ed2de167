import { connectAll, type SyncClient, until } from './client.ts'
import { removeDir, rssBytes, tempDir } from './process.ts'
import { endpoint, type ServerUnderTest } from './servers.ts'
import { blockCount, boardUpdate, seedBoards, sleep } from './stored.ts'

/** Blocks and areas of one "small board" in the memory profile. */
const SMALL_BLOCKS = 20
const SMALL_AREAS = 4

/** What the memory profile measured. */
export interface MemoryResult {
  readonly boards: number
  /** Resident bytes per loaded board: (RSS with every board loaded − RSS at start) / boards. */
  readonly bytesPerBoard: number
  readonly rssIdleBytes: number
  readonly rssLoadedBytes: number
}

/**
 * Memory per loaded board: stores `boards` small boards (4 areas, 20 blocks), restarts the
 * server, then holds one client on every board (so that each is loaded) and compares the
 * server's RSS with its RSS before the first connection. Each connection's own cost is included,
 * the same for every server. `settleMs`: how long the server is left alone before each reading
 * (start-up garbage, then what loading allocated, is collected meanwhile).
 */
export async function runMemory(
  sut: ServerUnderTest,
  boards: number,
  settleMs: readonly [idle: number, loaded: number],
): Promise<MemoryResult> {
  const dataDir = tempDir(`bench-${sut.name}-`)
  let server = await sut.start(dataDir)
  const clients: SyncClient[] = []
  try {
    const access = []
    for (let b = 0; b < boards; b++) access.push(await sut.createBoard(server, `small-${b}`))
    await seedBoards(sut, server, access, boardUpdate(SMALL_BLOCKS, SMALL_AREAS), SMALL_BLOCKS)
    await server.stop()
    server = await sut.start(dataDir)
    await sleep(settleMs[0])
    const rssIdle = rssBytes(server.pid)
    clients.push(...(await connectAll(access.map((a) => endpoint(sut, server, a.reader)))))
    await until(
      () => clients.every((c) => blockCount(c) === SMALL_BLOCKS),
      'every small board to load',
      60_000,
    )
    await sleep(settleMs[1])
    const rssLoaded = rssBytes(server.pid)
    return {
      boards,
      bytesPerBoard: (rssLoaded - rssIdle) / boards,
      rssIdleBytes: rssIdle,
      rssLoadedBytes: rssLoaded,
    }
  } finally {
    for (const c of clients) c.destroy()
    await server.stop()
    removeDir(dataDir)
  }
}
