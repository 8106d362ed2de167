import { AWARENESS_FLOOD_FACTOR, type Limits } from '../limits.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import type { Access } from '../storage/storage.ts'
import { parseMessage } from './messages.ts'
import { CloseCode, MessageType, permissionDeniedMessage } from './protocol.ts'
import type { Room } from './room.ts'
import type { SyncSocket } from './socket.ts'
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
export class Connection {
  readonly id = nextConnectionId++
  access: Access | undefined
  #room: Room | undefined
  #closed = false
  /** Frames that arrived before the board was loaded, unparsed: unauthorised peers cost no decoding. */
  #preload: Uint8Array[] = []
  #preloadBytes = 0
  #deniedWrite = false
  readonly #updates: TokenBucket
  readonly #awarenessIn: TokenBucket
  readonly #awarenessOut: TokenBucket
  readonly #awarenessPending = new Set<number>()
  #awarenessTimer: ReturnType<typeof setTimeout> | undefined
  /** Awareness client ids this connection has set; their states are removed when it leaves. */
  readonly awarenessClients = new Set<number>()

  constructor(
    private readonly socket: SyncSocket,
    readonly boardId: string,
    private readonly ctx: ConnectionContext,
  ) {
    const { limits, now } = ctx
    this.#updates = new TokenBucket(limits.updateRate, limits.updateBurst, now)
    const floodRate = limits.awarenessRate * AWARENESS_FLOOD_FACTOR
    this.#awarenessIn = new TokenBucket(floodRate, floodRate, now)
    this.#awarenessOut = new TokenBucket(limits.awarenessRate, limits.awarenessRate, now)
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
      this.#preload.length < preloadQueueMessages &&
      this.#preloadBytes + frame.byteLength <= maxMessageBytes
    ) {
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
    if (!(awareness ? this.#awarenessIn : this.#updates).take()) {
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
    const queued = this.#preload
    this.#preload = []
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

  /** Tells a viewer (once per connection) that its edits are not accepted; the stock client logs it. */
  denyWrite(): void {
    if (this.#deniedWrite) return
    this.#deniedWrite = true
    this.send(permissionDeniedMessage('this board was opened with a view token: edits are not saved'))
  }

  /**
   * Relays changed awareness states at no more than `awarenessRate` per second. Changes that
   * arrive faster are merged: the relay carries the latest state of every client id seen.
   */
  queueAwareness(clients: Iterable<number>): void {
    for (const c of clients) this.#awarenessPending.add(c)
    if (this.#awarenessTimer) {
      this.ctx.metrics.awarenessCoalesced.inc()
      return
    }
    this.#flushAwareness()
  }

  #flushAwareness(): void {
    if (this.#closed || this.#awarenessPending.size === 0 || !this.#room) return
    if (this.#awarenessOut.take()) {
      const clients = [...this.#awarenessPending]
      this.#awarenessPending.clear()
      this.#room.broadcastAwareness(clients)
      return
    }
    this.ctx.metrics.awarenessCoalesced.inc()
    this.#awarenessTimer = setTimeout(() => {
      this.#awarenessTimer = undefined
      this.#flushAwareness()
    }, this.#awarenessOut.waitMs())
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
    this.#preload = []
    this.#preloadBytes = 0
    clearTimeout(this.#awarenessTimer)
    this.#room?.leave(this)
  }
}

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
const MAX_REASON_BYTES = 123

function clipReason(reason: string): string {
  let r = reason
  while (Buffer.byteLength(r) > MAX_REASON_BYTES) r = r.slice(0, -1)
  return r
}
