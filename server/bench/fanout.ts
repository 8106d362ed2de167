import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { SqliteStorage, type SqliteSynchronous } from '../src/storage/sqlite.ts'
import { startChildServer } from '../src/testing/childServer.ts'
import { type StockClient, stockClient, synced } from '../src/testing/clients.ts'
import { tempDir } from '../src/testing/testServer.ts'
import { waitFor } from '../src/testing/wait.ts'

/** One measured figure, in the shape of bench/stats.ts' `Figure`. */
export interface Figure {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly target?: string
}

export interface FanoutOptions {
  /** Stock clients on the board: one writer, the rest readers. */
  readonly clients?: number
  /** Updates per second from the writer. */
  readonly rate?: number
  readonly seconds?: number
  readonly synchronous?: SqliteSynchronous
}

/** The p-th percentile (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  )
}

/**
 * Fan-out latency: one stock client writes `rate` updates per second to a board that `clients - 1`
 * stock clients follow; each sample is the time from the write to a reader's doc having it. The
 * server runs as its own process (as in production); all clients share this process, so the
 * figure includes their decoding, as on one busy laptop.
 */
export async function measureFanout(options: FanoutOptions = {}): Promise<number[]> {
  const { clients = 20, rate = 10, seconds = 10, synchronous = 'NORMAL' } = options
  const dataDir = tempDir('gebiedsbord-bench-')
  const server = await startChildServer(dataDir, { SQLITE_SYNCHRONOUS: synchronous })
  const all: StockClient[] = []
  try {
    const res = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench' }),
    })
    const board = (await res.json()) as { id: string; editToken: string; viewToken: string }
    const writer = stockClient(server.syncUrl, board.id, board.editToken)
    all.push(writer)
    for (let i = 1; i < clients; i++) all.push(stockClient(server.syncUrl, board.id, board.viewToken))
    await Promise.all(all.map((c) => synced(c)))

    const samples: number[] = []
    let lastSeen = 0
    for (const reader of all.slice(1)) {
      const ticks = reader.doc.getMap<{ n: number; t: number }>('bench')
      ticks.observe(() => {
        const tick = ticks.get('tick')
        if (!tick) return
        samples.push(performance.now() - tick.t)
        lastSeen = Math.max(lastSeen, tick.n)
      })
    }
    const total = Math.round(rate * seconds)
    const ticks = writer.doc.getMap<{ n: number; t: number }>('bench')
    for (let n = 1; n <= total; n++) {
      ticks.set('tick', { n, t: performance.now() })
      await new Promise((r) => setTimeout(r, 1000 / rate))
    }
    await waitFor(() => samples.length >= total * (clients - 1), 'every reader to see every tick', 60_000)
    return samples
  } finally {
    for (const c of all) c.destroy()
    server.process.kill('SIGTERM')
    await server.exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Milliseconds per committed append of a 200-byte update, in one SQLite mode. */
export async function measureAppend(synchronous: SqliteSynchronous, count = 2000): Promise<number[]> {
  const dir = tempDir('gebiedsbord-bench-')
  const storage = new SqliteStorage(join(dir, 'bench.sqlite'), synchronous)
  try {
    await storage.createBoard(
      {
        id: 'b',
        name: 'b',
        createdAt: 0,
        editTokenHash: new Uint8Array(32),
        viewTokenHash: new Uint8Array(32),
      },
      new Uint8Array(),
    )
    const update = new Uint8Array(200).fill(7)
    const times: number[] = []
    for (let i = 0; i < count; i++) {
      const t0 = performance.now()
      await storage.appendUpdate('b', update)
      times.push(performance.now() - t0)
    }
    return times
  } finally {
    await storage.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The server's figures for `pnpm bench`: fan-out latency with 20 clients and append cost per SQLite mode. */
export async function benchServer({ quick = false } = {}): Promise<Figure[]> {
  const fanout = await measureFanout({ seconds: quick ? 3 : 10 })
  const figures: Figure[] = [
    { name: 'server fan-out p50, 20 clients, 10 updates/s', value: percentile(fanout, 50), unit: 'ms' },
    { name: 'server fan-out p95, 20 clients, 10 updates/s', value: percentile(fanout, 95), unit: 'ms' },
    { name: 'server fan-out p99, 20 clients, 10 updates/s', value: percentile(fanout, 99), unit: 'ms' },
  ]
  for (const mode of ['NORMAL', 'FULL'] as const) {
    const appends = await measureAppend(mode, quick ? 300 : 2000)
    figures.push(
      { name: `server append p50, synchronous=${mode}`, value: percentile(appends, 50), unit: 'ms' },
      { name: `server append p99, synchronous=${mode}`, value: percentile(appends, 99), unit: 'ms' },
    )
  }
  return figures
}

// Run directly: `npx tsx server/bench/fanout.ts [--quick]` prints the table.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchServer({ quick: process.argv.includes('--quick') })
  const width = Math.max(...figures.map((f) => f.name.length))
  for (const f of figures)
    process.stdout.write(`${f.name.padEnd(width)}  ${f.value.toFixed(3).padStart(9)} ${f.unit}\n`)
}
