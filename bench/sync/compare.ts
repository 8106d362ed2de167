import { performance } from 'node:perf_hooks'
import { type Figure, judge, median, percentile } from '../stats.ts'
import { retries } from './client.ts'
import { type ColdLoadResult, runColdLoad } from './coldload.ts'
import { type DurabilityResult, runDurability } from './durability.ts'
import {
  type FanoutProfile,
  type FanoutResult,
  latencyPercentile,
  medianOfRounds,
  runFanout,
} from './fanout.ts'
import { type MemoryResult, runMemory } from './memory.ts'
import { SERVER_NAMES, SERVERS, type ServerName, type ServerUnderTest } from './servers.ts'
import { boardUpdate } from './stored.ts'

/** The sizes of one comparison run. */
export interface CompareProfile {
  readonly many: FanoutProfile
  readonly crowd: FanoutProfile
  readonly memoryBoards: number
  /** Milliseconds the memory profile lets a server settle before each RSS reading (idle, loaded). */
  readonly memorySettleMs: readonly [idle: number, loaded: number]
  readonly coldBlocks: number
  readonly coldRuns: number
  readonly killAfterSeconds: number
}

/**
 * The default profile. Fan-out: 20 s of warm-up, then 3 measured rounds whose median is reported.
 * The warm-up leaves out what a server does once after it starts: a server's CPU per round still
 * falls for a few seconds after the first writes, while its code is optimised, and V8's memory
 * reducer runs two or three full collections 8 or 16 s after start (seen in a GC log of this
 * server; ~0.1 s of CPU, as much as a whole 4 s round of the 1 × 200 profile) and not again in a
 * 45 s run.
 */
export const DEFAULT_PROFILE: CompareProfile = {
  many: { boards: 50, readers: 19, rate: 10, warmupSeconds: 20, rounds: 3, seconds: 5 },
  crowd: { boards: 1, readers: 200, rate: 10, warmupSeconds: 20, rounds: 3, seconds: 4 },
  memoryBoards: 500,
  memorySettleMs: [1000, 2000],
  coldBlocks: 10_000,
  coldRuns: 3,
  killAfterSeconds: 4,
}

/**
 * The quick profile (the whole `--quick` run, three servers and the scale-out step included, under
 * 2 minutes even when the shared machine runs at half speed): short warm-ups and settling times (a
 * quick figure is a smoke test, not one to record) and rounds of 1 s. Most of a quick run is
 * waiting, which a slow machine does not shorten: 126 s on 1 December with the earlier 3 s / 2 s
 * warm-ups, 2 s before the kill and the default settling times.
 */
export const QUICK_PROFILE: CompareProfile = {
  many: { boards: 10, readers: 19, rate: 10, warmupSeconds: 2, rounds: 3, seconds: 1 },
  crowd: { boards: 1, readers: 200, rate: 10, warmupSeconds: 1, rounds: 3, seconds: 1 },
  memoryBoards: 100,
  memorySettleMs: [500, 1000],
  coldBlocks: 10_000,
  coldRuns: 1,
  killAfterSeconds: 1,
}

/** Everything measured for one server. */
export interface ServerResults {
  readonly many: FanoutResult
  readonly crowd: FanoutResult
  readonly memory: MemoryResult
  readonly cold: ColdLoadResult
  readonly durability: DurabilityResult
}

/** One step of the comparison: a profile run against one server, and its log line. */
interface Step {
  readonly key: keyof ServerResults
  readonly what: string
  run(
    sut: ServerUnderTest,
  ): Promise<{ readonly value: ServerResults[keyof ServerResults]; readonly shown: string }>
}

/** The comparison's steps, in the order they run. */
function steps(p: CompareProfile, update: Uint8Array): Step[] {
  const fan = (r: FanoutResult) =>
    r.rounds
      .map(
        (round, k) =>
          `round ${k + 1}: p99 ${percentile(round.latencies, 99).toFixed(1)} ms, ${round.delivered}/${round.offered} delivered, ${round.cpuSeconds.toFixed(2)} CPU s`,
      )
      .join('; ')
  const fanout = (key: 'many' | 'crowd', what: string, profile: FanoutProfile): Step => ({
    key,
    what,
    run: async (sut) => {
      const r = await runFanout(sut, profile)
      return { value: r, shown: fan(r) }
    },
  })
  return [
    fanout('many', `fan-out ${p.many.boards} boards × ${p.many.readers + 1}`, p.many),
    fanout('crowd', `fan-out 1 board × ${p.crowd.readers}`, p.crowd),
    {
      key: 'memory',
      what: `memory, ${p.memoryBoards} boards`,
      run: async (sut) => {
        const r = await runMemory(sut, p.memoryBoards, p.memorySettleMs)
        return { value: r, shown: `${(r.bytesPerBoard / 1024).toFixed(1)} KiB per board` }
      },
    },
    {
      key: 'cold',
      what: `cold load, ${p.coldBlocks} blocks`,
      run: async (sut) => {
        const r = await runColdLoad(sut, update, p.coldBlocks, p.coldRuns)
        return { value: r, shown: `${r.loadMs.map((x) => x.toFixed(0)).join(', ')} ms` }
      },
    },
    {
      key: 'durability',
      what: 'SIGKILL',
      run: async (sut) => {
        const r = await runDurability(sut, p.killAfterSeconds)
        return { value: r, shown: `${r.lost} of ${r.received} received updates lost` }
      },
    },
  ]
}

