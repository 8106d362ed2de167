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
import { DocLog } from './docLog.ts'
import type { RebuiltDoc } from './docState.ts'
import type { Fanout, FanoutMessage } from './fanout.ts'
import type { DecodedUpdate, InboundMessage } from './messages.ts'
import { type NormSetChange, normSetChanges } from './normSetChanges.ts'
import type { PresenceExpiry } from './presence.ts'
import { CloseCode, syncStep1Message, syncStep2Message, syncUpdateMessage } from './protocol.ts'
import { RoomPresence } from './roomPresence.ts'
import { type CatchUpReason, RoomRemote } from './roomRemote.ts'
import { type DocChange, ServerChangeError, type ServerChangeFailure, updateOf } from './serverChange.ts'
import { SessionLog } from './sessionLog.ts'
import type { StoredSnapshot } from './storedSnapshot.ts'
import type { Clock } from './tokenBucket.ts'
import { refusal } from './writeRule.ts'

const ignore = (): void => {}

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
  /** The other server instances on the same storage (REDIS_URL), when there are any. */
  readonly fanout?: Pick<Fanout, 'publish'> | undefined
}

/**
 * One loaded board: its Y.Doc (or its stored snapshot), the presence of everyone connected
 * (`RoomPresence`), and their connections.
 *
 * Sync messages run one at a time through a queue, so that for every update the order is
 * validate → append to storage (awaited) → apply to the doc → relay. Nothing a client can observe
 * (a relay, a sync step 2, a compaction) ever includes an update that is not yet stored. The
 * server's own changes (`change`) take the same queue and the same write path (`#commit`).
 */
export class Room {
  /** The board's doc once built; until then `#stored` is the whole board. */
  #doc: Y.Doc | undefined
  #stored: StoredSnapshot | undefined
  readonly #presence: RoomPresence
  /** Plan or discussion: decides who may write (see `refusal`). */
  readonly kind: DocKind
  #settings: BoardSettings = DEFAULT_SETTINGS
  /** The session timeline, kept for the plan only. */
  readonly #session: SessionLog | undefined
  readonly #connections = new Set<Connection>()
  #reservations = 0
  #queue: Promise<void> = Promise.resolve()
  readonly #log: DocLog
  readonly #remote: RoomRemote

