import { randomBytes } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { decodeFrame, encodeFrame, type Fanout, type FanoutKind, type FanoutMessage } from '../sync/fanout.ts'

/** Bytes of an instance id: random per process, so that a restarted instance is a new one. */
const INSTANCE_ID_BYTES = 16

/** The key prefix when REDIS_PREFIX is not set. */
export const DEFAULT_REDIS_PREFIX = 'gebiedsbord:'

/** Reconnect delays grow by this much per attempt… */
const RECONNECT_STEP_MS = 100
/** …up to this: an instance finds a restarted Redis within about this long. */
const RECONNECT_MAX_MS = 1_000

/** A publish not answered within this long counts as failed (the connection is then renewed). */
const PUBLISH_TIMEOUT_MS = 2_000

/** How long `waitUntilConnected` waits by default at start before the server runs without Redis. */
const DEFAULT_START_WAIT_MS = 5_000

/** Where Redis is and what to call things in it. */
export interface RedisFanoutOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (REDIS_URL). */
  readonly url: string
  /** Prefix of every channel (REDIS_PREFIX), so that several deployments can share one Redis. */
  readonly prefix?: string
  readonly logger: Logger
  readonly metrics: Metrics
}

/**
 * Fan-out between server instances over Redis pub/sub: one channel per doc key
 * (`<prefix>doc:<key>`), one connection that publishes and one that subscribes (a subscribed
 * Redis connection can do nothing else).
 *
 * Pub/sub is at most once: what is published while a connection is down is lost, and nothing is
 * kept in Redis. The durable, ordered log is the shared database; a lost message is read back
 * from it. So this class never queues or resends: a command while a connection is down fails at
 * once, and when both connections are back (every subscription renewed) it reports a recovery,
 * on which the sync core reads every loaded doc back from storage and tells the other instances
 * to do the same (see `RemoteRooms`).
 */
export class RedisFanout implements Fanout {
  /** This process's id in every frame it sends: its own messages come back on the channel and are skipped. */
  readonly instance: Uint8Array = randomBytes(INSTANCE_ID_BYTES)
  readonly #prefix: string
  readonly #pub: Redis
  readonly #sub: Redis
  /** Deliveries by channel name; a channel is subscribed while it is here. */
  readonly #deliveries = new Map<string, (message: FanoutMessage) => void>()
  readonly #recoveredListeners: (() => void)[] = []
  /** Whether the subscriber has renewed every subscription since it last (re)connected. */
  #subscribed = false
  /** Whether Redis was reported lost (so that one line is logged per outage, not per retry). */
  #lost = false
  #closed = false