/**
 * Runs every profile against every server, profile by profile: one profile against each server
 * in turn (one server process at a time, started and stopped by the benchmark), then the next.
 * The figures compared in the table are thus measured within a minute or two of each other, not
 * one server's after another's whole series: the shared machine's speed drifts over minutes.
 * Returns the raw results per server; a peer that fails a step is left out from then on.
 */
export async function compareServers(
  p: CompareProfile,
  log: (line: string) => void,
  only: readonly ServerName[] = SERVER_NAMES,
): Promise<Partial<Record<ServerName, ServerResults>>> {
  const t0 = performance.now()
  const got = new Map<ServerName, Partial<Record<keyof ServerResults, unknown>>>(only.map((n) => [n, {}]))
  for (const step of steps(p, boardUpdate(p.coldBlocks)))
    for (const [name, results] of got) {
      const before = retries.count
      try {
        const { value, shown } = await step.run(SERVERS[name])
        results[step.key] = value
        const again = retries.count - before
        log(
          `${name}: ${step.what}: ${shown}${again ? `, ${again} connections retried` : ''} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        )
      } catch (err) {
        // A peer that fails is left out of the comparison, and the log says so; this server failing
        // fails the run.
        if (name === 'gebiedsbord') throw err
        got.delete(name)
        log(`${name}: failed, left out of the comparison: ${String(err).split('\n')[0]}`)
      }
    }
  // Every server still in `got` has a result for every step.
  return Object.fromEntries([...got].map(([name, r]) => [name, r as ServerResults]))
}

/** One figure per measured quantity: this server's value, each peer's, the ratio and the target. */
export function comparisonFigures(
  p: CompareProfile,
  results: Partial<Record<ServerName, ServerResults>>,
  asked: readonly ServerName[] = SERVER_NAMES,
): Figure[] {
  const own = results.gebiedsbord
  if (!own) return []
  const peers = SERVER_NAMES.filter((n) => n !== 'gebiedsbord' && results[n])
  // A peer that was asked for and failed leaves the ratios to the best peer unjudged: the one
  // missing may be the best.
  const failed = asked.filter((n) => n !== 'gebiedsbord' && !results[n])
  const fig = (
    name: string,
    unit: string,
    get: (r: ServerResults) => number,
    extra: Partial<Figure> = {},
  ): Figure => {
    const f = judge({
      name,
      unit,
      value: get(own),
      peers: Object.fromEntries(peers.map((n) => [n, get(results[n] as ServerResults)])),
      ...extra,
    })
    if (failed.length === 0 || !f.target?.includes('best peer')) return f
    const { met: _unjudged, ...rest } = f
    return { ...rest, target: `${f.target} (not judged: ${failed.join(', ')} failed)` }
  }
  const ratio08 = { target: '≤ 0.8× best peer' }
  const figures: Figure[] = []
  for (const [key, label] of [
    ['many', `${p.many.boards} boards × ${p.many.readers + 1} clients`],
    ['crowd', `1 board × ${p.crowd.readers} followers`],
  ] as const) {
    const f = (r: ServerResults) => r[key]
    const rounds = `median of ${p[key].rounds} rounds of ${p[key].seconds} s`
    figures.push(
      fig(`fan-out p50, ${label} (${rounds})`, 'ms', (r) => latencyPercentile(f(r), 50)),
      fig(`fan-out p95, ${label}`, 'ms', (r) => latencyPercentile(f(r), 95)),
      fig(`fan-out p99, ${label}`, 'ms', (r) => latencyPercentile(f(r), 99), ratio08),
      fig(`fan-out to a write's first reader p50, ${label}`, 'ms', (r) => latencyPercentile(f(r), 50, true)),
      fig(`fan-out to a write's first reader p99, ${label}`, 'ms', (r) => latencyPercentile(f(r), 99, true)),
      fig(`delivered updates/s, ${label}`, '/s', (r) => medianOfRounds(f(r), (x) => x.deliveredPerSecond), {
        better: 'higher',
      }),
      fig(
        `deliveries lost (offered − delivered), ${label}, all rounds`,
        'count',
        (r) => f(r).rounds.reduce((sum, x) => sum + x.offered - x.delivered, 0),
        { target: '= 0' },
      ),
      fig(
        `server CPU per ${p[key].seconds} s round, ${label}`,
        's',
        (r) => medianOfRounds(f(r), (x) => x.cpuSeconds),
        ratio08,
      ),
      fig(`server RSS after fan-out, ${label}`, 'MiB', (r) => f(r).rssBytes / 2 ** 20),
    )
  }
  figures.push(
    fig(
      `memory per loaded board (${p.memoryBoards} small boards)`,
      'KiB',
      (r) => r.memory.bytesPerBoard / 1024,
      {
        target: '≤ 0.5× best peer',
      },
    ),
    fig(
      `cold load, stored ${p.coldBlocks.toLocaleString('en-GB')}-block board (median)`,
      'ms',
      (r) => median(r.cold.loadMs),
      {
        target: '≤ 0.5× best peer',
      },
    ),
    fig(
      `stored size, ${p.coldBlocks.toLocaleString('en-GB')}-block board`,
      'MiB',
      (r) => r.cold.storedBytes / 2 ** 20,
    ),
    fig('SIGKILL: updates relayed, then lost after restart', 'count', (r) => r.durability.lost, {
      target: '= 0',
    }),
    fig('SIGKILL: updates relayed before the kill', 'count', (r) => r.durability.received, {
      better: 'higher',
    }),
  )
  return figures
}
