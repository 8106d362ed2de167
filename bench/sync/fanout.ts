import { performance } from 'node:perf_hooks'
import { connectAll, type SyncClient, until } from './client.ts'
import { cpuSeconds, removeDir, rssBytes, tempDir } from './process.ts'
import { endpoint, type ServerUnderTest } from './servers.ts'

/** A fan-out load: `boards` boards, each with one writer and `readers` readers. */
export interface FanoutProfile {
  readonly boards: number
  readonly readers: number
  /** Updates per second from each writer. */
  readonly rate: number
  /** Measured seconds (after one second of warm-up). */
  readonly seconds: number
}

/** What one fan-out run measured. */
export interface FanoutResult {
  /** Milliseconds from a write to a reader's doc having it, one sample per delivery. */
  readonly latencies: number[]
  /** Deliveries offered: measured writes × readers. */
  readonly offered: number
  readonly delivered: number
  readonly deliveredPerSecond: number
  /** Server CPU seconds (user + system) over the measured phase. */
  readonly cpuSeconds: number
  /** Server resident set size at the end of the measured phase. */
  readonly rssBytes: number
}

interface Tick {
  readonly n: number
  readonly t: number
}

/**
 * Runs a fan-out profile against a freshly started server: every writer sets a tick (its number
 * and send time) `rate` times a second, every reader records when the tick reached its doc. The
 * writers are staggered over the tick interval so that the boards do not write in lock-step.
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

    const warmTicks = p.rate // the first second is warm-up
    const totalTicks = warmTicks + Math.round(p.rate * p.seconds)
    const latencies: number[] = []
    let delivered = 0
    let lastDelivery = 0
    for (const reader of clients.slice(writers.length)) {
      const map = reader.doc.getMap<Tick>('bench')
      map.observe(() => {
        const tick = map.get('t')
        if (!tick || tick.n <= warmTicks) return
        const now = performance.now()
        latencies.push(now - tick.t)
        delivered++
        lastDelivery = now
      })
    }

    let cpu0 = 0
    let t0 = 0
    const interval = 1000 / p.rate
    const started = writers.map(
      (writer, b) =>
        new Promise<void>((done) => {
          const map = writer.doc.getMap<Tick>('bench')
          let n = 0
          const start = setTimeout(
            () => {
              const timer = setInterval(() => {
                n++
                if (b === 0 && n === warmTicks + 1) {
                  cpu0 = cpuSeconds(server.pid)
                  t0 = performance.now()
                }
                map.set('t', { n, t: performance.now() })
                if (n >= totalTicks) {
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
    await Promise.all(started)
    const offered = (totalTicks - warmTicks) * p.boards * p.readers
    await until(() => delivered >= offered, 'every reader to see every tick', 15_000, 20).catch(() => {})
    const cpu = cpuSeconds(server.pid) - cpu0
    const rss = rssBytes(server.pid)
    const elapsed = Math.max(lastDelivery, t0 + p.seconds * 1000) - t0
    return {
      latencies,
      offered,
      delivered,
      deliveredPerSecond: (delivered / elapsed) * 1000,
      cpuSeconds: cpu,
      rssBytes: rss,
    }
  } finally {
    for (const t of timers) clearTimeout(t)
    for (const c of clients) c.destroy()
    await server.stop()
    removeDir(dataDir)
  }
}
