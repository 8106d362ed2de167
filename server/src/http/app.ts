import { createNodeWebSocket, type NodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import type { Boards } from '../boards.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import type { BoardStorage } from '../storage/storage.ts'
import type { Fanout } from '../sync/fanout.ts'
import type { SyncServer } from '../sync/syncServer.ts'
import { apiRoutes } from './api.ts'
import { serveClient } from './client.ts'
import { errorBody, handleError } from './errors.ts'
import { SharedFrames } from './sharedFrames.ts'
import { syncSocketHandler } from './syncSocket.ts'

/** Everything the HTTP layer is built on. */
export interface AppDeps {
  readonly storage: BoardStorage
  readonly sync: SyncServer
  readonly boards: Boards
  readonly metrics: Metrics
  readonly logger: Logger
  /** Fan-out to the other instances (REDIS_URL), reported by /healthz. */
  readonly fanout?: Pick<Fanout, 'connected'> | undefined
  readonly adminToken: string | undefined
  readonly publicUrl: string | undefined
  readonly clientDir: string
  readonly maxRequestBytes: number
  /** The board size limit (a restored backup may be this big). */
  readonly maxBoardBytes: number
}

/** The Hono app with every route, plus the WebSocket hooks the Node server must be given. */
export function createApp(deps: AppDeps): { app: Hono } & Pick<NodeWebSocket, 'injectWebSocket' | 'wss'> {
  const app = new Hono()
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app })
  app.onError(handleError(deps.logger))

  app.get('/healthz', async (c) => {
    try {
      await deps.storage.check()
      const { boards } = await deps.storage.stats()
      const base = { boards, roomsLoaded: deps.sync.rooms.size }
      if (!deps.fanout) return c.json({ status: 'ok', ...base })
      // Without Redis an instance still serves its own clients (it only misses other instances'
      // edits until Redis is back): degraded, but 200, so that a load balancer keeps it in.
      const connected = deps.fanout.connected
      return c.json({
        status: connected ? 'ok' : 'degraded',
        ...base,
        redis: connected ? 'connected' : 'disconnected',
      })
    } catch (err) {
      deps.logger.error('health check failed', { error: String(err) })
      return c.json(errorBody('storage_unavailable', 'storage cannot be written'), 503)
    }
  })

  app.get('/metrics', async (c) =>
    c.body(await deps.metrics.text(), 200, { 'content-type': deps.metrics.registry.contentType }),
  )

  app.route('/api', apiRoutes(deps))

  const frames = new SharedFrames()
  app.get('/sync/:boardId', syncSocketHandler(deps.sync, upgradeWebSocket, 'plan', frames))
  app.get('/sync/:boardId/discussion', syncSocketHandler(deps.sync, upgradeWebSocket, 'discussion', frames))
  // Reached only by requests that are not WebSocket upgrades.
  app.all('/sync/*', (c) =>
    c.json(errorBody('upgrade_required', 'this is a WebSocket endpoint (y-websocket protocol)'), 426),
  )

  serveClient(app, deps.clientDir)
  return { app, injectWebSocket, wss }
}
