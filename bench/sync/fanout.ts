import { performance } from 'node:perf_hooks'
import { median, percentile } from '../stats.ts'
import { connectAll, type SyncClient, until } from './client.ts'
import { cpuSeconds, removeDir, rssBytes, tempDir } from './process.ts'
import { endpoint, type ServerUnderTest } from './servers.ts'

/** A fan-out load: `boards` boards, each with one writer and `readers` readers. */
export interface FanoutProfile {
  readonly boards: number
  readonly readers: number
  /** Updates per second from each writer. */
  readonly rate: number
  /** Seconds of writing before the first measured round: start-up costs (JIT, buffers, heap growth) fall here. */
  readonly warmupSeconds: number
  /** Measured rounds, back to back on the same server and clients; figures are the median over rounds. */
  readonly rounds: number
  /** Seconds of each measured round. */
  readonly seconds: number
}

/** What one measured round of a fan-out run measured. */
export interface FanoutRound {
  /** Milliseconds from a write to a reader's doc having it, one sample per delivery. */
  readonly latencies: number[]
  /**
   * Milliseconds from a write to the first of its readers having it, one sample per write. The
   * load generator takes in a write's deliveries one after the other, so the later ones wait in
   * its own queue (200 of them in the 1 × 200 profile); the first does not, and so shows the
   * server's part of the latency more than the generator's.
   */
  readonly firstLatencies: number[]
  /** Deliveries offered: the round's writes × readers. */
  readonly offered: number
  readonly delivered: number
  readonly deliveredPerSecond: number
  /** Server CPU seconds (user + system) over the round. */
  readonly cpuSeconds: number
}

/** What one fan-out run measured: each round, and the server's RSS at the end. */
export interface FanoutResult {
  readonly rounds: FanoutRound[]
  /** Server resident set size after the last round. */
  readonly rssBytes: number
}

/** The median over rounds of one figure of a round. */
export function medianOfRounds(r: FanoutResult, figure: (round: FanoutRound) => number): number {
  return median(r.rounds.map(figure))
}

/** The median over rounds of a latency percentile: of every delivery, or of each write's first (`first`). */
export function latencyPercentile(r: FanoutResult, p: number, first = false): number {
  return medianOfRounds(r, (round) => percentile(first ? round.firstLatencies : round.latencies, p))
}

/** What a writer sets on each tick: its number and when it was written. */
export interface Tick {
  readonly n: number
  readonly t: number
}

/**
 * Runs the writers: each sets its board's tick `rate` times a second until it has written
 * `totalTicks`, staggered over the interval so that the boards do not write in lock-step.
 * `onFirstTick(n)` runs on each tick of the first writer before it writes, and once more one
 * interval after its last write (n = totalTicks + 1, nothing written): the end of the measurement.
 * Its timers go into `timers`, for the caller to clear if a run is cut short.
 */
export function runWriters(
  writers: readonly SyncClient[],
  rate: number,
  totalTicks: number,
  onFirstTick: (n: number) => void,
  timers: NodeJS.Timeout[],
): Promise<void> {
  const interval = 1000 / rate
  const running = writers.map(
    (writer, b) =>
      new Promise<void>((done) => {
        const map = writer.doc.getMap<Tick>('bench')
        let n = 0
        const start = setTimeout(
          () => {
            const timer = setInterval(() => {
              n++
              if (b === 0) onFirstTick(n)
              if (n > totalTicks) {
                clearInterval(timer)
                done()
                return
              }
              writer.change(() => map.set('t', { n, t: performance.now() }))
              if (n === totalTicks && b !== 0) {
                clearInterval(timer)
                done()
              }
            }, interval)
            timers.push(timer)
          },
          (b / writers.length) * interval,
        )
        timers.push(start)
      }),
  )
  return Promise.all(running).then(() => undefined)
}

/** Extra time for deliveries after the last write before the missing ones count as lost. */
const DRAIN_TIMEOUT_MS = 15_000

