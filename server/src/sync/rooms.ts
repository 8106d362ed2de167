import { initDiscussion } from '@gebiedsbord/model'
import * as Y from 'yjs'
import type { Limits } from '../limits.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { type BoardStorage, parseDocKey } from '../storage/storage.ts'
import { rebuildDoc } from './docState.ts'
import type { Fanout } from './fanout.ts'
import { PresenceExpiry } from './presence.ts'
import { RemoteRooms } from './remoteRooms.ts'
import { Room, type RoomContext } from './room.ts'
import { StoredSnapshot } from './storedSnapshot.ts'
import type { Clock } from './tokenBucket.ts'

const ignore = (): void => {}

/** Loaded boards with a non-empty log are compacted at least this often, even while busy. */
export const COMPACT_INTERVAL_MS = 60_000

/** What the room manager needs. */
export interface RoomManagerOptions {
  readonly storage: BoardStorage
  readonly limits: Limits
  readonly logger: Logger
  readonly metrics: Metrics
  /** The clock of session events and checkpoints; `Date.now` when absent. */
  readonly now?: Clock
  /** The other server instances on the same storage (REDIS_URL), when there are any. */
  readonly fanout?: Fanout | undefined
}

/**
 * Loads boards on demand, keeps one Room per board, and unloads a board once it has been idle
 * for `idleUnloadMs`. A connection that arrives while its board is being unloaded waits for the
 * unload to finish and then loads the stored state afresh.
 */
export class RoomManager {
  readonly #rooms = new Map<string, Promise<Room>>()
  readonly #unloading = new Map<string, Promise<void>>()
  readonly #idleTimers = new Map<string, ReturnType<typeof setTimeout>>()
  readonly #compactTimer: ReturnType<typeof setInterval>
  /** One awareness timer for every board (y-protocols would run one per board). */
  readonly #presenceExpiry = new PresenceExpiry()
  /** What every room is given; one object for all of them. */
  readonly #roomContext: RoomContext
  /** Each loaded doc's channel to the other instances (with fan-out only). */
  readonly #remote: RemoteRooms | undefined
  #closed = false

