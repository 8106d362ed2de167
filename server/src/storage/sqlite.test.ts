import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testServer.ts'
import { SqliteStorage } from './sqlite.ts'
import type { BoardRecord } from './storage.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function open(): { storage: SqliteStorage; path: string } {
  const dir = tempDir()
  dirs.push(dir)
  const path = join(dir, 'db.sqlite')
  return { storage: new SqliteStorage(path), path }
}

const board = (id: string): BoardRecord => ({
  id,
  name: `bord ${id}`,
  createdAt: 1_700_000_000_000,
  editTokenHash: new Uint8Array(32).fill(1),
  viewTokenHash: new Uint8Array(32).fill(2),
})

const bytes = (...b: number[]) => new Uint8Array(b)
const plain = (u: Uint8Array | undefined) => (u ? [...u] : undefined)

describe('SqliteStorage', () => {
  it('keeps boards, snapshots and the update log across reopening the file', async () => {
    const { storage, path } = open()
    await storage.createBoard(board('a'), bytes(1, 2))
    const s1 = await storage.appendUpdate('a', bytes(3))
    const s2 = await storage.appendUpdate('a', bytes(4))
    expect(s2).toBeGreaterThan(s1)
    await storage.close()

    const again = new SqliteStorage(path)
    expect(await again.getBoard('a')).toMatchObject({ id: 'a', name: 'bord a', createdAt: 1_700_000_000_000 })
    const state = await again.loadState('a')
    expect(plain(state?.snapshot)).toEqual([1, 2])
    expect(state?.updates.map((u) => [u.seq, ...u.data])).toEqual([
      [s1, 3],
      [s2, 4],
    ])
    expect(await again.loadState('missing')).toBeUndefined()
    await again.close()
  })

  it('replaces token hashes', async () => {
    const { storage } = open()
    await storage.createBoard(board('a'), bytes())
    expect(await storage.setTokenHashes('a', { view: new Uint8Array(32).fill(9) })).toBe(true)
    const b = await storage.getBoard('a')
    expect(plain(b?.viewTokenHash)?.[0]).toBe(9)
    expect(plain(b?.editTokenHash)?.[0]).toBe(1)
    expect(await storage.setTokenHashes('missing', { edit: new Uint8Array(32) })).toBe(false)
    await storage.close()
  })

  it('compacts into a snapshot and never reuses a sequence number', async () => {
    const { storage } = open()
    await storage.createBoard(board('a'), bytes(0))
    await storage.createBoard(board('b'), bytes(0))
    await storage.appendUpdate('a', bytes(1))
    const last = await storage.appendUpdate('a', bytes(2))
    await storage.appendUpdate('b', bytes(7))
    await storage.compact('a', bytes(9, 9), last)
    const next = await storage.appendUpdate('a', bytes(3))
    expect(next).toBeGreaterThan(last)
    const a = await storage.loadState('a')
    expect(plain(a?.snapshot)).toEqual([9, 9])
    expect(a?.updates.map((u) => plain(u.data))).toEqual([[3]])
    expect((await storage.loadState('b'))?.updates).toHaveLength(1)
    await storage.close()
  })

  it('loses nothing when compaction fails halfway: snapshot and log change together or not at all', async () => {
    const { storage, path } = open()
    await storage.createBoard(board('a'), bytes(0))
    const seq = await storage.appendUpdate('a', bytes(1))
    // A second connection makes the log deletion (the second statement of compaction) fail.
    const saboteur = new Database(path)
    saboteur.exec(
      `CREATE TRIGGER no_delete BEFORE DELETE ON updates BEGIN SELECT RAISE(ABORT, 'disk gone'); END`,
    )
    await expect(storage.compact('a', bytes(5), seq)).rejects.toThrow('disk gone')
    const state = await storage.loadState('a')
    expect(plain(state?.snapshot)).toEqual([0])
    expect(state?.updates.map((u) => plain(u.data))).toEqual([[1]])
    saboteur.exec('DROP TRIGGER no_delete')
    saboteur.close()
    await storage.compact('a', bytes(5), seq)
    expect(plain((await storage.loadState('a'))?.snapshot)).toEqual([5])
    await storage.close()
  })

  it('passes its health check and reports its size', async () => {
    const { storage } = open()
    await storage.createBoard(board('a'), bytes(0))
    await storage.check()
    const stats = await storage.stats()
    expect(stats.boards).toBe(1)
    expect(stats.bytes).toBeGreaterThan(0)
    await storage.close()
    await expect(storage.check()).rejects.toThrow()
  })
})
