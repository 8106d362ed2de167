import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { Root } from '@gebiedsbord/model'
import { Redis } from 'ioredis'
import { Client } from 'pg'
import * as Y from 'yjs'
import { PostgresStorage } from '../storage/postgres.ts'
import { wouldChange } from '../sync/changes.ts'
import { decodeUpdate } from '../sync/messages.ts'
import { type ChildServer, createBoardOn, startChildServer } from './childServer.ts'
import { storedDoc } from './stored.ts'
import type { CreatedBoardBody } from './testServer.ts'
import { tempDir } from './testServer.ts'
import { waitFor } from './wait.ts'

/** The PostgreSQL and Redis a scale-out test may use, from DATABASE_URL_TEST and REDIS_URL_TEST. */
export interface ScaleoutServices {
  readonly databaseUrl: string
  readonly redisUrl: string
}

/**
 * The services of the scale-out tests, or undefined (with the line saying so on stderr) when
 * either variable is unset: the suite is then skipped. `.ci/run` sets both.
 */
export function scaleoutServices(what = 'scale-out'): ScaleoutServices | undefined {
  const databaseUrl = process.env.DATABASE_URL_TEST
  const redisUrl = process.env.REDIS_URL_TEST
  if (databaseUrl && redisUrl) return { databaseUrl, redisUrl }
  process.stderr.write(`${what}: SKIPPED — DATABASE_URL_TEST / REDIS_URL_TEST not set\n`)
  return undefined
}

/** A free TCP port on 127.0.0.1 (for a private redis-server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/** Runs `work` on a PostgreSQL connection of its own. */
export async function withPostgres<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url })
  await c.connect()
  try {
    return await work(c)
  } finally {
    await c.end()
  }
}

/** Why PostgreSQL or Redis cannot be used (for a benchmark to say it skipped), or undefined when both answer. */
export async function unreachable(s: ScaleoutServices): Promise<string | undefined> {
  try {
    await withPostgres(s.databaseUrl, (c) => c.query('SELECT 1'))
  } catch (err) {
    return `PostgreSQL at ${new URL(s.databaseUrl).host}: ${err instanceof Error ? err.message : String(err)}`
  }
  const redis = new Redis(s.redisUrl, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  })
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.ping()
    return undefined
  } catch (err) {
    return `Redis at ${new URL(s.redisUrl).host}: ${err instanceof Error ? err.message : String(err)}`
  } finally {
    redis.disconnect()
  }
}

/**
 * Several real server processes on one PostgreSQL schema and one Redis prefix of their own, as a
 * test's cluster: each instance is `node server/src/main.ts` with DATABASE_URL, DATABASE_SCHEMA,
 * REDIS_URL and REDIS_PREFIX set, its connections named `application_name` in PostgreSQL so that
 * the test can terminate exactly them. `cleanup` stops them, drops the schema and checks Redis.
 */
export class Cluster {
  readonly id = randomBytes(5).toString('hex')
  readonly schema = `gbscale_${this.id}`
  readonly prefix = `gbtest:${this.id}:`
  readonly applicationName = `gebiedsbord-scale-${this.id}`
  readonly instances: ChildServer[] = []
  readonly #dataDirs: string[] = []
  #storage: PostgresStorage | undefined

  constructor(
    readonly services: ScaleoutServices,
    /** Redis of this cluster (a private redis-server), when not the shared one. */
    readonly redisUrl = services.redisUrl,
    /** Environment every instance gets on top of the cluster's own. */
    readonly env: Record<string, string> = {},
  ) {}

  /** DATABASE_URL of the instances: the test database, their connections named for this cluster. */
  get databaseUrl(): string {
    const url = new URL(this.services.databaseUrl)
    url.searchParams.set('application_name', this.applicationName)
    return url.toString()
  }

  /** Starts `count` more instances, one after another (the first migrates the schema). */
  async start(count: number, env: Record<string, string> = {}): Promise<ChildServer[]> {
    const started: ChildServer[] = []
    for (let i = 0; i < count; i++) started.push(await this.#startOne(env))
    return started
  }

  async #startOne(env: Record<string, string>): Promise<ChildServer> {
    const dataDir = tempDir('gebiedsbord-scale-')
    this.#dataDirs.push(dataDir)
    const child = await startChildServer(dataDir, {
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      REDIS_URL: this.redisUrl,
      REDIS_PREFIX: this.prefix,
      // The tests drive many edits per client; the per-connection rate limit is not under test.
      UPDATE_RATE: '100000',
      UPDATE_BURST: '100000',
      ...this.env,
      ...env,
    })
    this.instances.push(child)
    return child
  }

  /** Kills an instance with SIGKILL (no shutdown at all) and waits until it is gone. */
  async kill(instance: ChildServer): Promise<void> {
    instance.process.kill('SIGKILL')
    await instance.exited
  }

  /** Creates a board through an instance's API. */
  createBoard(instance: ChildServer, name = 'Gedeeld bord'): Promise<CreatedBoardBody> {
    return createBoardOn(instance, name)
  }