  constructor(private readonly options: RoomManagerOptions) {
    this.#compactTimer = setInterval(() => void this.#compactAll(), COMPACT_INTERVAL_MS)
    this.#compactTimer.unref()
    const { storage, limits, logger, metrics } = options
    this.#roomContext = {
      storage,
      limits,
      logger,
      metrics,
      presenceExpiry: this.#presenceExpiry,
      now: options.now ?? Date.now,
      onEmpty: (room) => this.#scheduleUnload(room),
      fanout: options.fanout,
    }
    this.#remote = options.fanout && new RemoteRooms(options.fanout, logger, () => this.all())
  }

  /**
   * The room of a board, loading it when needed, with a reservation held for the caller until
   * it calls `room.join` (which also hands back the reservation of a connection that closed).
   */
  async acquire(boardId: string): Promise<Room> {
    for (let pending = this.#unloading.get(boardId); pending; pending = this.#unloading.get(boardId))
      await pending
    let loading = this.#rooms.get(boardId)
    if (!loading) {
      loading = this.#load(boardId)
      this.#rooms.set(boardId, loading)
      loading.catch(() => this.#rooms.delete(boardId))
    }
    const room = await loading
    // Between the load and now the room may have been unloaded (idle after its last client left).
    if (this.#rooms.get(boardId) !== loading) return this.acquire(boardId)
    clearTimeout(this.#idleTimers.get(boardId))
    this.#idleTimers.delete(boardId)
    room.reserve()
    return room
  }

  /** The room of a board if it is loaded (for reads that must not load it). */
  async loaded(boardId: string): Promise<Room | undefined> {
    return this.#rooms.get(boardId)?.catch(() => undefined)
  }

  /** Every loaded board (waiting for those still loading). */
  async all(): Promise<Room[]> {
    const rooms = await Promise.all([...this.#rooms.values()].map((p) => p.catch(() => undefined)))
    return rooms.filter((r): r is Room => r !== undefined)
  }

  /** Number of loaded (or loading) boards. */
  get size(): number {
    return this.#rooms.size
  }

  /** Loads a board; with fan-out its channel is subscribed first, so that no update falls between. */
  async #load(boardId: string): Promise<Room> {
    const attach = await this.#remote?.open(boardId)
    let room: Room | undefined
    try {
      room = await this.#read(boardId)
      return room
    } finally {
      attach?.(room)
    }
  }

  async #read(boardId: string): Promise<Room> {
    const { storage, logger } = this.options
    let state = await storage.loadState(boardId)
    if (!state) throw new Error(`board ${boardId} has no stored state`)
    if (!state.snapshot && state.updates.length === 0 && parseDocKey(boardId).kind === 'discussion')
      state = await this.#startDiscussion(boardId)
    const context = this.#roomContext
    // A compacted board (no log) is served from its snapshot bytes; the doc is built on demand.
    if (state.snapshot && state.updates.length === 0)
      return new Room(boardId, { snapshot: new StoredSnapshot(state.snapshot, state.stateVector) }, context)
    const rebuilt = rebuildDoc(state)
    if (rebuilt.skipped.length > 0)
      logger.error('left out stored updates that could not be applied', {
        board: boardId,
        seqs: rebuilt.skipped.join(','),
      })
    return new Room(boardId, rebuilt, context)
  }

  /**
   * A board's discussion is made, stamped with its schema version, when it is first opened: the
   * stamp is then the server's, so that a viewer's first comment (only comments are theirs to
   * write) need not carry it.
   */
  async #startDiscussion(key: string): Promise<{ snapshot: Uint8Array; updates: [] }> {
    const doc = new Y.Doc()
    initDiscussion(doc)
    const snapshot = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    await this.options.storage.compact(key, snapshot, 0)
    // Another instance may open it at the same moment with a stamp of its own: each takes in the other's.
    this.options.fanout?.publish(key, 'update', snapshot)
    return { snapshot, updates: [] }
  }

  #scheduleUnload(room: Room): void {
    // After closeAll every room is unloaded already (or is being).
    if (this.#closed) return
    clearTimeout(this.#idleTimers.get(room.id))
    const timer = setTimeout(() => {
      this.#idleTimers.delete(room.id)
      if (room.idle) void this.#unload(room)
    }, this.options.limits.idleUnloadMs)
    timer.unref()
    this.#idleTimers.set(room.id, timer)
  }

  async #unload(room: Room): Promise<void> {
    this.#rooms.delete(room.id)
    // Unsubscribed before a reload can subscribe again (it waits for `done`). What other
    // instances send meanwhile is dropped: this room is going, and the next load reads storage.
    const unsubscribed = this.#remote?.close(room.id)
    const done = Promise.all([room.unload(), unsubscribed]).then(ignore, (err: unknown) => {
      this.options.logger.error('unloading a board failed', { board: room.id, error: String(err) })
    })
    this.#unloading.set(room.id, done)
    await done
    this.#unloading.delete(room.id)
  }

  async #compactAll(): Promise<void> {
    for (const loading of this.#rooms.values()) {
      const room = await loading.catch(() => undefined)
      if (!room) continue
      if (room.logCount > 0) await room.compact()
      // With several instances, an update stored by an instance that died before publishing it
      // reaches the others' loaded copies only from storage: read it back now and then even
      // where nothing local prompts a compaction (which catches up on its own).
      else if (this.#remote && room.connectionCount > 0) room.catchUp('periodic')
    }
  }

  /** Unloads every board (after shutdown closed the connections): queues drained, logs compacted. */
  async closeAll(): Promise<void> {
    this.#closed = true
    clearInterval(this.#compactTimer)
    for (const t of this.#idleTimers.values()) clearTimeout(t)
    this.#idleTimers.clear()
    await Promise.all((await this.all()).map((r) => this.#unload(r)))
    await Promise.all(this.#unloading.values())
  }
}