  constructor(
    readonly id: string,
    loaded: LoadedBoard,
    private readonly ctx: RoomContext,
  ) {
    if ('snapshot' in loaded) {
      this.#stored = loaded.snapshot
      this.#log = new DocLog(id, ctx, { lastSeq: 0, bytes: loaded.snapshot.bytes.length, logCount: 0 })
    } else {
      this.#doc = loaded.doc
      this.#log = new DocLog(id, ctx, loaded)
    }
    const { boardId, kind } = parseDocKey(id)
    this.kind = kind
    this.#session = kind === 'plan' ? new SessionLog(boardId, ctx.storage, ctx.logger, ctx.now) : undefined
    this.#presence = new RoomPresence({
      key: id,
      metrics: ctx.metrics,
      expiry: ctx.presenceExpiry,
      fanout: ctx.fanout,
      session: this.#session,
      connections: () => this.#connections,
    })
    this.#remote = new RoomRemote({
      key: id,
      storage: ctx.storage,
      logger: ctx.logger,
      metrics: ctx.metrics,
      enqueue: (task) => this.#enqueue(task),
      doc: () => this.#built(),
      presence: () => this.#presence.states(),
      connections: () => this.#connections,
      noteStored: (size) => this.#log.noteRemote(size),
      applySettings: (settings) => {
        this.settings = settings
      },
    })
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

  /** The live document (built from the stored snapshot on first use). Read it; write through `change`, as direct writes bypass storage. */
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
    return this.#presence.made
  }

  get connectionCount(): number {
    return this.#connections.size
  }

  /** Updates in the log since the last snapshot. */
  get logCount(): number {
    return this.#log.count
  }

  /** Whether the room has neither connections nor connections on their way in. */
  get idle(): boolean {
    return this.#connections.size === 0 && this.#reservations === 0
  }

  /** Holds the room for a connection that is about to join, so that it is not unloaded meanwhile. */
  reserve(): void {
    this.#reservations++
  }

  /** Gives back a reservation that no connection takes up (a server-side change is done). */
  release(): void {
    this.#reservations--
    if (this.idle) this.ctx.onEmpty(this)
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
    this.#presence.sendAll(conn)
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
    this.#presence.leave(conn)
    this.#session?.left(conn)
    if (this.idle) this.ctx.onEmpty(this)
  }

  /** Handles a parsed message of a joined connection. */
  receive(conn: Connection, message: InboundMessage): void {
    switch (message.kind) {
      case 'awareness':
        // Presence is not stored and does not touch the doc: it skips the sync queue.
        this.#presence.receive(conn, message)
        return
      case 'queryAwareness':
        this.#presence.sendAll(conn)
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

  /** A connection's throttled awareness relay, to everyone here and elsewhere (see `RoomPresence.broadcast`). */
  broadcastAwareness(clients: number[]): void {
    this.#presence.broadcast(clients)
  }

  /** Removes the awareness states not renewed in time as of `now` (`PresenceExpiry` does this on its timer). */
  expirePresence(now: number): void {
    this.#presence.expire(now)
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

  /**
   * Changes the doc on the server's behalf (a restore, an import) through the queue and `#commit`,
   * as a client's update. False when it changed nothing; rejects with the change's own error or a
   * `ServerChangeError`, the doc then being as it was.
   */
  change(change: DocChange): Promise<boolean> {
    const run = this.#queue.then(async () => {
      const doc = this.#built()
      const update = updateOf(doc, change)
      if (!update) return false
      const failure = await this.#commit(doc, update)
      if (failure) throw new ServerChangeError(this.id, failure)
      return true
    })
    // The caller hears of a failure; the queue goes on either way.
    this.#queue = run.then(ignore, ignore)
    return run
  }

  /** Stops the room: drains the queue, compacts, frees the doc. The connections must be gone. */
  async unload(): Promise<void> {
    // Compaction failures are logged by the queue; every update is in the log regardless.
    await this.compact()
    const doc = this.#doc
    if (doc) await this.#session?.unloading(() => Y.encodeStateAsUpdate(doc))
    this.#presence.destroy()
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
    const { metrics } = this.ctx
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
    await this.#commit(doc, update.bytes, conn)
  }

  /**
   * The one write path, for a client's update (`from` its connection) and the server's own: the
   * session's first checkpoint, the size limit, append to storage (awaited), apply, relay to
   * every connection but the sender, then a compaction when the log is long. Returns why the
   * update was refused (a sending client is told and closed), or undefined once it is applied.
   */
  async #commit(doc: Y.Doc, bytes: Uint8Array, from?: Connection): Promise<ServerChangeFailure | undefined> {
    const { metrics, logger } = this.ctx
    // The state a session starts from, before its first change is stored.
    await this.#session?.beforeChange(() => Y.encodeStateAsUpdate(doc))
    if (!(await this.#log.fits(bytes.length, () => doc))) return this.#refuse(from, 'board_too_big')
    let seq: number
    try {
      seq = await this.#log.append(bytes)
    } catch (err) {
      logger.error('could not store an update', { board: this.id, error: String(err) })
      return this.#refuse(from, 'storage_error')
    }
    // The plan's timeline records norm-set changes: read from the update's own events as it applies.
    let normSets: NormSetChange[] = []
    try {
      if (this.#session) normSets = normSetChanges(doc, () => Y.applyUpdate(doc, bytes, from))
      else Y.applyUpdate(doc, bytes, from)
    } catch (err) {
      this.#refuse(from, 'invalid')
      const rebuilt = await this.#log.rebuild(seq, err)
      if (rebuilt) {
        this.#doc?.destroy()
        this.#stored = undefined
        this.#doc = rebuilt
        await this.#compactNow()
      }
      return 'invalid'
    }
    if (from) metrics.updatesIn.inc()
    const relay = syncUpdateMessage(bytes)
    let sent = 0
    for (const c of this.#connections) {
      if (c === from) continue
      c.send(relay)
      sent++
    }
    metrics.updatesOut.inc(sent)
    // Stored, so other instances may relay it: they apply it, relay it and never store it again.
    this.ctx.fanout?.publish(this.id, 'update', bytes)
    if (normSets.length > 0) this.#session?.normSetsChanged(from, normSets)
    await this.#session?.afterChange(() => Y.encodeStateAsUpdate(doc))
    if (this.#log.claimCompaction()) void this.#enqueue(() => this.#compactNow())
    return undefined
  }

  /** Counts a refused update and closes the client that sent it (a server-side change throws instead). */
  #refuse(from: Connection | undefined, reason: ServerChangeFailure): ServerChangeFailure {
    this.ctx.metrics.updatesRejected.inc({ reason })
    if (reason === 'board_too_big') from?.fail(CloseCode.BoardTooBig, 'the board has reached its size limit')
    else if (reason === 'invalid') from?.fail(CloseCode.BadMessage, 'the update could not be applied')
    else from?.close(CloseCode.InternalError, 'the update could not be stored; reconnect to retry')
    return reason
  }

  async #compactNow(): Promise<void> {
    // Another instance may have stored an update this doc has not received yet: take it in first,
    // so that the snapshot holds every log entry up to the sequence number it claims to cover.
    if (this.ctx.fanout && this.#log.count > 0) this.#log.saw(await this.#remote.catchUpNow('compaction'))
    return this.#log.compact(() => this.#built())
  }

  /** A message from another server instance about this doc (see `RemoteRooms`). */
  receiveRemote(message: FanoutMessage): void {
    this.#remote.receive(message)
  }

  /** Reads the doc back from storage and relays what it lacks (fan-out may have lost messages). */
  catchUp(reason: CatchUpReason): void {
    this.#remote.catchUp(reason)
  }
}