  /** The board as the shared storage has it (what any instance loads). */
  async stored(boardId: string): Promise<Y.Doc> {
    this.#storage ??= await PostgresStorage.open({
      connectionString: this.services.databaseUrl,
      schema: this.schema,
      applicationName: `${this.applicationName}-reader`,
    })
    return storedDoc(this.#storage, boardId)
  }

  /** The board as one instance serves it now (its live doc, behind the updates it has queued). */
  async served(instance: ChildServer, board: CreatedBoardBody): Promise<Y.Doc> {
    const res = await fetch(`${instance.url}/api/boards/${board.id}/state`, {
      headers: { authorization: `Bearer ${board.viewToken}` },
    })
    if (res.status !== 200) throw new Error(`reading the state failed: ${res.status} ${await res.text()}`)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()))
    return doc
  }

  /** A metric's value on an instance, from its /metrics: summed over the series that carry `label` (e.g. `reason="recovered"`), or over all. */
  async metric(instance: ChildServer, name: string, label?: string): Promise<number> {
    const text = await (await fetch(`${instance.url}/metrics`)).text()
    let sum = 0
    for (const line of text.split('\n')) {
      const series = line.startsWith(`${name} `) || line.startsWith(`${name}{`)
      if (series && (label === undefined || line.includes(label))) sum += Number(line.split(' ').at(-1))
    }
    return sum
  }

  /**
   * Terminates the instances' PostgreSQL connections (by their application_name), as a database
   * restart or an administrator would; returns how many there were.
   */
  terminateBackends(): Promise<number> {
    return withPostgres(this.services.databaseUrl, async (c) => {
      const { rowCount } = await c.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1`,
        [this.applicationName],
      )
      return rowCount ?? 0
    })
  }

  /**
   * Stops every instance (SIGTERM, graceful), drops the schema, and removes every Redis key
   * under the prefix. Returns what was left in Redis before that: channels still subscribed and
   * keys (pub/sub keeps neither once the instances are gone).
   */
  async cleanup(): Promise<{ channels: string[]; keys: string[] }> {
    for (const i of this.instances)
      if (i.process.exitCode === null && i.process.signalCode === null) i.process.kill('SIGTERM')
    await Promise.all(this.instances.map((i) => i.exited))
    await this.#storage?.close()
    await withPostgres(this.services.databaseUrl, (c) =>
      c.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`),
    )
    for (const dir of this.#dataDirs) rmSync(dir, { recursive: true, force: true })
    const redis = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
    try {
      await redis.connect()
      const channels = (await redis.pubsub('CHANNELS', `${this.prefix}*`)) as string[]
      const keys = await redis.keys(`${this.prefix}*`)
      if (keys.length > 0) await redis.del(...keys)
      return { channels, keys }
    } catch {
      // A private Redis the test has stopped: nothing is left in it.
      return { channels: [], keys: [] }
    } finally {
      redis.disconnect()
    }
  }
}

/**
 * A redis-server of a test's own on a free port (no persistence), so that a test can stop and
 * restart Redis without touching the machine's.
 */
export class PrivateRedis {
  #process: ChildProcess | undefined

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort())
    await redis.resume()
    return redis
  }

  /** Starts (again) on the same port and waits until it answers. */
  async resume(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    )
    this.#process = child
    await waitFor(async () => {
      if (child.exitCode !== null)
        throw new Error(`redis-server on port ${this.port} exited with ${child.exitCode}`)
      const probe = new Redis(this.url, {
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      })
      probe.on('error', () => {})
      try {
        await probe.connect()
        return (await probe.ping()) === 'PONG'
      } catch {
        return false
      } finally {
        probe.disconnect()
      }
    }, `redis-server on port ${this.port} to answer`)
  }

  /** Stops it (SIGKILL: connections drop at once, as when Redis crashes) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.#process
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

/**
 * A TCP proxy in front of Redis for one instance, so that a test can cut that instance off from
 * Redis (a network partition) while the others stay connected.
 */
export class RedisProxy {
  readonly #server: Server
  readonly #sockets = new Set<Socket>()
  #cut = false

  private constructor(
    readonly port: number,
    server: (proxy: RedisProxy) => Server,
  ) {
    this.#server = server(this)
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Listens on a free port and forwards every connection to `target` (`redis://host:port`). */
  static async start(target: string): Promise<RedisProxy> {
    const port = await freePort()
    const proxy = new RedisProxy(port, (p) => p.#listen(target))
    await new Promise<void>((resolve) => proxy.#server.listen(port, '127.0.0.1', resolve))
    return proxy
  }

  #listen(target: string): Server {
    const { hostname, port } = new URL(target)
    return createServer((client) => {
      if (this.#cut) {
        client.destroy()
        return
      }
      const upstream = connect(Number(port || 6379), hostname)
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        from.pipe(to)
        from.on('error', () => to.destroy())
        from.on('close', () => to.destroy())
        this.#sockets.add(from)
        from.once('close', () => this.#sockets.delete(from))
      }
    })
  }

  /** Drops every connection through the proxy and refuses new ones until `restore`. */
  cut(): void {
    this.#cut = true
    for (const s of this.#sockets) s.destroy()
  }

  restore(): void {
    this.#cut = false
  }

  close(): Promise<void> {
    this.cut()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }
}

/** A value with every object's keys sorted: a Y.Map lists its keys in the order they arrived. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortedKeys(v)]),
  )
}

/** What a doc holds, comparable across docs: its state vector and the JSON of the model's roots. */
export function docContent(doc: Y.Doc): string {
  const vector = Buffer.from(Y.encodeStateVector(doc)).toString('hex')
  const roots = Object.values(Root).map((name) => [name, sortedKeys(doc.getMap(name).toJSON())])
  return JSON.stringify({ vector, roots })
}

/** Every update a doc takes in from now on (its own edits and what it receives), in order. */
export function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const seen: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => seen.push(update))
  return seen
}

/** How many of `updates` a doc does not wholly contain (a struct it lacks, a deletion it has not made). */
export function missingFrom(doc: Y.Doc, updates: readonly Uint8Array[]): number {
  let missing = 0
  for (const u of updates) {
    const decoded = decodeUpdate(u)
    if (!decoded || wouldChange(doc, decoded)) missing++
  }
  return missing
}
