import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { BoardStorage } from './storage/storage.ts'

/** Why an inbound update was not applied. */
export type RejectReason = 'read_only' | 'board_too_big' | 'storage_error' | 'invalid'

/**
 * The server's Prometheus metrics, in a registry of its own so that several servers (tests) can
 * live in one process.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly connections = new Gauge({
    name: 'gebiedsbord_connections',
    help: 'Open WebSocket connections that passed authentication.',
    registers: [this.registry],
  })
  readonly roomsLoaded = new Gauge({
    name: 'gebiedsbord_rooms_loaded',
    help: 'Boards whose document is loaded in memory.',
    registers: [this.registry],
  })
  readonly updatesIn = new Counter({
    name: 'gebiedsbord_updates_in_total',
    help: 'Document updates accepted from clients and stored.',
    registers: [this.registry],
  })
  readonly updatesOut = new Counter({
    name: 'gebiedsbord_updates_out_total',
    help: 'Document update messages relayed to clients (one per recipient).',
    registers: [this.registry],
  })
  readonly updatesRejected = new Counter({
    name: 'gebiedsbord_updates_rejected_total',
    help: 'Document updates not applied, by reason (read_only: sent with a view token).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly closes = new Counter({
    name: 'gebiedsbord_connections_closed_total',
    help: 'Connections closed by the server, by close code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  })
  readonly awarenessCoalesced = new Counter({
    name: 'gebiedsbord_awareness_coalesced_total',
    help: 'Awareness messages merged into a later relay by the per-connection rate limit.',
    registers: [this.registry],
  })
  readonly persistSeconds = new Histogram({
    name: 'gebiedsbord_persist_seconds',
    help: 'Time from handing an update to storage until it is committed (with the updates of the same event-loop turn).',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  })
  readonly compactions = new Counter({
    name: 'gebiedsbord_compactions_total',
    help: 'Update logs merged into a snapshot.',
    registers: [this.registry],
  })

  // Fan-out between instances (REDIS_URL); they stay at zero without it.
  readonly fanoutPublished = new Counter({
    name: 'gebiedsbord_fanout_published_total',
    help: 'Messages published to the other instances, by kind (update, awareness, control).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  })
  readonly fanoutPublishFailures = new Counter({
    name: 'gebiedsbord_fanout_publish_failures_total',
    help: 'Messages not published because Redis was unreachable (the other instances catch up from storage).',
    registers: [this.registry],
  })
  readonly fanoutReceived = new Counter({
    name: 'gebiedsbord_fanout_received_total',
    help: 'Messages received from the other instances, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  })
  readonly catchUps = new Counter({
    name: 'gebiedsbord_fanout_catchups_total',
    help: 'Loaded docs read back from storage to take in what fan-out may have missed, by reason: recovered (Redis is back), resync (another instance was away), subscribed_late, compaction.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly redisConnected = new Gauge({
    name: 'gebiedsbord_redis_connected',
    help: '1 while both Redis connections (publish, subscribe) are ready, else 0 (always 0 without REDIS_URL).',
    registers: [this.registry],
  })

  constructor(storage: BoardStorage) {
    new Gauge({
      name: 'gebiedsbord_storage_bytes',
      help: 'Bytes occupied by storage (database and write-ahead log).',
      registers: [this.registry],
      async collect() {
        this.set((await storage.stats()).bytes)
      },
    })
    new Gauge({
      name: 'gebiedsbord_boards',
      help: 'Boards in storage.',
      registers: [this.registry],
      async collect() {
        this.set((await storage.stats()).boards)
      },
    })
  }

  /** The metrics in Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics()
  }
}
