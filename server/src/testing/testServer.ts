import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerConfig } from '../config.ts'
import { DEFAULT_LIMITS, type Limits } from '../limits.ts'
import { type Logger, memoryLogger } from '../logger.ts'
import { type RunningServer, startServer } from '../server.ts'

/** The 201 body of `POST /api/boards`. */
export interface CreatedBoardBody {
  id: string
  name: string
  editToken: string
  viewToken: string
  editUrl: string
  viewUrl: string
  problems?: unknown[]
}

/** An in-process server on a free port with its own temporary DATA_DIR. */
export interface TestServer extends RunningServer {
  readonly dataDir: string
  /** Base URL for WebsocketProvider: `ws://127.0.0.1:<port>/sync`. */
  readonly syncUrl: string
  readonly logger: Logger
  /** Creates a board through the HTTP API. */
  createBoard(body?: unknown): Promise<CreatedBoardBody>
  /** Graceful close, then removes the data directory (unless it was given). */
  stop(): Promise<void>
}

/** Makes a temporary directory for a test's data. */
export function tempDir(prefix = 'gebiedsbord-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Starts a real server (real sockets, real SQLite) for a test. */
export async function startTestServer(
  options: {
    limits?: Partial<Limits>
    adminToken?: string
    dataDir?: string
    clientDir?: string
    logger?: Logger
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir()
  const logger = options.logger ?? memoryLogger()
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminToken: options.adminToken,
    publicUrl: undefined,
    clientDir: options.clientDir ?? join(dataDir, 'no-client'),
    sqliteSynchronous: 'NORMAL',
    logLevel: 'silent',
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  }
  const server = await startServer(config, logger)
  return {
    ...server,
    dataDir,
    logger,
    syncUrl: `${server.url.replace(/^http/, 'ws')}/sync`,
    async createBoard(body: unknown = { name: 'Testbord' }) {
      const res = await fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {}),
        },
        body: JSON.stringify(body),
      })
      if (res.status !== 201) throw new Error(`creating a board failed: ${res.status} ${await res.text()}`)
      return (await res.json()) as CreatedBoardBody
    },
    async stop() {
      await server.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
