import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testServer.ts'
import { storageContract } from './contract.ts'
import { SQLITE_MIGRATIONS, SqliteStorage } from './sqlite.ts'
import { AlreadyStoredError, docKey, type NewBoardRecord } from './storage.ts'

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

const board = (id: string): NewBoardRecord => ({
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

  it('commits appends made in the same turn together, at the end of that turn', async () => {
    const { storage, path } = open()
    await storage.createBoard(board('a'), bytes(0))
    await storage.createBoard(board('b'), bytes(0))
    const reader = new Database(path, { readonly: true })
    const stored = () => (reader.prepare('SELECT count(*) AS n FROM updates').get() as { n: number }).n
    const appends = [storage.appendUpdate('a', bytes(1)), storage.appendUpdate('b', bytes(2))]
    appends.push(storage.appendUpdate('a', bytes(3)))
    expect(stored()).toBe(0)
    const first = await appends[0]
    // Resolved means committed, and the whole group was committed with it.
    expect(stored()).toBe(3)
    expect(await Promise.all(appends)).toEqual([first, (first as number) + 1, (first as number) + 2])
    expect((await storage.loadState('a'))?.updates.map((u) => plain(u.data))).toEqual([[1], [3]])
    reader.close()
    await storage.close()
  })

  it('fails only the append that cannot be stored when its group fails', async () => {
    const { storage, path } = open()
    await storage.createBoard(board('a'), bytes(0))
    const saboteur = new Database(path)
    saboteur.exec(
      `CREATE TRIGGER no_two BEFORE INSERT ON updates WHEN NEW.data = x'02' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    )
    const results = await Promise.allSettled([1, 2, 3].map((b) => storage.appendUpdate('a', bytes(b))))
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await storage.loadState('a'))?.updates.map((u) => plain(u.data))).toEqual([[1], [3]])
    // A group that fails as a whole fails every append in it, and stores none.
    saboteur.exec(
      `CREATE TRIGGER no_insert BEFORE INSERT ON updates BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    )
    const failed = await Promise.allSettled([4, 5].map((b) => storage.appendUpdate('a', bytes(b))))
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect((await storage.loadState('a'))?.updates).toHaveLength(2)
    saboteur.close()
    await storage.close()
  })

  it('commits the appends still waiting when it is closed', async () => {
    const { storage, path } = open()
    await storage.createBoard(board('a'), bytes(0))
    const pending = storage.appendUpdate('a', bytes(1))
    await storage.close()
    expect(await pending).toBeGreaterThan(0)
    const again = new SqliteStorage(path)
    expect((await again.loadState('a'))?.updates.map((u) => plain(u.data))).toEqual([[1]])
    await again.close()
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

  it("keeps a board's discussion apart from its plan: own log, own snapshot", async () => {
    const { storage } = open()
    await storage.createBoard(board('a'), bytes(0))
    const discussion = docKey('a', 'discussion')
    expect(await storage.loadState(discussion)).toEqual({ snapshot: undefined, updates: [] })
    await storage.appendUpdate('a', bytes(1))
    const seq = await storage.appendUpdate(discussion, bytes(7))
    await storage.appendUpdate(discussion, bytes(8))
    await storage.compact(discussion, bytes(7, 7), seq)
    expect(plain((await storage.loadState(discussion))?.snapshot)).toEqual([7, 7])
    expect((await storage.loadState(discussion))?.updates.map((u) => plain(u.data))).toEqual([[8]])
    const plan = await storage.loadState('a')
    expect(plain(plan?.snapshot)).toEqual([0])
    expect(plan?.updates.map((u) => plain(u.data))).toEqual([[1]])
    expect(await storage.loadState(docKey('nope', 'discussion'))).toBeUndefined()
    await storage.close()
  })

  it('stores settings, session events and plan checkpoints per board', async () => {
    const { storage } = open()
    await storage.createBoard(board('a'), bytes(0))
    await storage.createBoard({ ...board('b'), settings: { viewerComments: true } }, bytes(0))
    expect((await storage.getBoard('a'))?.settings).toEqual({ viewerComments: false })
    expect((await storage.getBoard('b'))?.settings).toEqual({ viewerComments: true })
    expect(await storage.setSettings('a', { viewerComments: true })).toBe(true)
    expect((await storage.getBoard('a'))?.settings.viewerComments).toBe(true)
    expect(await storage.setSettings('nope', { viewerComments: true })).toBe(false)

    for (const [at, name] of [
      [100, 'Anna'],
      [200, 'Bram'],
      [300, 'Chris'],
    ] as const)
      await storage.appendEvent('a', { at, kind: 'joined', name, access: 'edit' })
    await storage.appendEvent('b', { at: 150, kind: 'left', name: 'Dirk', access: 'view' })
    expect((await storage.listEvents('a', 0, 1_000, 10)).map((e) => e.name)).toEqual([
      'Anna',
      'Bram',
      'Chris',
    ])
    // A window cut by the limit keeps its newest events, still oldest first.
    expect((await storage.listEvents('a', 0, 1_000, 2)).map((e) => e.name)).toEqual(['Bram', 'Chris'])
    expect(await storage.listEvents('a', 150, 250, 10)).toEqual([
      { at: 200, kind: 'joined', name: 'Bram', access: 'edit' },
    ])

    await storage.putCheckpoint('a', { at: 1_000, data: bytes(1) })
    await storage.putCheckpoint('a', { at: 2_000, data: bytes(2) })
    expect(await storage.listCheckpoints('a', 0, 5_000)).toEqual([1_000, 2_000])
    expect(await storage.listCheckpoints('b', 0, 5_000)).toEqual([])
    expect(await storage.checkpointAtOrBefore('a', 999)).toBeUndefined()
    const c = await storage.checkpointAtOrBefore('a', 1_999)
    expect([c?.at, plain(c?.data)]).toEqual([1_000, [1]])
    expect(plain((await storage.checkpointAtOrBefore('a', 9_999))?.data)).toEqual([2])
    await storage.close()
  })

  it('migrates a version 1 file: boards, snapshots and log kept, sequence numbers not reused', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const path = join(dir, 'v1.sqlite')
    const v1 = new Database(path)
    v1.exec(SQLITE_MIGRATIONS[0] as string)
    v1.pragma('user_version = 1')
    const b = board('a')
    v1.prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?)').run(
      b.id,
      b.name,
      b.createdAt,
      b.editTokenHash,
      b.viewTokenHash,
    )
    const add = v1.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)')
    for (let i = 1; i <= 5; i++) add.run('a', bytes(i))
    // Compacted through 5 and the log emptied: only the AUTOINCREMENT counter remembers 5.
    v1.prepare('INSERT INTO snapshots VALUES (?, ?, ?)').run('a', bytes(9), 5)
    v1.prepare('DELETE FROM updates').run()
    add.run('a', bytes(6))
    v1.close()

    const storage = new SqliteStorage(path)
    const state = await storage.loadState('a')
    expect(plain(state?.snapshot)).toEqual([9])
    expect(state?.updates.map((u) => [u.seq, plain(u.data)])).toEqual([[6, [6]]])
    expect(await storage.appendUpdate('a', bytes(7))).toBe(7)
    expect((await storage.getBoard('a'))?.settings).toEqual({ viewerComments: false })
    await storage.close()
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length)
    raw.close()
  })

  it('stores named versions immutably and lists them newest first, without their data', async () => {
    const { storage } = open()
    await storage.createBoard(board('a'), bytes(0))
    await storage.createBoard(board('b'), bytes(0))
    await storage.putVersion('a', { id: 'v1', name: 'Eerste bod', at: 1_000, author: 'Anna', data: bytes(1) })
    await storage.putVersion('a', { id: 'v2', name: 'Tweede bod', at: 3_000, author: '', data: bytes(2) })
    // Saved in the same millisecond as v2: the later save is still listed first.
    await storage.putVersion('a', { id: 'v3', name: 'Na overleg', at: 3_000, author: 'Bas', data: bytes(3) })
    expect(await storage.listVersions('a')).toEqual([
      { id: 'v3', name: 'Na overleg', at: 3_000, author: 'Bas' },
      { id: 'v2', name: 'Tweede bod', at: 3_000, author: '' },
      { id: 'v1', name: 'Eerste bod', at: 1_000, author: 'Anna' },
    ])
    const v2 = await storage.getVersion('a', 'v2')
    expect({ ...v2, data: plain(v2?.data) }).toEqual({
      id: 'v2',
      name: 'Tweede bod',
      at: 3_000,
      author: '',
      data: [2],
    })
    const again = storage.putVersion('a', {
      id: 'v1',
      name: 'overschreven',
      at: 9_000,
      author: '',
      data: bytes(9),
    })
    await expect(again).rejects.toBeInstanceOf(AlreadyStoredError)
    await expect(again).rejects.toThrow(/board a already has a version with id "v1"/)
    expect(plain((await storage.getVersion('a', 'v1'))?.data)).toEqual([1])
    // Version ids are per board: b may use v1, and does not see a's.
    await storage.putVersion('b', { id: 'v1', name: 'b', at: 1, author: '', data: bytes(7) })
    expect((await storage.listVersions('b')).map((v) => v.id)).toEqual(['v1'])
    expect(await storage.getVersion('b', 'v2')).toBeUndefined()
    await expect(
      storage.putVersion('nope', { id: 'v1', name: 'x', at: 1, author: '', data: bytes(1) }),
    ).rejects.toThrow(/FOREIGN KEY/)
    await storage.close()
  })

  it("keeps a variant's parent and lists the variants of a board", async () => {
    const { storage, path } = open()
    await storage.createBoard(board('a'), bytes(0))
    await storage.createBoard(
      { ...board('v'), createdAt: 2_000, parent: { boardId: 'a', versionId: 'x1' } },
      bytes(1),
    )
    await storage.createBoard(
      { ...board('w'), createdAt: 1_000, parent: { boardId: 'a', versionId: 'x2' } },
      bytes(1),
    )
    await storage.createBoard({ ...board('z'), parent: { boardId: 'v', versionId: 'y' } }, bytes(1))
    await storage.close()
    const reopened = new SqliteStorage(path)
    expect((await reopened.getBoard('a'))?.parent).toBeUndefined()
    expect((await reopened.getBoard('v'))?.parent).toEqual({ boardId: 'a', versionId: 'x1' })
    expect(await reopened.listVariants('a')).toEqual([
      { id: 'w', name: 'bord w', createdAt: 1_000, parentVersion: 'x2' },
      { id: 'v', name: 'bord v', createdAt: 2_000, parentVersion: 'x1' },
    ])
    expect((await reopened.listVariants('v')).map((b) => b.id)).toEqual(['z'])
    expect(await reopened.listVariants('z')).toEqual([])
    await reopened.close()
  })

  it('stores assets per board, immutably', async () => {
    const { storage } = open()
    await storage.createBoard(board('a'), bytes(0))
    await storage.createBoard(board('b'), bytes(0))
    await storage.putAsset('a', { id: 'img', contentType: 'image/png', data: bytes(137, 80) })
    const got = await storage.getAsset('a', 'img')
    expect([got?.id, got?.contentType, plain(got?.data)]).toEqual(['img', 'image/png', [137, 80]])
    expect(await storage.getAsset('b', 'img')).toBeUndefined()
    await expect(
      storage.putAsset('a', { id: 'img', contentType: 'image/jpeg', data: bytes(255) }),
    ).rejects.toBeInstanceOf(AlreadyStoredError)
    expect((await storage.getAsset('a', 'img'))?.contentType).toBe('image/png')
    await storage.close()
  })

  it('migrates a version 2 file: boards stay originals, versions, variants and assets can be added', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const path = join(dir, 'v2.sqlite')
    const v2 = new Database(path)
    v2.exec(SQLITE_MIGRATIONS[0] as string)
    v2.exec(SQLITE_MIGRATIONS[1] as string)
    v2.pragma('user_version = 2')
    const b = board('a')
    v2.prepare(
      'INSERT INTO boards (id, name, created_at, edit_token_hash, view_token_hash, viewer_comments) VALUES (?, ?, ?, ?, ?, 1)',
    ).run(b.id, b.name, b.createdAt, b.editTokenHash, b.viewTokenHash)
    v2.prepare("INSERT INTO snapshots VALUES ('a', 'plan', ?, 0)").run(bytes(9))
    v2.prepare("INSERT INTO updates (board_id, doc, data) VALUES ('a', 'plan', ?)").run(bytes(1))
    v2.prepare("INSERT INTO checkpoints VALUES ('a', 5, ?)").run(bytes(4))
    v2.close()

    const storage = new SqliteStorage(path)
    const stored = await storage.getBoard('a')
    expect(stored?.settings).toEqual({ viewerComments: true })
    expect(stored?.parent).toBeUndefined()
    const state = await storage.loadState('a')
    expect([plain(state?.snapshot), state?.updates.map((u) => plain(u.data))]).toEqual([[9], [[1]]])
    expect(plain((await storage.checkpointAtOrBefore('a', 5))?.data)).toEqual([4])
    expect(await storage.listVersions('a')).toEqual([])
    await storage.putVersion('a', { id: 'v1', name: 'bod', at: 1, author: '', data: bytes(9, 1) })
    await storage.createBoard({ ...board('b'), parent: { boardId: 'a', versionId: 'v1' } }, bytes(9, 1))
    expect((await storage.listVariants('a')).map((v) => [v.id, v.parentVersion])).toEqual([['b', 'v1']])
    await storage.putAsset('a', { id: 'img', contentType: 'image/webp', data: bytes(1) })
    expect((await storage.getAsset('a', 'img'))?.contentType).toBe('image/webp')
    await storage.close()
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('user_version', { simple: true })).toBe(3)
    raw.close()
  })
})

storageContract('SqliteStorage', async () => {
  const { storage, path } = open()
  return { storage, reopen: async () => new SqliteStorage(path), cleanup: async () => {} }
})
