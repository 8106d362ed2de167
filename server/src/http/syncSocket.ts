import type { NodeWebSocket } from '@hono/node-ws'
import type { WebSocket, WebSocketServer } from 'ws'
import type { SocketEvents } from '../sync/socket.ts'
import type { SyncServer } from '../sync/syncServer.ts'

/** How often idle sockets are pinged; one missed pong and the socket is dropped. */
export const KEEPALIVE_INTERVAL_MS = 30_000

/**
 * The WebSocket route `/sync/:boardId?token=…`: wraps each `ws` socket in the core's `SyncSocket`
 * and forwards its frames and close. Everything else (auth, limits, protocol) is the core's.
 */
export function syncSocketHandler(sync: SyncServer, upgradeWebSocket: NodeWebSocket['upgradeWebSocket']) {
  return upgradeWebSocket((c) => {
    const params = { boardId: c.req.param('boardId') ?? '', token: c.req.query('token') }
    let events: SocketEvents | undefined
    return {
      onOpen(_event, ws) {
        const raw = ws.raw as WebSocket
        events = sync.connect(
          {
            send: (message) => raw.send(message),
            close: (code, reason) => raw.close(code, reason),
            get bufferedAmount() {
              return raw.bufferedAmount
            },
          },
          params,
        )
      },
      onMessage(event) {
        events?.message(event.data as ArrayBuffer | string)
      },
      onClose() {
        events?.close()
      },
    }
  })
}

/**
 * Pings every socket each interval and terminates those that did not answer the last ping, so
 * that a vanished client (laptop lid closed) does not keep its board loaded forever.
 */
export function startKeepalive(wss: WebSocketServer, intervalMs = KEEPALIVE_INTERVAL_MS): () => void {
  const alive = new WeakSet<WebSocket>()
  wss.on('connection', (ws) => {
    alive.add(ws)
    ws.on('pong', () => alive.add(ws))
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
