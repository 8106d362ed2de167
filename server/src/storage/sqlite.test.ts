import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testServer.ts'
import { testBoard as board, storageContract } from './contract.ts'
import { SqliteStorage } from './sqlite.ts'
import { SQLITE_MIGRATIONS } from './sqliteSchema.ts'
import { docKey, type NewBoardRecord } from './storage.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A path for a database file in a directory of its own, removed after the test. */
function filePath(name = 'db.sqlite'): string {
  const dir = tempDir()
  dirs.push(dir)
  return join(dir, name)
}

function open(): { storage: SqliteStorage; path: string } {
  const path = filePath()
  return { storage: new SqliteStorage(path), path }
}

/** A file as an older server left it: the first `version` migrations applied, nothing stored yet. */
function oldFile(version: number): { db: Database.Database; path: string } {
  const path = filePath(`v${version}.sqlite`)
  const db = new Database(path)
  for (const step of SQLITE_MIGRATIONS.slice(0, version)) db.exec(step)
  db.pragma(`user_version = ${version}`)
  return { db, path }
}

/** Inserts `b` into an old file's boards table, with the columns every version has. */
function insertOldBoard(db: Database.Database, b: NewBoardRecord): void {
  db.prepare(
    'INSERT INTO boards (id, name, created_at, edit_token_hash, view_token_hash) VALUES (?, ?, ?, ?, ?)',
  ).run(b.id, b.name, b.createdAt, b.editTokenHash, b.viewTokenHash)
}

/** Checks that a closed storage left its file at the newest schema version. */
function expectNewestVersion(path: string): void {
  const raw = new Database(path, { readonly: true })
  expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length)
  raw.close()
}

const ALL_TIME = [0, Number.MAX_SAFE_INTEGER] as const
/** Bytes before each page in a WAL file (SQLite's file format). */
const WAL_FRAME_HEADER_BYTES = 24

const bytes = (...b: number[]) => new Uint8Array(b)
const plain = (u: Uint8Array | undefined) => (u ? [...u] : undefined)

