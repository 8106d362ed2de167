import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, configFromEnv } from '../config.ts'
import { memoryLogger } from '../logger.ts'
import { tempDir } from '../testing/testServer.ts'
import { openStorage } from './open.ts'
import { SQLITE_FILE_NAME, SqliteStorage } from './sqlite.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('choosing the storage', () => {
  it('opens the SQLite file in DATA_DIR when DATABASE_URL is not set', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const storage = await openStorage(configFromEnv({ DATA_DIR: dataDir, DATABASE_URL: '' }), memoryLogger())
    expect(storage).toBeInstanceOf(SqliteStorage)
    await storage.close()
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true)
  })

  it('reads DATABASE_URL and DATABASE_SCHEMA', () => {
    const config = configFromEnv({
      DATABASE_URL: 'postgres://bord:geheim@db:5432/bord',
      DATABASE_SCHEMA: 'noord',
    })
    expect([config.databaseUrl, config.databaseSchema]).toEqual([
      'postgres://bord:geheim@db:5432/bord',
      'noord',
    ])
    expect(configFromEnv({}).databaseUrl).toBeUndefined()
  })

  it.each([
    [{ DATABASE_URL: 'mysql://db/bord' }, /^DATABASE_URL: use a PostgreSQL URL/],
    [
      { DATABASE_URL: 'postgres://db/bord', DATABASE_SCHEMA: 'Noord-Zuid' },
      /^DATABASE_SCHEMA: use lowercase/,
    ],
    [{ DATABASE_SCHEMA: 'noord' }, /^DATABASE_SCHEMA: applies only to PostgreSQL/],
  ])('refuses %o and says which variable is wrong', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(ConfigError)
    expect(() => configFromEnv(env)).toThrow(message)
  })

  it('fails to open, rather than start without storage, when PostgreSQL cannot be reached', async () => {
    // Port 1 on this machine: nothing listens there, so the connection is refused at once.
    const config = configFromEnv({ DATABASE_URL: 'postgres://bord:geheim@127.0.0.1:1/bord' })
    const failure = openStorage(config, memoryLogger())
    await expect(failure).rejects.toThrow(/ECONNREFUSED/)
    await expect(failure).rejects.not.toThrow(/geheim/)
  })
})