/**
 * Runs a fan-out profile against a freshly started server: every writer sets a tick (its number
 * and send time) `rate` times a second, every reader records when the tick reached its doc. The
 * writers are staggered over the tick interval so that the boards do not write in lock-step.
 *
 * The first `warmupSeconds` of ticks are not measured; then `rounds` rounds of `seconds` each
 * follow without a pause. A tick belongs to the round in which it was written; a round's CPU is
 * the server's CPU time between the first writer's first tick of the round and its first tick of
 * the next (one interval after its last tick, for the last round).
 */
export async function runFanout(sut: ServerUnderTest, p: FanoutProfile): Promise<FanoutResult> {
  const dataDir = tempDir(`bench-${sut.name}-`)
  const server = await sut.start(dataDir)
  const clients: SyncClient[] = []
  const timers: NodeJS.Timeout[] = []
  try {
    const boards = []
    for (let b = 0; b < p.boards; b++) boards.push(await sut.createBoard(server, `fanout-${b}`))
    const writers = await connectAll(boards.map((a) => endpoint(sut, server, a.writer)))
    clients.push(...writers)
    const readerEps = boards.flatMap((a) =>
      Array.from({ length: p.readers }, () => endpoint(sut, server, a.reader)),
    )
    clients.push(...(await connectAll(readerEps)))

    const warmTicks = Math.round(p.rate * p.warmupSeconds)
    const roundTicks = Math.round(p.rate * p.seconds)
    const totalTicks = warmTicks + p.rounds * roundTicks
    /** The measured round of tick `n` (0-based), or -1 during warm-up. */
    const roundOf = (n: number) => (n <= warmTicks ? -1 : Math.floor((n - warmTicks - 1) / roundTicks))
    const latencies: number[][] = Array.from({ length: p.rounds }, () => [])
    const firstLatencies: number[][] = Array.from({ length: p.rounds }, () => [])
    // The last tick each board's readers have seen, to tell a write's first delivery.
    const firstSeen = new Array<number>(p.boards).fill(0)
    const delivered = new Array<number>(p.rounds).fill(0)
    const lastDelivery = new Array<number>(p.rounds).fill(0)
    clients.slice(writers.length).forEach((reader, i) => {
      const board = Math.floor(i / p.readers)
      const map = reader.doc.getMap<Tick>('bench')
      map.observe(() => {
        const tick = map.get('t')
        const round = tick ? roundOf(tick.n) : -1
        if (!tick || round < 0) return
        const now = performance.now()
        latencies[round]?.push(now - tick.t)
        // A writer's ticks reach its readers in order, so a first delivery is one of a newer tick.
        if (tick.n > (firstSeen[board] ?? 0)) {
          firstSeen[board] = tick.n
          firstLatencies[round]?.push(now - tick.t)
        }
        delivered[round] = (delivered[round] ?? 0) + 1
        lastDelivery[round] = now
      })
    })

    // Round boundaries as seen by the first writer: time and server CPU at each round's first tick.
    const boundaries: { t: number; cpu: number }[] = []
    // The first writer's extra tick (n = totalTicks + 1) is the end of the last round.
    await runWriters(
      writers,
      p.rate,
      totalTicks,
      (n) => {
        if (n > warmTicks && (n - warmTicks - 1) % roundTicks === 0)
          boundaries.push({ t: performance.now(), cpu: cpuSeconds(server.pid) })
      },
      timers,
    )
    const offered = roundTicks * p.boards * p.readers
    await until(
      () => delivered.every((d) => d >= offered),
      'every reader to see every tick',
      DRAIN_TIMEOUT_MS,
      20,
    ).catch(() => {})
    const rounds = latencies.map((samples, k) => {
      const from = boundaries[k] as { t: number; cpu: number }
      const to = boundaries[k + 1] as { t: number; cpu: number }
      const elapsed = Math.max(lastDelivery[k] ?? 0, to.t) - from.t
      const count = delivered[k] ?? 0
      return {
        latencies: samples,
        firstLatencies: firstLatencies[k] ?? [],
        offered,
        delivered: count,
        deliveredPerSecond: (count / elapsed) * 1000,
        cpuSeconds: to.cpu - from.cpu,
      }
    })
    return { rounds, rssBytes: rssBytes(server.pid) }
  } finally {
    for (const t of timers) clearTimeout(t)
    for (const c of clients) c.destroy()
    await server.stop()
    removeDir(dataDir)
  }
}
