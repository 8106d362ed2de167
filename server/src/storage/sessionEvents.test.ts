import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testServer.ts'
import { SQLITE_MIGRATIONS, SqliteStorage } from './sqlite.ts'
import type { NewBoardRecord, SessionEvent } from './storage.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function path(): string {
  const dir = tempDir()
  dirs.push(dir)
  return join(dir, 'db.sqlite')
}

const board = (id: string): NewBoardRecord => ({
  id,
  name: `bord ${id}`,
  createdAt: 1_700_000_000_000,
  editTokenHash: new Uint8Array(32).fill(1),
  viewTokenHash: new Uint8Array(32).fill(2),
})

const ALL = [0, Number.MAX_SAFE_INTEGER] as const

describe('session events in SQLite', () => {
  it('keeps a norm-set change with its from, to and area beside joins and leaves, across reopening', async () => {
    const file = path()
    const storage = new SqliteStorage(file)
    await storage.createBoard(board('a'), new Uint8Array([0, 0]))
    const events: SessionEvent[] = [
      { at: 10, kind: 'joined', name: 'Anna', access: 'edit' },
      { at: 20, kind: 'norm-set', name: 'Anna', access: 'edit', to: 'amsterdam-40-40-20' },
      {
        at: 30,
        kind: 'norm-set',
        name: 'Anna',
        access: 'edit',
        from: 'amsterdam-40-40-20',
        to: 'nl-reference',
        area: 'noord',
        areaName: 'Noord',
      },
      {
        at: 40,
        kind: 'norm-set',
        name: '',
        access: 'edit',
        from: 'nl-reference',
        area: 'noord',
        areaName: 'Noord',
      },
      { at: 50, kind: 'left', name: 'Anna', access: 'edit' },
    ]
    for (const e of events) await storage.appendEvent('a', e)
    await storage.close()
    const reopened = new SqliteStorage(file)
    expect(await reopened.listEvents('a', ...ALL, 100)).toEqual(events)
    await reopened.close()
  })

  it('migrates the events of a version 2 file, keeping their order, and then takes norm-set changes', async () => {
    const file = path()
    const v2 = new Database(file)
    v2.exec(SQLITE_MIGRATIONS[0] as string)
    v2.exec(SQLITE_MIGRATIONS[1] as string)
    v2.pragma('user_version = 2')
    const b = board('a')
    v2.prepare(
      'INSERT INTO boards (id, name, created_at, edit_token_hash, view_token_hash) VALUES (?, ?, ?, ?, ?)',
    ).run(b.id, b.name, b.createdAt, b.editTokenHash, b.viewTokenHash)
    // Two events in the same millisecond: their ids keep them in the order they were recorded.
    const insert = v2.prepare(
      "INSERT INTO events (board_id, at, kind, name, access) VALUES ('a', ?, ?, ?, ?)",
    )
    insert.run(5, 'joined', 'Bram', 'view')
    insert.run(5, 'left', 'Bram', 'view')
    v2.close()

    const storage = new SqliteStorage(file)
    await storage.appendEvent('a', {
      at: 5,
      kind: 'norm-set',
      name: 'Anna',
      access: 'edit',
      to: 'nl-reference',
    })
    expect(await storage.listEvents('a', ...ALL, 100)).toEqual([
      { at: 5, kind: 'joined', name: 'Bram', access: 'view' },
      { at: 5, kind: 'left', name: 'Bram', access: 'view' },
      { at: 5, kind: 'norm-set', name: 'Anna', access: 'edit', to: 'nl-reference' },
    ])
    await storage.close()
  })
})
