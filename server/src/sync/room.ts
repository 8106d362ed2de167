import { performance } from 'node:perf_hooks'
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Limits } from '../limits.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import type { BoardStorage } from '../storage/storage.ts'
import { wouldChange } from './changes.ts'
import { Connection } from './connection.ts'
import { type RebuiltDoc, rebuildDoc } from './docState.ts'
import type { AwarenessEntry, DecodedUpdate, InboundMessage } from './messages.ts'
import {
  awarenessMessage,
  CloseCode,
  syncStep1Message,
  syncStep2Message,
  syncUpdateMessage,
} from './protocol.ts'
import type { StoredSnapshot } from './storedSnapshot.ts'

/** How a board comes out of storage: a built doc, or (log empty) its snapshot, decoded on demand. */
export type LoadedBoard = RebuiltDoc | { readonly snapshot: StoredSnapshot }

/** What a room needs from the server around it. */
export interface RoomContext {
  readonly storage: BoardStorage
  readonly limits: Limits
  readonly logger: Logger
  readonly metrics: Metrics
  /** Called when the last connection has left (the manager then schedules an unload). */
  readonly onEmpty: (room: Room) => void
}

/**
 * One loaded board: its Y.Doc, the awareness of everyone connected, and their connections.
 *
 * Sync messages run one at a time through a queue, so that for every update the order is
 * validate → append to storage (awaited) → apply to the doc → relay. Nothing a client can observe
 * (a relay, a sync step 2, a compaction) ever includes an update that is not yet stored.
 */
export class Room {
  /** The board's doc once built; until then `#stored` is the whole board. */
  #doc: Y.Doc | undefined
  #stored: StoredSnapshot | undefined
  /** Awareness lives on a doc of its own so that the board doc can be rebuilt under it. */
  readonly awareness = new Awareness(new Y.Doc())
  readonly #connections = new Set<Connection>()
  /** Which connection speaks for each awareness client id: one lookup per entry, however many follow. */
  readonly #presenceOwners = new Map<number, Connection>()
  #reservations = 0
  #queue: Promise<void> = Promise.resolve()
  #lastSeq: number
  #bytes: number
  #logCount: number
  #compactionQueued = false

  constructor(
    readonly id: string,
    loaded: LoadedBoard,
    private readonly ctx: RoomContext,
  ) {
    if ('snapshot' in loaded) {
      this.#stored = loaded.snapshot
      this.#lastSeq = 0
      this.#bytes = loaded.snapshot.bytes.length
      this.#logCount = 0
    } else {
      this.#doc = loaded.doc
      this.#lastSeq = loaded.lastSeq
      this.#bytes = loaded.bytes
      this.#logCount = loaded.logCount
    }
    // The server is not a participant: it has no presence of its own to announce.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.#onAwareness)
    ctx.metrics.roomsLoaded.inc()
  }

  /** The live document (built from the stored snapshot on first use). Read it, never write it: writes bypass storage. */
  get doc(): Y.Doc {
    return this.#built()
  }

  /** Whether the doc has been built (a board that is only read is served from its snapshot bytes). */
  get built(): boolean {
    return this.#doc !== undefined
  }

  #built(): Y.Doc {
    if (this.#doc) return this.#doc
    this.#doc = (this.#stored as StoredSnapshot).build()
    this.#stored = undefined
    return this.#doc
  }

  get connectionCount(): number {
    return this.#connections.size
  }

  /** Updates in the log since the last snapshot. */
  get logCount(): number {
    return this.#logCount
  }

  /** Whether the room has neither connections nor connections on their way in. */
  get idle(): boolean {
    return this.#connections.size === 0 && this.#reservations === 0
  }

  /** Holds the room for a connection that is about to join, so that it is not unloaded meanwhile. */
  reserve(): void {
    this.#reservations++
  }

