import { describe, expect, it } from 'vitest'
import { ConfigError, configFromEnv } from './config.ts'
import { DEFAULT_LIMITS } from './limits.ts'

describe('configFromEnv', () => {
  it('has the documented defaults', () => {
    const c = configFromEnv({}, '/srv/gebiedsbord')
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/gebiedsbord/data',
      adminToken: undefined,
      sqliteSynchronous: 'NORMAL',
      limits: DEFAULT_LIMITS,
    })
  })

  it('reads overrides, and treats an empty variable as unset', () => {
    const c = configFromEnv(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/gb',
        ADMIN_TOKEN: '',
        PUBLIC_URL: 'https://bord.example.nl/',
        SQLITE_SYNCHRONOUS: 'FULL',
        MAX_MESSAGE_BYTES: '1024',
        UPDATE_RATE: '',
      },
      '/x',
    )
    expect(c).toMatchObject({ port: 0, host: '0.0.0.0', dataDir: '/var/lib/gb', sqliteSynchronous: 'FULL' })
    expect(c.adminToken).toBeUndefined()
    expect(c.publicUrl).toBe('https://bord.example.nl')
    expect(c.limits.maxMessageBytes).toBe(1024)
    expect(c.limits.updateRate).toBe(DEFAULT_LIMITS.updateRate)
  })

  it('reads REDIS_URL and REDIS_PREFIX for fan-out between instances on one PostgreSQL', () => {
    const c = configFromEnv({
      DATABASE_URL: 'postgres://gb@db:5432/gb',
      REDIS_URL: 'redis://cache:6379/2',
      REDIS_PREFIX: 'bord-a:',
    })
    expect([c.redisUrl, c.redisPrefix]).toEqual(['redis://cache:6379/2', 'bord-a:'])
    expect(configFromEnv({}).redisUrl).toBeUndefined()
  })

  it('refuses REDIS_URL with the default SQLite: the instances would not share their boards', () => {
    const read = () => configFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })
    expect(read).toThrow(ConfigError)
    expect(read).toThrow(/REDIS_URL: .*set DATABASE_URL \(PostgreSQL\) too/)
    expect(() => configFromEnv({ DATABASE_URL: 'postgres://db/gb', REDIS_PREFIX: 'x:' })).toThrow(
      /REDIS_PREFIX: .*set REDIS_URL too/,
    )
    expect(() => configFromEnv({ DATABASE_URL: 'postgres://db/gb', REDIS_URL: 'http://cache' })).toThrow(
      /REDIS_URL: use a Redis URL/,
    )
  })

  it('names every unusable variable', () => {
    const read = () => configFromEnv({ PORT: 'http', ADMIN_TOKEN: 'short', MAX_BOARD_BYTES: '-1' })
    expect(read).toThrow(ConfigError)
    expect(read).toThrow(/PORT[\s\S]*ADMIN_TOKEN[\s\S]*MAX_BOARD_BYTES/)
  })
})