  constructor(private readonly options: RedisFanoutOptions) {
    this.#prefix = options.prefix ?? DEFAULT_REDIS_PREFIX
    const id = Buffer.from(this.instance).toString('hex').slice(0, 12)
    const common: RedisOptions = {
      // Fail at once while disconnected: a queued message would arrive late and out of place,
      // and storage is what makes up for the lost ones.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      // Renewed by this class, so that it knows when every channel is back (see `#renew`).
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * RECONNECT_STEP_MS, RECONNECT_MAX_MS),
    }
    this.#pub = new Redis(options.url, { ...common, connectionName: `gebiedsbord-${id}-pub` })
    this.#sub = new Redis(options.url, { ...common, connectionName: `gebiedsbord-${id}-sub` })
    for (const conn of [this.#pub, this.#sub]) {
      conn.on('error', (err: Error) => this.#lose(err))
      conn.on('close', () => this.#lose())
    }
    this.#pub.on('ready', () => this.#readied())
    this.#sub.on('ready', () => void this.#renew())
    this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#message(channel, message))
  }

  get connected(): boolean {
    return this.#pub.status === 'ready' && this.#sub.status === 'ready' && this.#subscribed
  }

  /** Resolves once connected (true) or after `timeoutMs` (false); the server starts either way. */
  async waitUntilConnected(timeoutMs = DEFAULT_START_WAIT_MS): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!this.connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    return this.connected
  }

  async subscribe(key: string, deliver: (message: FanoutMessage) => void): Promise<boolean> {
    const channel = this.#channel(key)
    this.#deliveries.set(channel, deliver)
    // While the subscriber is down the channel is subscribed by `#renew` on its return.
    if (this.#sub.status !== 'ready') return false
    try {
      await this.#sub.subscribe(channel)
      return true
    } catch {
      return false
    }
  }

  async unsubscribe(key: string): Promise<void> {
    const channel = this.#channel(key)
    this.#deliveries.delete(channel)
    if (this.#sub.status === 'ready') await this.#sub.unsubscribe(channel).catch(() => {})
  }

  publish(key: string, kind: FanoutKind, payload: Uint8Array): void {
    const { metrics } = this.options
    if (this.#pub.status !== 'ready') {
      metrics.fanoutPublishFailures.inc()
      return
    }
    const frame = encodeFrame(this.instance, kind, payload)
    const sent = this.#pub.publish(
      this.#channel(key),
      Buffer.from(frame.buffer, frame.byteOffset, frame.length),
    )
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer from Redis')), PUBLISH_TIMEOUT_MS)
    })
    Promise.race([sent, timeout]).then(
      () => {
        clearTimeout(timer)
        metrics.fanoutPublished.inc({ kind })
      },
      (err: unknown) => {
        clearTimeout(timer)
        metrics.fanoutPublishFailures.inc()
        // Lost on a connection that still looks ready: renew it, so that the recovery that
        // follows has every instance read the docs back from storage.
        if (this.#pub.status === 'ready' && !this.#closed) {
          this.options.logger.warn('a Redis publish failed; reconnecting', { error: String(err) })
          this.#pub.disconnect(true)
        }
      },
    )
  }

  onRecovered(listener: () => void): void {
    this.#recoveredListeners.push(listener)
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#deliveries.clear()
    await Promise.all(
      [this.#pub, this.#sub].map((conn) =>
        conn.status === 'ready' ? conn.quit().catch(() => conn.disconnect()) : conn.disconnect(),
      ),
    )
    this.options.metrics.redisConnected.set(0)
  }

  #channel(key: string): string {
    return `${this.#prefix}doc:${key}`
  }

  /** Subscribes every channel again after the subscriber (re)connected, then reports the recovery. */
  async #renew(): Promise<void> {
    const channels = [...this.#deliveries.keys()]
    try {
      if (channels.length > 0) await this.#sub.subscribe(...channels)
    } catch {
      // Lost again meanwhile: the next 'ready' renews.
      return
    }
    this.#subscribed = true
    this.#readied()
  }

  /** Once both connections are ready and subscribed, tells the listeners (at start as after an outage). */
  #readied(): void {
    if (this.#closed || !this.connected) return
    this.options.metrics.redisConnected.set(1)
    if (this.#lost) this.options.logger.info('Redis is back; catching up from storage')
    this.#lost = false
    for (const listener of this.#recoveredListeners) listener()
  }

  #lose(err?: Error): void {
    if (this.#sub.status !== 'ready') this.#subscribed = false
    this.options.metrics.redisConnected.set(this.connected ? 1 : 0)
    if (this.connected || this.#lost || this.#closed) return
    this.#lost = true
    this.options.logger.warn(
      'Redis unreachable; serving this instance’s clients, catching up when it is back',
      {
        ...(err ? { error: err.message } : {}),
      },
    )
  }

  #message(channel: Buffer, message: Buffer): void {
    const deliver = this.#deliveries.get(channel.toString())
    if (!deliver) return
    const frame = decodeFrame(new Uint8Array(message.buffer, message.byteOffset, message.length))
    if (typeof frame === 'string') {
      this.options.logger.warn('skipped an unreadable fan-out message', { reason: frame })
      return
    }
    if (Buffer.compare(frame.instance, this.instance) === 0) return
    this.options.metrics.fanoutReceived.inc({ kind: frame.kind })
    deliver(frame)
  }
}
