import * as Y from 'yjs'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { type BoardSettings, type BoardStorage, parseDocKey } from '../storage/storage.ts'
import { revokedConnections, storedDifference } from './catchUp.ts'
import { wouldChange } from './changes.ts'
import type { Connection } from './connection.ts'
import { ControlCode, controlCodeOf, type FanoutMessage } from './fanout.ts'
import { decodeUpdate } from './messages.ts'
import type { Presence } from './presence.ts'
import { CloseCode, syncUpdateMessage } from './protocol.ts'

/** Why a room reads itself back from storage (the label of the catch-up metric). */
export type CatchUpReason = 'recovered' | 'resync' | 'subscribed_late' | 'compaction' | 'periodic'

/** The origin of updates that another server instance stored and relayed here. */
const REMOTE = Symbol('remote instance')

/** What a room lends the side of it that other instances talk to (closures over its own state). */
export interface RoomParts {
  readonly key: string
  readonly storage: BoardStorage
  readonly logger: Logger
  readonly metrics: Metrics
  /** Runs a task in the room's queue, in order with clients' updates. */
  enqueue(task: () => void | Promise<void>): Promise<void>
  /** The built doc (building it from a stored snapshot when needed). */
  doc(): Y.Doc
  /** The board's presence (made on first use). */
  presence(): Presence
  connections(): ReadonlySet<Connection>
  /** Counts an update another instance stored in the doc's log (see `DocLog.noteRemote`). */
  noteStored(size: number): void
  applySettings(settings: BoardSettings): void
}

/**
 * One room's side towards the other server instances: applies and relays what they stored, takes
 * their awareness changes, and catches up from storage when fan-out may have lost messages. Only
 * rooms of a server with fan-out (REDIS_URL) receive anything here.
 */
export class RoomRemote {
  /** A catch-up is queued and has not started: another request is covered by it. */
  #catchUpQueued = false

  constructor(private readonly room: RoomParts) {}

  /** Handles a message from another instance about this doc. */
  receive(message: FanoutMessage): void {
    switch (message.kind) {
      case 'update':
        void this.room.enqueue(() => this.apply(message.payload))
        return
      case 'awareness':
        // Presence is not stored and does not touch the doc: it skips the queue, as a client's does.
        try {
          this.room.presence().applyRemote(message.payload)
        } catch (err) {
          this.room.logger.warn('skipped a remote awareness update', {
            board: this.room.key,
            error: String(err),
          })
        }
        return
      case 'control': {
        const code = controlCodeOf(message.payload)
        if (code === ControlCode.recheck) void this.room.enqueue(() => this.#recheck())
        else if (code === ControlCode.resync) this.catchUp('resync')
        return
      }
    }
  }

  /**
   * Reads the doc and the board back from storage after fan-out may have missed messages (Redis
   * was away, an instance reconnected): applies and relays what the doc lacks, and re-checks
   * settings and tokens. Queued; a request while one waits to start is covered by it.
   */
  catchUp(reason: CatchUpReason): void {
    if (this.#catchUpQueued) return
    this.#catchUpQueued = true
    void this.room.enqueue(async () => {
      this.#catchUpQueued = false
      await this.catchUpNow(reason)
      await this.#recheck()
    })
  }

  /** Takes in what storage has and the doc lacks (call from the queue); returns the highest sequence number read. */
  async catchUpNow(reason: CatchUpReason): Promise<number> {
    this.room.metrics.catchUps.inc({ reason })
    const found = await storedDifference(this.room.storage, this.room.key, this.room.doc())
    if (!found) return 0
    this.apply(found.update)
    return found.lastSeq
  }

  /**
   * Applies an update another instance stored and relays it to every connection here (call from
   * the queue). It is neither stored again (it is) nor published (every instance heard it from
   * its origin); one the doc has already is dropped.
   */
  apply(bytes: Uint8Array): void {
    const { logger, metrics, key } = this.room
    const update = decodeUpdate(bytes)
    if (!update) {
      logger.warn('skipped an undecodable remote update', { board: key })
      return
    }
    try {
      const doc = this.room.doc()
      if (!wouldChange(doc, update)) return
      Y.applyUpdate(doc, bytes, REMOTE)
    } catch (err) {
      // The origin applied it before publishing; storage keeps it for the next load in any case.
      logger.error('could not apply a remote update', { board: key, error: String(err) })
      return
    }
    this.room.noteStored(bytes.length)
    const relay = syncUpdateMessage(bytes)
    const connections = this.room.connections()
    for (const c of connections) c.send(relay)
    metrics.updatesOut.inc(connections.size)
  }

  /** Re-reads the board: its settings, and which connections' tokens still open it. */
  async #recheck(): Promise<void> {
    const board = await this.room.storage.getBoard(parseDocKey(this.room.key).boardId)
    const connections = this.room.connections()
    if (!board) {
      for (const c of [...connections]) c.close(CloseCode.NotFound, 'no board with this id')
      return
    }
    this.room.applySettings(board.settings)
    for (const c of revokedConnections(board, connections))
      c.close(CloseCode.Unauthorized, 'the token was rotated')
  }
}
