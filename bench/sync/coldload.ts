import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SyncClient, until } from './client.ts'
import { removeDir, tempDir } from './process.ts'
import { endpoint, type ServerUnderTest } from './servers.ts'
import { blockCount, seedBoards } from './stored.ts'

/** What the cold-load profile measured. */
export interface ColdLoadResult {
  /** Milliseconds from the first connection to a fresh process until the client has every block, per run. */
  readonly loadMs: number[]
  /** Bytes in the data directory after the board was stored. */
  readonly storedBytes: number
}

/** Total size of the files under a directory. */
function du(dir: string): number {
  let total = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    total += e.isDirectory() ? du(p) : statSync(p).size
  }
  return total
}

/**
 * Cold load of a stored board: the synthetic plan with `blocks` blocks is stored through the
 * server's normal path and the server stopped; then, `runs` times, a fresh server process is
 * started on that data and one client connects and waits until it has every block.
 */
export async function runColdLoad(
  sut: ServerUnderTest,
  update: Uint8Array,
  blocks: number,
  runs: number,
): Promise<ColdLoadResult> {
  const dataDir = tempDir(`bench-${sut.name}-`)
  try {
    let server = await sut.start(dataDir)
    const access = await sut.createBoard(server, 'cold')
    try {
      await seedBoards(sut, server, [access], update, blocks)
    } finally {
      await server.stop()
    }
    const storedBytes = du(dataDir)
    const loadMs: number[] = []
    for (let i = 0; i < runs; i++) {
      server = await sut.start(dataDir)
      const t0 = performance.now()
      const client = new SyncClient(endpoint(sut, server, access.reader))
      try {
        await until(
          () => client.synced && blockCount(client) === blocks,
          'the stored board to load',
          60_000,
          1,
        )
        loadMs.push(performance.now() - t0)
      } finally {
        client.destroy()
        await server.stop()
      }
    }
    return { loadMs, storedBytes }
  } finally {
    removeDir(dataDir)
  }
}
