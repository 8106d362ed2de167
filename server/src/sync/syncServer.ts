import type * as Y from 'yjs'
import { checkAccess } from '../boards.ts'
import type { Limits } from '../limits.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import {
  type Access,
  type BoardSettings,
  type BoardStorage,
  DOC_KINDS,
  docKey,
  parseDocKey,
} from '../storage/storage.ts'
import { hashToken } from '../tokens.ts'
import { Connection, type ConnectionContext, ConnectionEvents } from './connection.ts'
import { rebuildDoc } from './docState.ts'
import { ControlCode, controlPayload, type Fanout } from './fanout.ts'
import { CloseCode } from './protocol.ts'
import { RoomManager } from './rooms.ts'
import type { DocChange } from './serverChange.ts'
import type { ConnectParams, SocketEvents, SyncSocket } from './socket.ts'
import type { Clock } from './tokenBucket.ts'

/** What the sync core is built from; everything is injected so that tests can drive it in memory. */
export interface SyncServerOptions {
  readonly storage: BoardStorage
  readonly limits: Limits
  readonly logger: Logger
  readonly metrics: Metrics
  readonly now?: Clock
  /** The other server instances on the same storage (REDIS_URL); absent for a single instance. */
  readonly fanout?: Fanout | undefined
}

/**
 * The transport-agnostic sync core: authenticates sockets, loads boards into rooms, and speaks
 * the y-websocket protocol over any `SyncSocket`.
 */
export class SyncServer {
  readonly rooms: RoomManager
  #closing = false
  /** Shared by every connection. */
  readonly #context: ConnectionContext

  constructor(private readonly options: SyncServerOptions) {
    this.rooms = new RoomManager(options)
    const { limits, logger, metrics } = options
    this.#context = {
      limits,
      logger,
      metrics,
      now: options.now ?? Date.now,
      closing: () => this.#closing,
    }
  }

  /**
   * Takes a new socket for a board. Authentication and loading are asynchronous; frames that
   * arrive meanwhile are queued (bounded). An unknown board or a bad token closes the socket
   * before any document data is sent.
   */
  connect(socket: SyncSocket, params: ConnectParams): SocketEvents {
    const conn = new Connection(socket, params.boardId, this.#context)
    conn.doc = params.doc ?? 'plan'
    if (this.#closing) conn.close(CloseCode.GoingAway, 'the server is shutting down')
    else void this.#open(conn, params.token)
    return new ConnectionEvents(conn)
  }

  async #open(conn: Connection, token: string | undefined): Promise<void> {
    try {
      const check = await checkAccess(this.options.storage, conn.boardId, token)
      if (conn.closed) return
      if (!check.ok)
        return check.reason === 'not-found'
          ? conn.close(CloseCode.NotFound, 'no board with this id')
          : conn.close(CloseCode.Unauthorized, 'a valid edit or view token is required')
      conn.access = check.access
      // With other instances, a token rotated on one of them is found by this hash (see `revokedConnections`).
      if (this.options.fanout && token) conn.tokenHash = hashToken(token)
      if (this.#closing) return conn.close(CloseCode.GoingAway, 'the server is shutting down')
      const room = await this.rooms.acquire(docKey(check.board.id, conn.doc))
      room.settings = check.board.settings
      // Shutdown may have begun while the board loaded; join then only returns the reservation.
      if (this.#closing) conn.close(CloseCode.GoingAway, 'the server is shutting down')
      room.join(conn)
    } catch (err) {
      this.options.logger.error('could not open a board', { board: conn.boardId, error: String(err) })
      conn.close(CloseCode.InternalError, 'the board could not be loaded')
    }
  }

  /**
   * Stores a board's settings and applies them to its loaded docs at once: a viewer's next
   * comment is accepted (or refused) from now on, without reconnecting.
   */
  async changeSettings(boardId: string, settings: BoardSettings): Promise<void> {
    await this.options.storage.setSettings(boardId, settings)
    for (const kind of DOC_KINDS) {
      const room = await this.rooms.loaded(docKey(boardId, kind))
      if (room) room.settings = settings
    }
    this.#othersRecheck(boardId)
  }

  /** Disconnects every connection of a board that holds `access` (after its token was rotated). */
  async revoke(boardId: string, access: Access): Promise<void> {
    for (const kind of DOC_KINDS) {
      const room = await this.rooms.loaded(docKey(boardId, kind))
      room?.closeConnections(CloseCode.Unauthorized, 'the token was rotated', access)
    }
    this.#othersRecheck(boardId)
  }

  /** Has the other instances re-read a board whose settings or tokens changed (after storage has the change). */
  #othersRecheck(boardId: string): void {
    for (const kind of DOC_KINDS)
      this.options.fanout?.publish(docKey(boardId, kind), 'control', controlPayload(ControlCode.recheck))
  }

  /**
   * Calls `read` with the board's current document: the live one when the board is loaded,
   * otherwise one rebuilt from storage. Undefined when the board does not exist.
   */
  async readDoc<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T | undefined> {
    const room = await this.rooms.loaded(boardId)
    if (room) {
      // Behind queued updates, so that a client's edit that is stored is also read.
      await room.drain()
      return read(room.doc)
    }
    const state = await this.options.storage.loadState(boardId)
    if (!state) return undefined
    const { doc } = rebuildDoc(state)
    try {
      return read(doc)
    } finally {
      doc.destroy()
    }
  }

  /**
   * Changes a board's doc on the server's behalf (a restore, an import), loading the board when
   * needed. The change runs in the board's queue and keeps the promise a client's update has: it
   * is stored before it is applied and relayed to every connection, and it starts the session's
   * checkpoints as an edit does. False when there is no such board. Rejects, writing nothing, with
   * the change's own error or a `ServerChangeError` (over the size limit, storage failed).
   */
  async changeDoc(boardId: string, change: DocChange): Promise<boolean> {
    if (this.#closing) throw new Error('the server is shutting down; the board was not changed')
    if (!(await this.options.storage.getBoard(parseDocKey(boardId).boardId))) return false
    const room = await this.rooms.acquire(boardId)
    try {
      await room.change(change)
    } finally {
      room.release()
    }
    return true
  }

  /**
   * Graceful shutdown: refuse new sockets and stop taking new messages, finish what is queued,
   * close every socket with 1001 (going away), then compact and unload every board.
   */
  async shutdown(): Promise<void> {
    this.#closing = true
    const rooms = await Promise.all(
      (await this.rooms.all()).map(async (room) => {
        await room.drain()
        room.closeConnections(CloseCode.GoingAway, 'the server is shutting down')
        return room
      }),
    )
    this.options.logger.info('connections closed', { boards: rooms.length })
    await this.rooms.closeAll()
  }
}
