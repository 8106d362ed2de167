import { AWARENESS_FLOOD_FACTOR, type Limits } from '../limits.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import type { Access, DocKind } from '../storage/storage.ts'
import { parseMessage } from './messages.ts'
import type { PresenceOwner } from './presence.ts'
import { CloseCode, MessageType, permissionDeniedMessage } from './protocol.ts'
import type { Room } from './room.ts'
import type { SocketEvents, SyncSocket } from './socket.ts'
import { type Clock, TokenBucket } from './tokenBucket.ts'

/** What every connection shares with the server that made it. */
export interface ConnectionContext {
  readonly limits: Limits
  readonly logger: Logger
  readonly metrics: Metrics
  readonly now: Clock
  /** True once shutdown has begun: inbound messages are then left unprocessed (and unacknowledged). */
  readonly closing: () => boolean
}

let nextConnectionId = 1

/**
 * One client's socket and its state: authentication, the queue of messages that arrive before
 * its board is loaded, rate limits, and the awareness client ids it speaks for.
 *
 * Every inbound frame is checked and rate-limited here and parsed before any room sees it; a
 * frame that fails closes this socket only.
 */
export class Connection implements PresenceOwner {
  readonly id = nextConnectionId++
  access: Access | undefined
  /**
   * SHA-256 of the token the connection was admitted with, kept when instances share storage:
   * a token rotated on another instance is found by comparing it with the stored hash.
   */
  tokenHash: Uint8Array | undefined
  /** Which of the board's docs this connection syncs. */
  doc: DocKind = 'plan'
  /** The name this participant's presence gave, once known: the session timeline lists it. */
  sessionName: string | undefined
  #deniedWrite = false
  #room: Room | undefined
  #closed = false
  /** Frames that arrived before the board was loaded, unparsed: unauthorised peers cost no decoding. */
  #preload: Uint8Array[] | undefined
  #preloadBytes = 0
  readonly #updates: TokenBucket
  /** What only presence needs is made with the first awareness message: most readers never send one. */
  #awareness: AwarenessState | undefined

  constructor(
    private readonly socket: SyncSocket,
    readonly boardId: string,
    private readonly ctx: ConnectionContext,
  ) {
    this.#updates = new TokenBucket(ctx.limits.updateRate, ctx.limits.updateBurst, ctx.now)
  }

