import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { measureCompaction } from '../server/bench/compaction.ts'
import { measureAppend } from '../server/bench/fanout.ts'
import { unreachable } from '../server/src/testing/scaleout.ts'
import { benchBarcode } from './barcode.ts'
import { type Figure, judge, percentile, table } from './stats.ts'
import { compareServers, comparisonFigures, DEFAULT_PROFILE, QUICK_PROFILE } from './sync/compare.ts'
import type { FanoutResult } from './sync/fanout.ts'
import { cleanUpAll } from './sync/process.ts'
import {
  runScaleout,
  SCALEOUT_PROFILES,
  SCALEOUT_QUICK_PROFILES,
  type ScaleoutResult,
  scaleoutFigures,
  scaleoutServices,
} from './sync/scaleout.ts'
import { SERVER_NAMES, type ServerName } from './sync/servers.ts'

/**
 * `pnpm bench [--quick] [--only=gebiedsbord,hocuspocus] [--no-client] [--no-scaleout]`: the norm
 * engine, this server side by side with Hocuspocus and the classic y-websocket server, fan-out
 * with 1 and 3 instances on PostgreSQL and Redis (skipped when they are not reachable), and the
 * client's frame times. Prints progress lines and one table, and writes JSON to bench/results/ (git-ignored).
 * Record notable runs in docs/benchmarks.md.
 */
const quick = process.argv.includes('--quick')
const onlyArg = process.argv.find((a) => a.startsWith('--only='))
const only = onlyArg ? (onlyArg.slice(7).split(',') as ServerName[]) : SERVER_NAMES
const started = performance.now()
const log = (line: string) =>
  process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`)

/** The client's frame-time benchmark (client/bench/frames.ts), when it is there. */
async function clientFigures(): Promise<Figure[]> {
  const file = join(import.meta.dirname, '..', 'client', 'bench', 'frames.ts')
  if (process.argv.includes('--no-client') || !existsSync(file)) {
    log('client frame benchmark: skipped (not built)')
    return []
  }
  // A computed specifier: the client is its own project, not part of the bench's typecheck.
  const mod = (await import(pathToFileURL(file).href)) as {
    benchFrames?: (o: { quick: boolean; log: (l: string) => void }) => Promise<Figure[]>
  }
  if (typeof mod.benchFrames !== 'function') {
    log('client frame benchmark: skipped (not built)')
    return []
  }
  try {
    return (await mod.benchFrames({ quick, log: (l) => log(`client: ${l}`) })).map(judge)
  } catch (err) {
    log(`client frame benchmark: failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
    return []
  }
}

/**
 * Fan-out with 1 and then 3 instances (the same clients, on PostgreSQL and Redis). Skipped, with
 * a line saying why, when either service does not answer (see `scaleoutServices` for where).
 */
async function scaleoutBench(): Promise<{ figures: Figure[]; results: ScaleoutResult[] }> {
  if (process.argv.includes('--no-scaleout')) {
    log('scale-out benchmark: skipped (--no-scaleout)')
    return { figures: [], results: [] }
  }
  const services = scaleoutServices()
  const why = await unreachable(services)
  if (why) {
    log(`scale-out benchmark: skipped — ${why}`)
    return { figures: [], results: [] }
  }
  const figures: Figure[] = []
  const all: ScaleoutResult[] = []
  for (const profile of quick ? SCALEOUT_QUICK_PROFILES : SCALEOUT_PROFILES) {
    const results: ScaleoutResult[] = []
    for (const instances of [1, 3]) {
      const r = await runScaleout(instances, profile, services)
      log(
        `scale-out, ${profile.boards} × ${profile.readers + 1} clients, ${instances} instance(s): p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p99 ${percentile(r.latencies, 99).toFixed(1)} ms, ${r.delivered}/${r.offered} delivered, ${r.deliveredPerSecond.toFixed(0)}/s`,
      )
      results.push(r)
    }
    figures.push(...scaleoutFigures(profile, results).map(judge))
    all.push(...results)
  }
  return { figures, results: all }
}

async function main(): Promise<void> {
  const date = new Date()
  const profile = quick ? QUICK_PROFILE : DEFAULT_PROFILE
  log(
    `Gebiedsbord benchmarks (${quick ? 'quick' : 'default'} profile) on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  )
  log('norm engine …')
  const figures: Figure[] = benchBarcode({ quick }).map(judge)
  log('servers: this one, Hocuspocus 3 + SQLite, classic y-websocket 1.5 + LevelDB (one at a time) …')
  const results = await compareServers(profile, log, only)
  figures.push(...comparisonFigures(profile, results, only))
  for (const mode of ['NORMAL', 'FULL'] as const) {
    const appends = await measureAppend(mode, quick ? 300 : 2000)
    figures.push(
      { name: `SQLite append p50, synchronous=${mode}`, value: percentile(appends, 50), unit: 'ms' },
      { name: `SQLite append p99, synchronous=${mode}`, value: percentile(appends, 99), unit: 'ms' },
      // The checkpoint: one append in ~330 runs it (and, under NORMAL, its fsync of the log).
      { name: `SQLite append p99.9, synchronous=${mode}`, value: percentile(appends, 99.9), unit: 'ms' },
    )
  }
  // A pause for every board of the server: compaction runs on the event loop.
  const compactions = await measureCompaction({ rounds: quick ? 1 : 3 })
  for (const p of [50, 90])
    figures.push({
      name: `SQLite compaction p${p}, 50 boards edited together (500 updates each)`,
      value: percentile(compactions, p),
      unit: 'ms',
    })
  log('scale-out: 1 vs 3 instances on PostgreSQL + Redis …')
  const scaleout = await scaleoutBench()
  figures.push(...scaleout.figures)
  log('client frame times …')
  figures.push(...(await clientFigures()))

  const peers = only.filter((n) => n !== 'gebiedsbord')
  process.stdout.write(`\n${table(figures, peers)}\n`)
  const seconds = (performance.now() - started) / 1000
  const dir = join(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `bench-${date.toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`)
  // Per round, the latency percentiles instead of every sample.
  const rounds = (f: FanoutResult) => ({
    ...f,
    rounds: f.rounds.map(({ firstLatencies, ...round }) => ({
      ...withPercentiles(round),
      firstP50: percentile(firstLatencies, 50),
      firstP99: percentile(firstLatencies, 99),
    })),
  })
  const raw = Object.fromEntries(
    Object.entries(results).map(([k, r]) => [k, { ...r, many: rounds(r.many), crowd: rounds(r.crowd) }]),
  )
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: date.toISOString(),
        quick,
        seconds,
        cores: cpus().length,
        memoryBytes: totalmem(),
        node: process.version,
        profile,
        figures,
        raw,
        scaleout: scaleout.results.map(withPercentiles),
      },
      null,
      2,
    ),
  )
  log(`done in ${seconds.toFixed(0)} s; written ${file}`)
}

/** A measurement with its latency samples replaced by their p50, p95 and p99, for the results file. */
function withPercentiles<T extends { latencies: readonly number[] }>({ latencies, ...rest }: T) {
  return {
    ...rest,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  }
}

try {
  await main()
} finally {
  cleanUpAll()
}