describe('SqliteStorage', () => {
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
    await appends[0]
    // Resolved means committed, and the whole group was committed with it.
    expect(stored()).toBe(3)
    // In order within the group: a board's numbers increase (they are per doc).
    const [a1, b1, a2] = (await Promise.all(appends)) as [number, number, number]
    expect([a2 - a1, b1]).toEqual([1, 1])
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

  it('keeps the WAL file bounded: every append, alone or in a group, lets SQLite checkpoint', async () => {
    const { storage, path } = open()
    await storage.createBoard(board('a'), bytes(0))
    await storage.createBoard(board('b'), bytes(0))
    const raw = new Database(path, { readonly: true })
    const pageBytes = raw.pragma('page_size', { simple: true }) as number
    const checkpointPages = raw.pragma('wal_autocheckpoint', { simple: true }) as number
    raw.close()
    // Far more log than one checkpoint interval, as appends on their own and in groups. SQLite
    // checkpoints when a commit's statement runs to its end; a statement stepped only to its first
    // row (an INSERT … RETURNING read with \`get\`) commits without, and the WAL grows for ever.
    const bound = 2 * checkpointPages * (pageBytes + WAL_FRAME_HEADER_BYTES)
    for (let i = 0; i < 3 * checkpointPages; i++) await storage.appendUpdate('a', bytes(1))
    expect(statSync(`${path}-wal`).size).toBeLessThan(bound)
    for (let i = 0; i < 3 * checkpointPages; i++)
      await Promise.all([storage.appendUpdate('a', bytes(2)), storage.appendUpdate('b', bytes(3))])
    expect(statSync(`${path}-wal`).size).toBeLessThan(bound)
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

  it('migrates a version 1 file: boards, snapshots and log kept, sequence numbers not reused', async () => {
    const { db: v1, path } = oldFile(1)
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
    expectNewestVersion(path)
  })

  it('migrates a version 2 file: boards stay originals, versions, variants and assets can be added', async () => {
    const { db: v2, path } = oldFile(2)
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
    expectNewestVersion(path)
  })

  it('migrates a version 3 file: snapshots kept without a state vector, compaction then stores one', async () => {
    const { db: v3, path } = oldFile(3)
    const b = board('a')
    insertOldBoard(v3, b)
    v3.prepare("INSERT INTO snapshots VALUES ('a', 'plan', ?, 0)").run(bytes(9))
    v3.close()

    const storage = new SqliteStorage(path)
    const state = await storage.loadState('a')
    expect(plain(state?.snapshot)).toEqual([9])
    expect(state?.stateVector).toBeUndefined()
    const seq = await storage.appendUpdate('a', bytes(1))
    await storage.compact('a', bytes(9, 1), seq, bytes(1, 7, 3))
    expect(plain((await storage.loadState('a'))?.stateVector)).toEqual([1, 7, 3])
    await storage.close()
    expectNewestVersion(path)
  })

  it('migrates a version 4 file: each log kept in order with its numbers, none reused after', async () => {
    const { db: v4, path } = oldFile(4)
    for (const id of ['a', 'b']) {
      insertOldBoard(v4, board(id))
      v4.prepare("INSERT INTO snapshots (board_id, doc, data, through_seq) VALUES (?, 'plan', ?, 0)").run(
        id,
        bytes(0),
      )
    }
    // Numbered across boards, interleaved: a 1, b 2, a 3, b 4, a 5, b 6, a (discussion) 7.
    const add = v4.prepare('INSERT INTO updates (board_id, doc, data) VALUES (?, ?, ?)')
    for (let i = 1; i <= 6; i++) add.run(i % 2 ? 'a' : 'b', 'plan', bytes(i))
    add.run('a', 'discussion', bytes(7))
    // a's plan compacted through 5: its log is empty, only the snapshot remembers 5.
    v4.prepare("UPDATE snapshots SET data = ?, through_seq = 5 WHERE board_id = 'a'").run(bytes(9))
    v4.prepare("DELETE FROM updates WHERE board_id = 'a' AND doc = 'plan'").run()
    v4.close()

    const storage = new SqliteStorage(path)
    const log = async (key: string) => (await storage.loadState(key))?.updates.map((u) => [u.seq, ...u.data])
    expect(await log('a')).toEqual([])
    expect(await log('b')).toEqual([
      [2, 2],
      [4, 4],
      [6, 6],
    ])
    expect(await log(docKey('a', 'discussion'))).toEqual([[7, 7]])
    expect(await storage.appendUpdate('a', bytes(10))).toBe(6)
    expect(await storage.appendUpdate('b', bytes(11))).toBe(7)
    expect(await storage.appendUpdate(docKey('a', 'discussion'), bytes(12))).toBe(8)
    expect(await log('a')).toEqual([[6, 10]])
    await storage.close()
    expectNewestVersion(path)
    const raw = new Database(path, { readonly: true })
    // One table clustered by doc, no index beside it.
    expect(raw.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'updates'").pluck().all()).toEqual([
      expect.stringMatching(/WITHOUT ROWID/),
    ])
    raw.close()
  })

  it('migrates the events of a version 2 file, keeping their order, and then takes norm-set changes', async () => {
    const { db: v2, path } = oldFile(2)
    const b = board('a')
    insertOldBoard(v2, b)
    // Two events in the same millisecond: their ids keep them in the order they were recorded.
    const insert = v2.prepare(
      "INSERT INTO events (board_id, at, kind, name, access) VALUES ('a', ?, ?, ?, ?)",
    )
    insert.run(5, 'joined', 'Bram', 'view')
    insert.run(5, 'left', 'Bram', 'view')
    v2.close()

    const storage = new SqliteStorage(path)
    await storage.appendEvent('a', {
      at: 5,
      kind: 'norm-set',
      name: 'Anna',
      access: 'edit',
      to: 'nl-reference',
    })
    expect(await storage.listEvents('a', ...ALL_TIME, 100)).toEqual([
      { at: 5, kind: 'joined', name: 'Bram', access: 'view' },
      { at: 5, kind: 'left', name: 'Bram', access: 'view' },
      { at: 5, kind: 'norm-set', name: 'Anna', access: 'edit', to: 'nl-reference' },
    ])
    await storage.close()
  })
})

storageContract('SqliteStorage', async () => {
  const { storage, path } = open()
  return { storage, reopen: async () => new SqliteStorage(path), cleanup: async () => {} }
})
