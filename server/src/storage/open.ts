import { join } from 'node:path'
import type { ServerConfig } from '../config.ts'
import type { Logger } from '../logger.ts'
import { SQLITE_FILE_NAME, SqliteStorage } from './sqlite.ts'
import type { BoardStorage } from './storage.ts'

/**
 * The storage the configuration asks for: PostgreSQL when `databaseUrl` is set (its schema made
 * and migrated before this resolves), else the SQLite file in `dataDir`.
 */
export async function openStorage(config: ServerConfig, logger: Logger): Promise<BoardStorage> {
  if (!config.databaseUrl)
    return new SqliteStorage(join(config.dataDir, SQLITE_FILE_NAME), config.sqliteSynchronous)
  // Loaded only here: an instance on SQLite never loads the PostgreSQL client.
  const { DEFAULT_POSTGRES_SCHEMA, PostgresStorage } = await import('./postgres.ts')
  const storage = await PostgresStorage.open({
    connectionString: config.databaseUrl,
    schema: config.databaseSchema,
    onIdleError: (err) =>
      logger.warn('a PostgreSQL connection failed while idle; the next call opens a new one', {
        error: String(err),
      }),
  })
  // The URL may carry a password: only the schema is logged.
  logger.info('storage: PostgreSQL', { schema: config.databaseSchema ?? DEFAULT_POSTGRES_SCHEMA })
  return storage
}
