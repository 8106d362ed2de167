import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Boards } from './boards.ts'
import type { ServerConfig } from './config.ts'
import type { RedisFanout } from './fanout/redisFanout.ts'
import { createApp } from './http/app.ts'
import { checkPlanLibraries } from './http/planLibraries.ts'
import { startKeepalive } from './http/syncSocket.ts'
import { FRAME_CEILING_FACTOR } from './limits.ts'
import type { Logger } from './logger.ts'
import { Metrics } from './metrics.ts'
import { openStorage } from './storage/open.ts'
import type { BoardStorage } from './storage/storage.ts'
import { SyncServer } from './sync/syncServer.ts'

/** A running server. */
export interface RunningServer {
  /** `http://host:port`, with the port actually bound (useful with PORT=0). */
  readonly url: string
  readonly port: number
  readonly storage: BoardStorage
  readonly sync: SyncServer
  readonly metrics: Metrics
  /** Graceful shutdown: stop accepting, flush, close sockets with 1001, close storage. */
  close(): Promise<void>
}

/** Opens storage, wires the sync core and the HTTP app, and listens. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  // Before anything is opened: the routes load these on first use (see planLibraries.ts).
  checkPlanLibraries()
  const storage = await openStorage(config, logger)
  const metrics = new Metrics(storage)
  const fanout = config.redisUrl
    ? await openFanout(config.redisUrl, config.redisPrefix, logger, metrics)
    : undefined
  const sync = new SyncServer({ storage, limits: config.limits, logger, metrics, fanout })
  const boards = new Boards(storage, sync, config.limits.maxBoardBytes)
  const { app, injectWebSocket, wss } = createApp({
    storage,
    sync,
    boards,
    metrics,
    logger,
    fanout,
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    clientDir: config.clientDir,
    maxRequestBytes: config.limits.maxRequestBytes,
    maxBoardBytes: config.limits.maxBoardBytes,
  })
  // ws buffers a whole frame before anyone sees it: cap that memory (see FRAME_CEILING_FACTOR).
  wss.options.maxPayload = config.limits.maxMessageBytes * FRAME_CEILING_FACTOR

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
    s.once('error', reject)
  })
  injectWebSocket(server)
  const stopKeepalive = startKeepalive(wss)
  const port = (server.address() as AddressInfo).port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  logger.info('listening', { host: config.host, port, dataDir: config.dataDir })

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      // Stop accepting: no new HTTP requests or upgrades from here on.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      stopKeepalive()
      await sync.shutdown()
      wss.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      await stopped
      await fanout?.close()
      await storage.close()
      logger.info('stopped')
    })()
    return closing
  }
  return { url: `http://${host}:${port}`, port, storage, sync, metrics, close }
}

/**
 * The Redis fan-out, loaded only with REDIS_URL (a single instance never loads the Redis client);
 * resolves once connected, or at once with a warning while Redis is not reachable yet.
 */
async function openFanout(
  url: string,
  prefix: string | undefined,
  logger: Logger,
  metrics: Metrics,
): Promise<RedisFanout> {
  const { DEFAULT_REDIS_PREFIX, RedisFanout } = await import('./fanout/redisFanout.ts')
  const fanout = new RedisFanout({ url, prefix, logger, metrics })
  // The URL may carry a password: only the prefix is logged.
  const logged = { prefix: prefix ?? DEFAULT_REDIS_PREFIX }
  if (await fanout.waitUntilConnected()) logger.info('fan-out: Redis', logged)
  else logger.warn('fan-out: Redis is not reachable yet; serving this instance’s clients until it is', logged)
  return fanout
}
