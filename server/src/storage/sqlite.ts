import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Access, BoardRecord, BoardStorage, StorageStats, StoredState, StoredUpdate } from './storage.ts'

/**
 * How SQLite syncs commits to disk in WAL mode.
 *
 * NORMAL (the default) writes every commit into the write-ahead log with write(2) before the
 * commit returns, but fsyncs only at checkpoints. A killed process (kill -9, OOM, crash) loses
 * nothing: the bytes are in the operating system's page cache, which outlives the process, and
 * the next open replays the log. Only an operating-system crash or power loss can drop the last
 * commits before a checkpoint. FULL also fsyncs the log on every commit and survives power loss,
 * at the cost of one disk flush per accepted update (see docs/server.md for measurements).
 */
export type SqliteSynchronous = 'NORMAL' | 'FULL'

/** The file name of the database inside DATA_DIR. */
export const SQLITE_FILE_NAME = 'gebiedsbord.sqlite'

/** Bumped with a migration step below whenever the tables change. */
const SCHEMA_VERSION = 1

const SCHEMA = `
CREATE TABLE boards (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  edit_token_hash BLOB NOT NULL,
  view_token_hash BLOB NOT NULL
) STRICT;
-- One row per board: the compacted document state and the last log entry it includes.
CREATE TABLE snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
  data BLOB NOT NULL,
  through_seq INTEGER NOT NULL
) STRICT;
-- The append-only log. AUTOINCREMENT: a sequence number is never reused, even after compaction
-- deleted the highest one, so "after the snapshot" always means "greater than through_seq".
CREATE TABLE updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  data BLOB NOT NULL
) STRICT;
CREATE INDEX updates_by_board ON updates(board_id, seq);
CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL) STRICT;
INSERT INTO health VALUES (1, 0);
`

interface BoardRow {
  id: string
  name: string
  created_at: number
  edit_token_hash: Buffer
  view_token_hash: Buffer
}

/** The embedded default storage: one SQLite file in WAL mode, through better-sqlite3. */
export class SqliteStorage implements BoardStorage {
  readonly #db: Database.Database
  readonly #path: string
  readonly #stmt

  constructor(path: string, synchronous: SqliteSynchronous = 'NORMAL') {
    mkdirSync(dirname(path), { recursive: true })
    this.#path = path
    this.#db = new Database(path)
    // Takes effect only in a new, empty database: compaction can then hand the pages of the
    // deleted log back to the file system (see `compact`). Older files keep their mode.
    this.#db.pragma('auto_vacuum = INCREMENTAL')
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma(`synchronous = ${synchronous}`)
    this.#db.pragma('foreign_keys = ON')
    this.#db.pragma('busy_timeout = 5000')
    this.#migrate()
    const db = this.#db
    this.#stmt = {
      insertBoard: db.prepare(
        'INSERT INTO boards (id, name, created_at, edit_token_hash, view_token_hash) VALUES (?, ?, ?, ?, ?)',
      ),
      getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      setEditHash: db.prepare('UPDATE boards SET edit_token_hash = ? WHERE id = ?'),
      setViewHash: db.prepare('UPDATE boards SET view_token_hash = ? WHERE id = ?'),
      getSnapshot: db.prepare<[string], { data: Buffer; through_seq: number }>(
        'SELECT data, through_seq FROM snapshots WHERE board_id = ?',
      ),
      getUpdates: db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE board_id = ? AND seq > ? ORDER BY seq',
      ),
      append: db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)'),
      putSnapshot: db.prepare(
        `INSERT INTO snapshots (board_id, data, through_seq) VALUES (?, ?, ?)
         ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq`,
      ),
      dropLog: db.prepare('DELETE FROM updates WHERE board_id = ? AND seq <= ?'),
      countBoards: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM boards'),
      touchHealth: db.prepare('UPDATE health SET checked_at = ? WHERE id = 1'),
    }
  }

  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION)
      throw new Error(
        `the database ${this.#path} has schema version ${version}; this server reads up to ${SCHEMA_VERSION}`,
      )
    if (version === 0) {
      this.#db.transaction(() => {
        this.#db.exec(SCHEMA)
        this.#db.pragma(`user_version = ${SCHEMA_VERSION}`)
      })()
    }
  }

  async createBoard(board: BoardRecord, initialState: Uint8Array): Promise<void> {
    this.#db.transaction(() => {
      this.#stmt.insertBoard.run(
        board.id,
        board.name,
        board.createdAt,
        board.editTokenHash,
        board.viewTokenHash,
      )
      this.#stmt.putSnapshot.run(board.id, initialState, 0)
    })()
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const row = this.#stmt.getBoard.get(id)
    if (!row) return undefined
    return {
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      editTokenHash: row.edit_token_hash,
      viewTokenHash: row.view_token_hash,
    }
  }

  async setTokenHashes(id: string, hashes: Partial<Record<Access, Uint8Array>>): Promise<boolean> {
    return this.#db.transaction(() => {
      let changed = 0
      if (hashes.edit) changed += this.#stmt.setEditHash.run(hashes.edit, id).changes
      if (hashes.view) changed += this.#stmt.setViewHash.run(hashes.view, id).changes
      return changed > 0
    })()
  }

  async loadState(id: string): Promise<StoredState | undefined> {
    // One read transaction, so that a compaction between the two reads cannot be half seen.
    return this.#db.transaction(() => {
      if (!this.#stmt.getBoard.get(id)) return undefined
      const snapshot = this.#stmt.getSnapshot.get(id)
      const updates: StoredUpdate[] = this.#stmt.getUpdates.all(id, snapshot?.through_seq ?? 0)
      return { snapshot: snapshot?.data, updates }
    })()
  }

  async appendUpdate(id: string, update: Uint8Array): Promise<number> {
    // better-sqlite3 commits synchronously: when this returns, the row is in the WAL file.
    return Number(this.#stmt.append.run(id, update).lastInsertRowid)
  }

  async compact(id: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.#db.transaction(() => {
      this.#stmt.putSnapshot.run(id, snapshot, throughSeq)
      this.#stmt.dropLog.run(id, throughSeq)
    })()
    // After the commit, on its own: frees the pages of the old snapshot and the dropped log, so
    // that a stored board takes the size of its snapshot (a no-op without auto_vacuum).
    this.#db.pragma('incremental_vacuum')
  }

  async stats(): Promise<StorageStats> {
    const pages = this.#db.pragma('page_count', { simple: true }) as number
    const pageSize = this.#db.pragma('page_size', { simple: true }) as number
    return {
      boards: this.#stmt.countBoards.get()?.n ?? 0,
      bytes: pages * pageSize + fileSize(`${this.#path}-wal`),
    }
  }

  async check(): Promise<void> {
    // A real commit: a full disk or a read-only file fails here, not on the next edit.
    this.#stmt.touchHealth.run(Date.now())
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close()
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}
