import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { DEFAULT_LIMITS, type Limits } from './limits.ts'
import { LOG_LEVELS, type LogLevel } from './logger.ts'
import { SCHEMA_NAME } from './storage/postgresSchema.ts'
import type { SqliteSynchronous } from './storage/sqlite.ts'

/** Everything the server is configured with; `configFromEnv` builds it from the environment. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  /** When set, creating boards requires `Authorization: Bearer <adminToken>`. */
  readonly adminToken: string | undefined
  /** Origin used in editUrl/viewUrl; by default the origin the request came in on. */
  readonly publicUrl: string | undefined
  /** The built client (`client/dist`) served at `/`. */
  readonly clientDir: string
  readonly sqliteSynchronous: SqliteSynchronous
  /** PostgreSQL (`postgres://…`) instead of SQLite in `dataDir`, so that several processes share the boards. */
  readonly databaseUrl?: string | undefined
  /** The PostgreSQL schema of the tables (default `public`); only with `databaseUrl`. */
  readonly databaseSchema?: string | undefined
  /** Redis (`redis://…`) through which several instances on one PostgreSQL relay updates and presence to each other. */
  readonly redisUrl?: string | undefined
  /** Prefix of the Redis channels (default `gebiedsbord:`); only with `redisUrl`. */
  readonly redisPrefix?: string | undefined
  readonly logLevel: LogLevel
  readonly limits: Limits
}

/** Where `vite build` puts the client, relative to this file. */
const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url))

// An empty variable (`ADMIN_TOKEN=`) means "not set", as in most deployment tools.
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v)
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional())
const positiveInt = opt(z.coerce.number().int().positive())

const EnvSchema = z.object({
  PORT: opt(z.coerce.number().int().min(0).max(65535)),
  HOST: opt(z.string()),
  DATA_DIR: opt(z.string()),
  ADMIN_TOKEN: opt(z.string().min(16, 'use at least 16 characters (e.g. `openssl rand -base64 32`)')),
  PUBLIC_URL: opt(z.url()),
  CLIENT_DIR: opt(z.string()),
  SQLITE_SYNCHRONOUS: opt(z.enum(['NORMAL', 'FULL'])),
  DATABASE_URL: opt(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'use a PostgreSQL URL: postgres://user:password@host:5432/database'),
  ),
  DATABASE_SCHEMA: opt(
    z
      .string()
      .regex(SCHEMA_NAME, 'use lowercase letters, digits and _ (at most 63), not starting with a digit'),
  ),
  REDIS_URL: opt(
    z.string().regex(/^rediss?:\/\/\S+$/, 'use a Redis URL: redis://[user:password@]host:6379[/db]'),
  ),
  REDIS_PREFIX: opt(
    z.string().regex(/^[!-~]{1,100}$/, 'use at most 100 printable ASCII characters without spaces'),
  ),
  LOG_LEVEL: opt(z.enum(LOG_LEVELS)),
  MAX_MESSAGE_BYTES: positiveInt,
  MAX_BOARD_BYTES: positiveInt,
  MAX_CONNECTIONS_PER_BOARD: positiveInt,
  UPDATE_RATE: positiveInt,
  UPDATE_BURST: positiveInt,
  AWARENESS_RATE: positiveInt,
  PRELOAD_QUEUE_MESSAGES: positiveInt,
  IDLE_UNLOAD_MS: opt(z.coerce.number().int().min(0)),
  COMPACT_AFTER_UPDATES: positiveInt,
  MAX_BUFFERED_BYTES: positiveInt,
  MAX_REQUEST_BYTES: positiveInt,
})

/** Raised for an unusable environment, with one line per problem. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads the configuration from environment variables (see docs/server.md for the list). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'))
  const e = parsed.data
  if (e.DATABASE_SCHEMA && !e.DATABASE_URL)
    throw new ConfigError('DATABASE_SCHEMA: applies only to PostgreSQL; set DATABASE_URL too, or unset it')
  if (e.REDIS_URL && !e.DATABASE_URL)
    throw new ConfigError(
      'REDIS_URL: instances that relay to each other must share their boards; set DATABASE_URL (PostgreSQL) too. With the default SQLite every instance would have boards of its own',
    )
  if (e.REDIS_PREFIX && !e.REDIS_URL)
    throw new ConfigError('REDIS_PREFIX: applies only to fan-out over Redis; set REDIS_URL too, or unset it')
  const d = DEFAULT_LIMITS
  return {
    port: e.PORT ?? 8080,
    host: e.HOST ?? '127.0.0.1',
    dataDir: resolve(cwd, e.DATA_DIR ?? './data'),
    adminToken: e.ADMIN_TOKEN,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    clientDir: e.CLIENT_DIR ? resolve(cwd, e.CLIENT_DIR) : DEFAULT_CLIENT_DIR,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS ?? 'NORMAL',
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    logLevel: e.LOG_LEVEL ?? 'info',
    limits: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES ?? d.maxMessageBytes,
      maxBoardBytes: e.MAX_BOARD_BYTES ?? d.maxBoardBytes,
      maxConnectionsPerBoard: e.MAX_CONNECTIONS_PER_BOARD ?? d.maxConnectionsPerBoard,
      updateRate: e.UPDATE_RATE ?? d.updateRate,
      updateBurst: e.UPDATE_BURST ?? d.updateBurst,
      awarenessRate: e.AWARENESS_RATE ?? d.awarenessRate,
      preloadQueueMessages: e.PRELOAD_QUEUE_MESSAGES ?? d.preloadQueueMessages,
      idleUnloadMs: e.IDLE_UNLOAD_MS ?? d.idleUnloadMs,
      compactAfterUpdates: e.COMPACT_AFTER_UPDATES ?? d.compactAfterUpdates,
      maxBufferedBytes: e.MAX_BUFFERED_BYTES ?? d.maxBufferedBytes,
      maxRequestBytes: e.MAX_REQUEST_BYTES ?? d.maxRequestBytes,
    },
  }
}
