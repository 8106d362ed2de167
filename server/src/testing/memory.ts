import { rmSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { Boards } from '../boards.ts'
import { DEFAULT_LIMITS, type Limits } from '../limits.ts'
import { memoryLogger } from '../logger.ts'
import { Metrics } from '../metrics.ts'
import { SqliteStorage } from '../storage/sqlite.ts'
import type { BoardStorage } from '../storage/storage.ts'
import type { SocketEvents, SyncSocket } from '../sync/socket.ts'
import { SyncServer } from '../sync/syncServer.ts'
import type { Clock } from '../sync/tokenBucket.ts'
import { storedDoc } from './stored.ts'
import { tempDir } from './testServer.ts'
import { waitFor } from './wait.ts'

/** A socket whose two ends are arrays: what the server sent, and how it closed. */
export class MemorySocket implements SyncSocket {
  readonly sent: Uint8Array[] = []
  closeEvent: { code: number; reason: string } | undefined
  bufferedAmount = 0
  events!: SocketEvents

  send(message: Uint8Array): void {
    if (!this.closeEvent) this.sent.push(message)
  }

  close(code: number, reason: string): void {
    this.closeEvent ??= { code, reason }
  }

  /** Sends a frame from the client side. */
  receive(frame: Uint8Array | string): void {
    this.events.message(frame)
  }
}

/** The sync core on real SQLite, driven through memory sockets. */
export interface MemoryCore {
  readonly storage: BoardStorage
  readonly sqlite: SqliteStorage
  readonly sync: SyncServer
  readonly boards: Boards
  readonly metrics: Metrics
  readonly logger: ReturnType<typeof memoryLogger>
  /** A socket, returned at once: frames sent now arrive before the board has loaded. */
  connect(boardId: string, token: string | undefined): MemorySocket
  /** A socket, returned once the server greeted it (sync step 1) or closed it. */
  open(boardId: string, token: string | undefined): Promise<MemorySocket>
  /** The board as storage has it: what a restarted server would load. */
  storedDoc(boardId: string): Promise<Y.Doc>
  /** The board's update log as stored. */
  storedUpdates(boardId: string): Promise<Uint8Array[]>
  close(): Promise<void>
}

/**
 * Builds the core around a temporary SQLite file. `wrap` may put a storage in between (to delay
 * or fail appends); `now` replaces the clock of the rate limits.
 */
export function memoryCore(
  options: { limits?: Partial<Limits>; now?: Clock; wrap?: (s: BoardStorage) => BoardStorage } = {},
): MemoryCore {
  const dir = tempDir()
  const sqlite = new SqliteStorage(join(dir, 'test.sqlite'))
  const storage = options.wrap ? options.wrap(sqlite) : sqlite
  const metrics = new Metrics(storage)
  const logger = memoryLogger()
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const sync = new SyncServer({
    storage,
    limits,
    logger,
    metrics,
    ...(options.now ? { now: options.now } : {}),
  })
  const boards = new Boards(storage, sync, limits.maxBoardBytes)
  const connect = (boardId: string, token: string | undefined) => {
    const socket = new MemorySocket()
    socket.events = sync.connect(socket, { boardId, token })
    return socket
  }
  return {
    storage,
    sqlite,
    sync,
    boards,
    metrics,
    logger,
    connect,
    async open(boardId, token) {
      const socket = connect(boardId, token)
      await waitFor(() => socket.sent.length > 0 || socket.closeEvent !== undefined, 'greeting or close')
      return socket
    },
    storedDoc: (boardId) => storedDoc(sqlite, boardId),
    async storedUpdates(boardId) {
      return ((await sqlite.loadState(boardId))?.updates ?? []).map((u) => new Uint8Array(u.data))
    },
    async close() {
      await sync.shutdown()
      await sqlite.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A counter's current value, summed over its labels (or for one label set). */
export async function metricValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name)
  if (!metric) throw new Error(`no metric ${name}`)
  const { values } = await metric.get()
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0)
}

/** Updates the server refused so far, for one reason (`read_only`, `board_too_big`, …) or in all. */
export function rejectedUpdates(metrics: Metrics, reason?: string): Promise<number> {
  return metricValue(metrics, 'gebiedsbord_updates_rejected_total', reason === undefined ? {} : { reason })
}

/** An update that adds one key to a map of its own: valid, and a change on any board. */
export function anUpdate(key = 'k', value: unknown = 1): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('test').set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

/** A storage that forwards everything except the methods given (to delay or fail them). */
export function around(storage: BoardStorage, overrides: Partial<BoardStorage>): BoardStorage {
  return new Proxy(storage, {
    get: (target, key) =>
      key in overrides
        ? overrides[key as keyof BoardStorage]
        : (target[key as keyof BoardStorage] as (...a: unknown[]) => unknown).bind(target),
  })
}
