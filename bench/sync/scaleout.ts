import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { withPostgres } from '../../server/src/testing/scaleout.ts'
import { type Figure, percentile } from '../stats.ts'
import { connectAll, type Endpoint, type SyncClient, until } from './client.ts'
import { runWriters, type Tick } from './fanout.ts'
import { cpuSeconds, removeDir, type ServerProcess, startProcess, tempDir } from './process.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** A fan-out load spread over instances: `boards` boards, each with one writer and `readers` readers. */
export interface ScaleoutProfile {
  readonly boards: number
  readonly readers: number
  /** Updates per second from each writer. */
  readonly rate: number
  /** Seconds of writing before measuring (start-up, JIT). */
  readonly warmupSeconds: number
  readonly seconds: number
}

/**
 * The loads of the scale-out benchmark, each run with 1 and with 3 instances: many boards (10 ×
 * 10 clients, 900 deliveries/s) and one crowded board (150 clients, a writer at 20 updates/s,
 * 2,980 deliveries/s, as a presenter before a large meeting).
 */
export const SCALEOUT_PROFILES: readonly ScaleoutProfile[] = [
  { boards: 10, readers: 9, rate: 10, warmupSeconds: 5, seconds: 10 },
  { boards: 1, readers: 149, rate: 20, warmupSeconds: 5, seconds: 10 },
]
/**
 * The quick profile keeps the whole `--quick` run under two minutes: the many-boards profile
 * only (1 vs 3 instances still side by side), briefly.
 */
export const SCALEOUT_QUICK_PROFILES: readonly ScaleoutProfile[] = SCALEOUT_PROFILES.slice(0, 1).map((p) => ({
  ...p,
  warmupSeconds: 1,
  seconds: 1,
}))

/** What one run measured. */
export interface ScaleoutResult {
  readonly instances: number
  readonly profile: ScaleoutProfile
  /** Milliseconds from a write to a reader's doc having it, one per measured delivery. */
  readonly latencies: number[]
  readonly offered: number
  readonly delivered: number
  readonly deliveredPerSecond: number
  /** CPU seconds (user + system) of all instances together over the measured window. */
  readonly cpuSeconds: number
}

/** Where the benchmark's PostgreSQL and Redis are: BENCH_DATABASE_URL / BENCH_REDIS_URL, else the test variables, else this machine's. */
export function scaleoutServices(): { databaseUrl: string; redisUrl: string } {
  return {
    databaseUrl:
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL_TEST ??
      'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379',
  }
}

/**
 * Runs the profile against `instances` server processes on one fresh PostgreSQL schema and Redis
 * prefix. Writers and readers are dealt round-robin over the instances, so that with 3 instances
 * two thirds of the deliveries cross Redis; with 1 the same stack (PostgreSQL, Redis publish)
 * serves everyone from one process.
 */
