import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { SqliteStorage } from '../src/storage/sqlite.ts'
import { tempDir } from '../src/testing/testServer.ts'
import { percentile } from './fanout.ts'

/** The load of `measureCompaction`: boards edited side by side, each compacted in turn. */
export interface CompactionOptions {
  /** Boards whose appends interleave in the log. */
  readonly boards?: number
  /** Appends to each board between two compactions of it (the server's `COMPACT_AFTER_UPDATES`). */
  readonly updatesPerBoard?: number
  /** Times every board is filled and compacted. */
  readonly rounds?: number
}

/** Bytes of one appended update and of a compacted snapshot (a small board). */
const UPDATE_BYTES = 60
const SNAPSHOT_BYTES = 200

/**
 * Milliseconds of each compaction (snapshot written, log dropped, pages freed) in SQLite while
 * `boards` boards are edited together: their appends take turns, as on a server with many boards
 * open, and then each board is compacted. Compaction runs on the event loop (better-sqlite3 is
 * synchronous), so its time is a pause for every board of the server.
 */
export async function measureCompaction(options: CompactionOptions = {}): Promise<number[]> {
  const { boards = 50, updatesPerBoard = 500, rounds = 3 } = options
  const dir = tempDir('gebiedsbord-bench-')
  const storage = new SqliteStorage(join(dir, 'bench.sqlite'))
  try {
    const ids = Array.from({ length: boards }, (_, b) => `board-${b}`)
    for (const id of ids)
      await storage.createBoard(
        { id, name: id, createdAt: 0, editTokenHash: new Uint8Array(32), viewTokenHash: new Uint8Array(32) },
        new Uint8Array(),
      )
    const update = new Uint8Array(UPDATE_BYTES).fill(7)
    const snapshot = new Uint8Array(SNAPSHOT_BYTES).fill(9)
    const last = new Map<string, number>()
    const times: number[] = []
    for (let r = 0; r < rounds; r++) {
      // One append per board in turn: each commits on its own, as updates of different boards do.
      for (let i = 0; i < updatesPerBoard; i++)
        for (const id of ids) last.set(id, await storage.appendUpdate(id, update))
      for (const id of ids) {
        const t0 = performance.now()
        await storage.compact(id, snapshot, last.get(id) as number)
        times.push(performance.now() - t0)
      }
    }
    return times
  } finally {
    await storage.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const times = await measureCompaction()
  const at = (p: number) => percentile(times, p).toFixed(2)
  process.stdout.write(
    `SQLite compaction, 50 boards edited together: p50 ${at(50)} ms, p90 ${at(90)} ms, max ${at(100)} ms (${times.length} compactions)\n`,
  )
}
