import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { Limits } from '../limits.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import {
  type BoardSettings,
  type BoardStorage,
  DEFAULT_SETTINGS,
  type DocKind,
  parseDocKey,
} from '../storage/storage.ts'
import { wouldChange } from './changes.ts'
import type { Connection } from './connection.ts'
import { type RebuiltDoc, rebuildDoc } from './docState.ts'
import type { DecodedUpdate, InboundMessage } from './messages.ts'
import { Presence, type PresenceExpiry } from './presence.ts'
import {
  awarenessMessage,
  CloseCode,
  syncStep1Message,
  syncStep2Message,
  syncUpdateMessage,
} from './protocol.ts'
import { SessionLog } from './sessionLog.ts'
import type { StoredSnapshot } from './storedSnapshot.ts'
import type { Clock } from './tokenBucket.ts'
import { refusal } from './writeRule.ts'

/** How a board comes out of storage: a built doc, or (log empty) its snapshot, decoded on demand. */
export type LoadedBoard = RebuiltDoc | { readonly snapshot: StoredSnapshot }

/** What a room needs from the server around it. */
export interface RoomContext {
  readonly storage: BoardStorage
  readonly limits: Limits
  readonly logger: Logger
  readonly metrics: Metrics
  /** The server's one timer for outdated awareness states. */
  readonly presenceExpiry: PresenceExpiry
  /** The clock of session events and checkpoints. */
  readonly now: Clock
  /** Called when the last connection has left (the manager then schedules an unload). */
  onEmpty(room: Room): void
}

/**
 * One loaded board: its Y.Doc (or its stored snapshot), the presence of everyone connected
 * (made with the first awareness message), and their connections.
 *
 * Sync messages run one at a time through a queue, so that for every update the order is
 * validate → append to storage (awaited) → apply to the doc → relay. Nothing a client can observe
 * (a relay, a sync step 2, a compaction) ever includes an update that is not yet stored.
 */
export class Room {
  /** The board's doc once built; until then `#stored` is the whole board. */
  #doc: Y.Doc | undefined
  #stored: StoredSnapshot | undefined
  #presence: Presence | undefined
  /** Plan or discussion: decides who may write (see `refusal`). */
  readonly kind: DocKind
  #settings: BoardSettings = DEFAULT_SETTINGS
  /** The session timeline, kept for the plan only. */
  readonly #session: SessionLog | undefined
  readonly #connections = new Set<Connection>()
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
    const { boardId, kind } = parseDocKey(id)
    this.kind = kind
    this.#session = kind === 'plan' ? new SessionLog(boardId, ctx.storage, ctx.logger, ctx.now) : undefined
    ctx.metrics.roomsLoaded.inc()
  }

  /** The board's settings as last read or changed; they say whether viewers may comment. */
  get settings(): BoardSettings {
    return this.#settings
  }

  set settings(settings: BoardSettings) {
    if (settings.viewerComments === this.#settings.viewerComments) return
    this.#settings = settings
    for (const c of this.#connections) c.writesMayChange()
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

  /** Whether anyone has announced presence on this board (the awareness is made on first use). */
  get hasPresence(): boolean {
    return this.#presence !== undefined
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
    this.#sendAllPresence(conn)
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
    this.#presence?.remove(conn.awarenessClients)
    this.#session?.left(conn)
    if (this.idle) this.ctx.onEmpty(this)
  }

  /** Handles a parsed message of a joined connection. */
  receive(conn: Connection, message: InboundMessage): void {
    switch (message.kind) {
      case 'awareness': {
        // Presence is not stored and does not touch the doc: it skips the sync queue.
        if (conn.closed) return
        this.#presence ??= new Presence(
          (clients) => this.broadcastAwareness(clients),
          this.ctx.presenceExpiry,
        )
        const foreign = this.#presence.foreignChange(conn, message.entries)
        if (foreign !== 'none') {
          this.ctx.metrics.updatesRejected.inc({ reason: 'foreign_awareness' })
          if (foreign === 'set')
            conn.fail(CloseCode.Forbidden, 'presence of another participant cannot be changed')
          return
        }
        try {
          this.#presence.apply(conn, message.update)
        } catch {
          conn.fail(CloseCode.BadMessage, 'awareness update could not be applied')
          return
        }
        if (this.#session && conn.sessionName === undefined) this.#noteName(conn, this.#presence)
        return
      }
      case 'queryAwareness':
        this.#sendAllPresence(conn)
        return
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
    if (!this.#presence) return
    const message = awarenessMessage(this.#presence.encode(clients))
    for (const c of this.#connections) c.send(message)
  }

  /** Records a participant as joined once their presence first gives a name. */
  #noteName(conn: Connection, presence: Presence): void {
    for (const client of conn.awarenessClients) {
      const name = presence.nameOf(client)
      if (name === undefined) continue
      this.#session?.joined(conn, name)
      return
    }
  }

  /** Sends every awareness state there is to one connection (on join, or when it asks). */
  #sendAllPresence(conn: Connection): void {
    const presence = this.#presence
    const clients = presence?.clients() ?? []
    if (presence && clients.length > 0) conn.send(awarenessMessage(presence.encode(clients)))
  }

  /** Removes the awareness states not renewed in time as of `now` (`PresenceExpiry` does this on its timer). */
  expirePresence(now: number): void {
    this.#presence?.expire(now)
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
    const doc = this.#doc
    if (doc) await this.#session?.unloading(() => Y.encodeStateAsUpdate(doc))
    this.#presence?.destroy()
    this.#presence = undefined
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
    const refused = refusal(this.kind, conn.access, this.#settings, doc, update)
    if (refused) {
      metrics.updatesRejected.inc({ reason: refused.reason })
      conn.denyWrite(refused.message)
      return
    }
    if (conn.access !== 'edit') conn.writesMayChange()
    // The state a session starts from, before its first change is stored.
    await this.#session?.beforeChange(() => Y.encodeStateAsUpdate(doc))
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
    await this.#session?.afterChange(() => Y.encodeStateAsUpdate(doc))
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
}