export async function runScaleout(
  instances: number,
  p: ScaleoutProfile,
  services: { databaseUrl: string; redisUrl: string },
): Promise<ScaleoutResult> {
  const id = randomBytes(5).toString('hex')
  const schema = `gbbench_${id}`
  const db = new URL(services.databaseUrl)
  db.searchParams.set('application_name', `gebiedsbord-bench-${id}`)
  const servers: ServerProcess[] = []
  const dirs: string[] = []
  const clients: SyncClient[] = []
  const timers: NodeJS.Timeout[] = []
  try {
    const start = () => {
      const dir = tempDir('bench-scaleout-')
      dirs.push(dir)
      const env = {
        DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.toString(),
        DATABASE_SCHEMA: schema,
        REDIS_URL: services.redisUrl,
        REDIS_PREFIX: `gbbench:${id}:`,
      }
      return startProcess(
        `${ROOT}server/src/main.ts`,
        `${ROOT}server`,
        env,
        /Gebiedsbord listening on http:\/\/127\.0\.0\.1:(\d+)/,
      )
    }
    // The first migrates the schema; the others start together once it is there. Each one that
    // started is in `servers` before a failure of another propagates, so that all are stopped.
    servers.push(await start())
    const others = await Promise.allSettled(Array.from({ length: instances - 1 }, start))
    for (const o of others) if (o.status === 'fulfilled') servers.push(o.value)
    const failed = others.find((o) => o.status === 'rejected')
    if (failed) throw failed.reason
    const endpoint = (k: number, room: string, token: string): Endpoint => ({
      base: `ws://127.0.0.1:${(servers[k % servers.length] as ServerProcess).port}/sync`,
      room,
      token,
      envelope: 'y-websocket',
    })
    const boards: { id: string; editToken: string; viewToken: string }[] = []
    for (let b = 0; b < p.boards; b++) {
      const res = await fetch(`http://127.0.0.1:${(servers[0] as ServerProcess).port}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `scale-out ${b}` }),
      })
      if (res.status !== 201) throw new Error(`creating a board failed: ${res.status} ${await res.text()}`)
      boards.push((await res.json()) as { id: string; editToken: string; viewToken: string })
    }
    const writers = await connectAll(boards.map((b, k) => endpoint(k, b.id, b.editToken)))
    clients.push(...writers)
    const readers = await connectAll(
      boards.flatMap((b, k) =>
        Array.from({ length: p.readers }, (_, r) => endpoint(k + r + 1, b.id, b.viewToken)),
      ),
    )
    clients.push(...readers)

    const warmTicks = Math.round(p.rate * p.warmupSeconds)
    const totalTicks = warmTicks + Math.round(p.rate * p.seconds)
    const latencies: number[] = []
    let lastDelivery = 0
    for (const reader of readers) {
      const map = reader.doc.getMap<Tick>('bench')
      map.observe(() => {
        const tick = map.get('t')
        if (!tick || tick.n <= warmTicks) return
        lastDelivery = performance.now()
        latencies.push(lastDelivery - tick.t)
      })
    }
    const cpu = () => servers.reduce((sum, s) => sum + cpuSeconds(s.pid), 0)
    let measured: { t: number; cpu: number } | undefined
    let ended: { t: number; cpu: number } | undefined
    await runWriters(
      writers,
      p.rate,
      totalTicks,
      (n) => {
        if (n === warmTicks + 1) measured = { t: performance.now(), cpu: cpu() }
        if (n > totalTicks) ended = { t: performance.now(), cpu: cpu() }
      },
      timers,
    )
    const offered = (totalTicks - warmTicks) * p.boards * p.readers
    await until(() => latencies.length >= offered, 'every delivery', 15_000).catch(() => {})
    const from = measured as { t: number; cpu: number }
    const to = ended as { t: number; cpu: number }
    return {
      instances,
      profile: p,
      latencies,
      offered,
      delivered: latencies.length,
      deliveredPerSecond: (latencies.length / (Math.max(lastDelivery, to.t) - from.t)) * 1000,
      cpuSeconds: to.cpu - from.cpu,
    }
  } finally {
    for (const t of timers) clearTimeout(t)
    for (const c of clients) c.destroy()
    await Promise.all(servers.map((s) => s.stop()))
    for (const d of dirs) removeDir(d)
    await withPostgres(services.databaseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))
  }
}

/** The figures of the runs of one profile (1 and 3 instances). */
export function scaleoutFigures(p: ScaleoutProfile, results: readonly ScaleoutResult[]): Figure[] {
  const load = `${p.boards} board${p.boards === 1 ? '' : 's'} × ${p.readers + 1} clients, ${p.rate}/s`
  return results.flatMap((r) => {
    const label = `${load}, ${r.instances} instance${r.instances === 1 ? '' : 's'}`
    return [
      {
        name: `scale-out fan-out p50, ${label} (PostgreSQL + Redis)`,
        value: percentile(r.latencies, 50),
        unit: 'ms',
      },
      { name: `scale-out fan-out p95, ${label}`, value: percentile(r.latencies, 95), unit: 'ms' },
      { name: `scale-out fan-out p99, ${label}`, value: percentile(r.latencies, 99), unit: 'ms' },
      {
        name: `scale-out delivered updates/s, ${label}`,
        value: r.deliveredPerSecond,
        unit: '/s',
        better: 'higher' as const,
      },
      {
        name: `scale-out deliveries lost, ${label}`,
        value: r.offered - r.delivered,
        unit: 'count',
        target: '= 0',
      },
      { name: `scale-out CPU of all instances per ${p.seconds} s, ${label}`, value: r.cpuSeconds, unit: 's' },
    ]
  })
}