  /**
   * Admits a reserved connection: sends sync step 1 and the current awareness, then processes
   * what the connection sent while the board was loading. No document data is sent before this.
   * A connection that closed meanwhile just gives up its reservation.
   */
  join(conn: Connection): void {
    this.#reservations--
    if (conn.closed) {
      if (this.idle) this.ctx.onEmpty(this)
      return
    }
    if (this.#connections.size >= this.ctx.limits.maxConnectionsPerBoard) {
      conn.close(CloseCode.TryAgainLater, 'the board has its maximum number of connections')
      if (this.idle) this.ctx.onEmpty(this)
      return
    }
    this.#connections.add(conn)
    this.ctx.metrics.connections.inc()
    if (this.#doc) conn.send(syncStep1Message(Y.encodeStateVector(this.#doc)))
    const states = [...this.awareness.getStates().keys()]
    if (states.length > 0) conn.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, states)))
    conn.attach(this)
    // Served from the snapshot, the state vector takes a pass over its bytes: the client's own
    // sync step 1 (usually already waiting in the queue) is answered first, then ours follows.
    if (!this.built)
      void this.#enqueue(() => {
        if (conn.closed) return
        try {
          conn.send(syncStep1Message(this.#stateVector()))
        } catch (err) {
          this.#unreadable(conn, err)
        }
      })
  }

  /** The stored snapshot could not be read (a damaged board): nothing of it is served. */
  #unreadable(conn: Connection, err: unknown): void {
    this.ctx.logger.error('the stored board could not be read', { board: this.id, error: String(err) })
    conn.close(CloseCode.InternalError, 'the board could not be loaded')
  }

  #stateVector(): Uint8Array {
    return this.#doc ? Y.encodeStateVector(this.#doc) : (this.#stored as StoredSnapshot).stateVector()
  }

  /** Removes a closed connection and the awareness states it set, telling everyone else. */
  leave(conn: Connection): void {
    if (!this.#connections.delete(conn)) return
    this.ctx.metrics.connections.dec()
    if (conn.awarenessClients.size > 0)
      removeAwarenessStates(this.awareness, [...conn.awarenessClients], null)
    if (this.idle) this.ctx.onEmpty(this)
  }

  /** Handles a parsed message of a joined connection. */
  receive(conn: Connection, message: InboundMessage): void {
    switch (message.kind) {
      case 'awareness':
        // Presence is not stored and does not touch the doc: it skips the sync queue.
        if (conn.closed) return
        if (this.#changesForeignPresence(conn, message.entries)) {
          this.ctx.metrics.updatesRejected.inc({ reason: 'foreign_awareness' })
          conn.fail(CloseCode.Forbidden, 'presence of another participant cannot be changed')
          return
        }
        try {
          applyAwarenessUpdate(this.awareness, message.update, conn)
        } catch {
          conn.fail(CloseCode.BadMessage, 'awareness update could not be applied')
        }
        return
      case 'queryAwareness': {
        const states = [...this.awareness.getStates().keys()]
        if (states.length > 0) conn.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, states)))
        return
      }
      case 'syncStep1':
        void this.#enqueue(() => {
          if (conn.closed) return
          const sv = message.stateVector
          const stored = this.#stored
          try {
            conn.send(
              syncStep2Message(stored ? stored.syncStep2(sv) : Y.encodeStateAsUpdate(this.#built(), sv)),
            )
          } catch (err) {
            this.#unreadable(conn, err)
          }
        })
        return
      case 'syncUpdate':
        void this.#enqueue(() => this.#receiveUpdate(conn, message.update))
        return
    }
  }

  /** Sends the current awareness of `clients` to every connection (the sender too: it keeps stock clients' idle timers alive). */
  broadcastAwareness(clients: number[]): void {
    const message = awarenessMessage(encodeAwarenessUpdate(this.awareness, clients))
    for (const c of this.#connections) c.send(message)
  }

  /** Closes every connection (optionally only those with one access) with a code and reason. */
  closeConnections(code: CloseCode, reason: string, access?: Connection['access']): void {
    for (const c of [...this.#connections])
      if (access === undefined || c.access === access) c.close(code, reason)
  }

  /** Resolves once every sync message queued so far has been handled. */
  drain(): Promise<void> {
    return this.#enqueue(() => {})
  }

  /** Merges the update log into one snapshot (queued behind pending updates). */
  compact(): Promise<void> {
    return this.#enqueue(() => this.#compactNow())
  }

  /** Stops the room: drains the queue, compacts, frees the doc. The connections must be gone. */
  async unload(): Promise<void> {
    // Compaction failures are logged by the queue; every update is in the log regardless.
    await this.compact()
    this.awareness.off('update', this.#onAwareness)
    this.awareness.destroy()
    this.#doc?.destroy()
    this.#stored = undefined
    this.ctx.metrics.roomsLoaded.dec()
  }

  #enqueue(task: () => void | Promise<void>): Promise<void> {
    const run = this.#queue.then(task)
    this.#queue = run.catch((err: unknown) => {
      this.ctx.logger.error('sync task failed', { board: this.id, error: String(err) })
    })
    return this.#queue
  }

  async #receiveUpdate(conn: Connection, update: DecodedUpdate): Promise<void> {
    const { metrics, storage, limits, logger } = this.ctx
    // Most sync steps 2 repeat what the server has; they are neither stored nor relayed.
    let doc: Y.Doc
    try {
      if (this.#stored?.mayChange(update) === false) return
      doc = this.#built()
    } catch (err) {
      this.#unreadable(conn, err)
      return
    }
    if (!wouldChange(doc, update)) return
    if (conn.access !== 'edit') {
      metrics.updatesRejected.inc({ reason: 'read_only' })
      conn.denyWrite()
      return
    }
    const size = update.bytes.length
    if (this.#bytes + size > limits.maxBoardBytes) {
      await this.#compactNow()
      if (this.#bytes + size > limits.maxBoardBytes) {
        metrics.updatesRejected.inc({ reason: 'board_too_big' })
        conn.fail(CloseCode.BoardTooBig, 'the board has reached its size limit')
        return
      }
    }
    const started = performance.now()
    let seq: number
    try {
      seq = await storage.appendUpdate(this.id, update.bytes)
    } catch (err) {
      logger.error('could not store an update', { board: this.id, error: String(err) })
      metrics.updatesRejected.inc({ reason: 'storage_error' })
      conn.close(CloseCode.InternalError, 'the update could not be stored; reconnect to retry')
      return
    }
    metrics.persistSeconds.observe((performance.now() - started) / 1000)
    this.#lastSeq = seq
    this.#bytes += size
    this.#logCount++
    try {
      Y.applyUpdate(doc, update.bytes, conn)
    } catch (err) {
      await this.#recoverFromUnappliable(conn, seq, err)
      return
    }
    metrics.updatesIn.inc()
    const relay = syncUpdateMessage(update.bytes)
    let sent = 0
    for (const c of this.#connections) {
      if (c === conn) continue
      c.send(relay)
      sent++
    }
    metrics.updatesOut.inc(sent)
    if (this.#logCount >= limits.compactAfterUpdates && !this.#compactionQueued) {
      this.#compactionQueued = true
      void this.#enqueue(() => this.#compactNow())
    }
  }

  /**
   * An update decoded cleanly but Yjs threw while integrating it, maybe halfway. It is stored but
   * was relayed to no one: rebuild the doc from storage (which leaves it out, see `rebuildDoc`)
   * and compact at once, so that the stored state is again exactly what the clients have.
   */
  async #recoverFromUnappliable(conn: Connection, seq: number, err: unknown): Promise<void> {
    const { metrics, storage, logger } = this.ctx
    metrics.updatesRejected.inc({ reason: 'invalid' })
    conn.fail(CloseCode.BadMessage, 'the update could not be applied')
    logger.error('stored update could not be applied; rebuilding the board without it', {
      board: this.id,
      seq,
      error: String(err),
    })
    const state = await storage.loadState(this.id)
    if (!state) return
    const rebuilt = rebuildDoc(state)
    this.#doc?.destroy()
    this.#stored = undefined
    this.#doc = rebuilt.doc
    this.#lastSeq = rebuilt.lastSeq
    this.#bytes = rebuilt.bytes
    this.#logCount = rebuilt.logCount
    await this.#compactNow()
  }

  async #compactNow(): Promise<void> {
    this.#compactionQueued = false
    if (this.#logCount === 0) return
    const snapshot = Y.encodeStateAsUpdate(this.#built())
    await this.ctx.storage.compact(this.id, snapshot, this.#lastSeq)
    this.#bytes = snapshot.length
    this.#logCount = 0
    this.ctx.metrics.compactions.inc()
  }

  /**
   * Whether an awareness update would change a state that another connection speaks for (a fake
   * cursor, a participant made to vanish). Stock clients echo every state they receive, with the
   * clock they got it with: such echoes change nothing and pass.
   */
  #changesForeignPresence(conn: Connection, entries: readonly AwarenessEntry[]): boolean {
    for (const e of entries) {
      const owner = this.#presenceOwners.get(e.client)
      if (owner === undefined || owner === conn) continue
      const known = this.awareness.meta.get(e.client)?.clock ?? -1
      // y-protocols applies a newer clock, or a removal at the same clock of a state it still has.
      if (e.clock > known || (e.clock === known && e.removes && this.awareness.states.has(e.client)))
        return true
    }
    return false
  }

  #onAwareness = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...change.added, ...change.updated, ...change.removed]
    if (origin instanceof Connection) {
      for (const c of [...change.added, ...change.updated]) {
        origin.awarenessClients.add(c)
        this.#presenceOwners.set(c, origin)
      }
      for (const c of change.removed) {
        origin.awarenessClients.delete(c)
        this.#presenceOwners.delete(c)
      }
      origin.queueAwareness(changed)
    } else {
      for (const c of change.removed) this.#presenceOwners.delete(c)
      // A connection left or a state timed out: tell everyone at once.
      this.broadcastAwareness(changed)
    }
  }
}
