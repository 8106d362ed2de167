import type { Duplex } from 'node:stream'
import type { HttpBindings } from '@hono/node-server'
import type { NodeWebSocket } from '@hono/node-ws'
import { WebSocket, type WebSocketServer } from 'ws'
import type { DocKind } from '../storage/storage.ts'
import type { SocketEvents, SyncSocket } from '../sync/socket.ts'
import type { SyncServer } from '../sync/syncServer.ts'
import { MAX_SHARED_FRAME_BYTES, type SharedFrames } from './sharedFrames.ts'

/** How often idle sockets are pinged; one missed pong and the socket is dropped. */
export const KEEPALIVE_INTERVAL_MS = 30_000

/**
 * The WebSocket routes `/sync/:boardId?token=…` (the plan) and `/sync/:boardId/discussion?token=…`
 * (the comments): wraps each `ws` socket in the core's `SyncSocket` and forwards its frames and
 * close. Everything else (auth, limits, protocol) is the core's. Sends go to the raw `ws` socket,
 * small ones as frames shared by every reader (see `SharedFrames`): one adapter object per
 * connection, and no wrapper per message.
 */
export function syncSocketHandler(
  sync: SyncServer,
  upgradeWebSocket: NodeWebSocket['upgradeWebSocket'],
  doc: DocKind,
  frames: SharedFrames,
) {
  return upgradeWebSocket((c) => {
    const params = { boardId: c.req.param('boardId') ?? '', doc, token: c.req.query('token') }
    // The upgrade request's socket is the one `ws` took over (Node's 'upgrade' event hands both).
    const tcp = (c.env as HttpBindings).incoming.socket
    let events: SocketEvents | undefined
    return {
      onOpen(_event, ws) {
        events = sync.connect(new WsSyncSocket(ws.raw as WebSocket, tcp, frames), params)
      },
      onMessage(event) {
        events?.message(event.data as ArrayBuffer | string)
      },
      onClose() {
        events?.close()
      },
      // A protocol error found by `ws` itself (a frame over `maxPayload`, a bad opcode): `ws`
      // closes the socket with the matching code (1009, 1002) and the close event follows.
      onError() {},
    }
  })
}

/** One `ws` socket as the core's `SyncSocket`. */
class WsSyncSocket implements SyncSocket {
  /** Shared frames are plain frames: only when no extension (permessage-deflate) was agreed. */
  readonly #plain: boolean

  constructor(
    private readonly ws: WebSocket,
    private readonly tcp: Duplex,
    private readonly frames: SharedFrames,
  ) {
    this.#plain = ws.extensions === ''
  }

  send(message: Uint8Array): void {
    if (!this.#plain || message.byteLength > MAX_SHARED_FRAME_BYTES) {
      this.ws.send(message)
      return
    }
    // As `ws.send` does once closing: nothing more goes out after the close frame.
    if (this.ws.readyState !== WebSocket.OPEN) return
    // Whole frames, written in call order on the same stream as `ws`'s own (pings, closes,
    // large messages), so frames never interleave; `bufferedAmount` counts these bytes too.
    this.tcp.write(this.frames.of(message))
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason)
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }
}

/**
 * Pings every socket each interval and terminates those that did not answer the last ping, so
 * that a vanished client (laptop lid closed) does not keep its board loaded forever.
 */
export function startKeepalive(wss: WebSocketServer, intervalMs = KEEPALIVE_INTERVAL_MS): () => void {
  const alive = new WeakSet<WebSocket>()
  // One shared listener: `this` is the socket that answered.
  function onPong(this: WebSocket): void {
    alive.add(this)
  }
  wss.on('connection', (ws) => {
    alive.add(ws)
    ws.on('pong', onPong)
  })
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate()
        continue
      }
      alive.delete(ws)
      ws.ping()
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