  #awarenessState(): AwarenessState {
    this.#awareness ??= new AwarenessState(this.ctx.limits.awarenessRate, this.ctx.now)
    return this.#awareness
  }

  /** Awareness client ids this connection has set; their states are removed when it leaves. */
  get awarenessClients(): readonly number[] {
    return this.#awareness ? [...this.#awareness.clients] : []
  }

  ownAwarenessClient(client: number, speaks: boolean): void {
    const { clients } = this.#awarenessState()
    if (speaks) clients.add(client)
    else clients.delete(client)
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Handles one inbound frame from the transport. */
  receive(data: Uint8Array | ArrayBuffer | string): void {
    if (this.#closed || this.ctx.closing()) return
    const frame = this.#admit(data)
    if (!frame) return
    const { preloadQueueMessages, maxMessageBytes } = this.ctx.limits
    if (this.#room) {
      this.#dispatch(this.#room, frame)
    } else if (
      (this.#preload?.length ?? 0) < preloadQueueMessages &&
      this.#preloadBytes + frame.byteLength <= maxMessageBytes
    ) {
      this.#preload ??= []
      this.#preload.push(frame)
      this.#preloadBytes += frame.byteLength
    } else {
      this.fail(CloseCode.RateLimited, 'too many messages before the board was loaded')
    }
  }

  /**
   * The checks that need no parsing: text frames, size and rate (by the message type in the
   * first byte). Returns the frame, or undefined after closing the connection.
   */
  #admit(data: Uint8Array | ArrayBuffer | string): Uint8Array | undefined {
    if (typeof data === 'string') {
      this.fail(CloseCode.BadMessage, 'text frames are not part of the protocol')
      return undefined
    }
    const frame = data instanceof Uint8Array ? data : new Uint8Array(data)
    if (frame.byteLength > this.ctx.limits.maxMessageBytes) {
      this.fail(CloseCode.MessageTooBig, `message of ${frame.byteLength} bytes is over the limit`)
      return undefined
    }
    const awareness = frame[0] === MessageType.awareness
    if (!(awareness ? this.#awarenessState().inbound : this.#updates).take()) {
      this.fail(CloseCode.RateLimited, `too many ${awareness ? 'awareness' : 'sync'} messages per second`)
      return undefined
    }
    return frame
  }

  /** Parses a frame (only once the connection is authorised) and hands it to the room. */
  #dispatch(room: Room, frame: Uint8Array): void {
    const parsed = parseMessage(frame)
    if (parsed.ok) room.receive(this, parsed.message)
    else this.fail(CloseCode.BadMessage, parsed.reason)
  }

  /** Binds the connection to its room and hands over what arrived while the board was loading. */
  attach(room: Room): void {
    this.#room = room
    const queued = this.#preload ?? []
    this.#preload = undefined
    this.#preloadBytes = 0
    for (const frame of queued) {
      if (this.#closed) break
      this.#dispatch(room, frame)
    }
  }

  /** Sends a frame, and disconnects a reader whose unsent backlog grew beyond the limit. */
  send(message: Uint8Array): void {
    if (this.#closed) return
    this.socket.send(message)
    if ((this.socket.bufferedAmount ?? 0) > this.ctx.limits.maxBufferedBytes)
      this.close(CloseCode.TryAgainLater, 'connection too slow to keep up')
  }

  /**
   * Tells a client that an update was not accepted (nothing of it was stored or relayed); the
   * stock client logs it, ours reloads the doc from the server and says why. Once until
   * `writesMayChange`: a refused client that keeps typing is not answered for every keystroke.
   */
  denyWrite(message: string): void {
    if (this.#deniedWrite) return
    this.#deniedWrite = true
    this.send(permissionDeniedMessage(message))
  }

  /** What this connection may write has changed (a setting, or a write was accepted): the next refusal is told again. */
  writesMayChange(): void {
    this.#deniedWrite = false
  }

  /**
   * Relays changed awareness states at no more than `awarenessRate` per second. Changes that
   * arrive faster are merged: the relay carries the latest state of every client id seen.
   */
  queueAwareness(clients: Iterable<number>): void {
    const state = this.#awarenessState()
    for (const c of clients) state.pending.add(c)
    if (state.timer) {
      this.ctx.metrics.awarenessCoalesced.inc()
      return
    }
    this.#flushAwareness()
  }

  #flushAwareness(): void {
    const state = this.#awareness
    if (this.#closed || !state || state.pending.size === 0 || !this.#room) return
    if (state.outbound.take()) {
      const clients = [...state.pending]
      state.pending.clear()
      this.#room.broadcastAwareness(clients)
      return
    }
    this.ctx.metrics.awarenessCoalesced.inc()
    state.timer = setTimeout(() => {
      state.timer = undefined
      this.#flushAwareness()
    }, state.outbound.waitMs())
  }

  /** Closes because the client did something wrong: one log line, then the close. */
  fail(code: CloseCode, reason: string): void {
    if (this.#closed) return
    this.ctx.logger.warn('closing connection', { board: this.boardId, connection: this.id, code, reason })
    this.close(code, reason)
  }

  /** Closes the socket with a code and reason (idempotent) and leaves the room. */
  close(code: CloseCode, reason: string): void {
    if (this.#closed) return
    this.ctx.metrics.closes.inc({ code })
    try {
      this.socket.close(code, clipReason(reason))
    } catch {
      // The transport may already be gone; the connection is closed either way.
    }
    this.closedByPeer()
  }

  /** The transport reports the socket closed (by the client, the network or `close`). */
  closedByPeer(): void {
    if (this.#closed) return
    this.#closed = true
    this.#preload = undefined
    this.#preloadBytes = 0
    clearTimeout(this.#awareness?.timer)
    this.#room?.leave(this)
  }
}

/** The transport's events of one connection, as methods (no closures per connection). */
export class ConnectionEvents implements SocketEvents {
  constructor(private readonly conn: Connection) {}

  message(data: Uint8Array | ArrayBuffer | string): void {
    this.conn.receive(data)
  }

  close(): void {
    this.conn.closedByPeer()
  }
}

/** A connection's presence bookkeeping: made with its first awareness message. */
class AwarenessState {
  /** Inbound awareness messages: beyond this rate the connection is flooding (closed). */
  readonly inbound: TokenBucket
  /** Awareness relays this connection causes; faster changes are merged. */
  readonly outbound: TokenBucket
  /** Client ids changed since the last relay. */
  readonly pending = new Set<number>()
  /** Client ids whose state this connection set. */
  readonly clients = new Set<number>()
  timer: ReturnType<typeof setTimeout> | undefined

  constructor(rate: number, now: Clock) {
    const floodRate = rate * AWARENESS_FLOOD_FACTOR
    this.inbound = new TokenBucket(floodRate, floodRate, now)
    this.outbound = new TokenBucket(rate, rate, now)
  }
}

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
const MAX_REASON_BYTES = 123

function clipReason(reason: string): string {
  let r = reason
  while (Buffer.byteLength(r) > MAX_REASON_BYTES) r = r.slice(0, -1)
  return r
}
