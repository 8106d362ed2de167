import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { SCHEMA_VERSION, SQLITE_MIGRATIONS } from './sqliteSchema.ts'
import {
  alreadyStored,
  type BoardRow,
  boardFromRow,
  type EventRow,
  eventDetail,
  eventFromRow,
} from './sqlRows.ts'
import {
  type Access,
  type BoardRecord,
  type BoardSettings,
  type BoardStorage,
  type Checkpoint,
  DEFAULT_SETTINGS,
  type DocKind,
  type NewBoardRecord,
  parseDocKey,
  type SessionEvent,
  type StorageStats,
  type StoredAsset,
  type StoredState,
  type StoredUpdate,
  type StoredVersion,
  type VariantInfo,
  type VersionInfo,
} from './storage.ts'
import { WalFlusher, type WalFlusherOptions } from './walFlusher.ts'

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

/** SQLite's extended result code for a second row with the same primary key. */
const PRIMARY_KEY_TAKEN = 'SQLITE_CONSTRAINT_PRIMARYKEY'

/** An append waiting for its group commit. */
interface PendingAppend {
  readonly id: string
  readonly update: Uint8Array
  resolve(seq: number): void
  reject(err: unknown): void
}

/** The embedded default storage: one SQLite file in WAL mode, through better-sqlite3. */
export class SqliteStorage implements BoardStorage {
  readonly #db: Database.Database
  readonly #path: string
  readonly #stmt
  /** Appends waiting for the end of this event-loop turn (see `appendUpdate`). */
  #pending: PendingAppend[] = []
  /** Writes a batch of appends in one transaction and returns their sequence numbers. */
  readonly #appendBatch: (batch: readonly PendingAppend[]) => number[]
  /** Brings the write-ahead log to disk between checkpoints, off the event loop (NORMAL only). */
  readonly #wal: WalFlusher | undefined

  constructor(path: string, synchronous: SqliteSynchronous = 'NORMAL', wal: WalFlusherOptions = {}) {
    mkdirSync(dirname(path), { recursive: true })
    this.#path = path
    // With FULL every commit syncs the log: a flusher would only add fsyncs.
    this.#wal = synchronous === 'NORMAL' ? new WalFlusher(`${path}-wal`, wal) : undefined
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
        `INSERT INTO boards (id, name, created_at, edit_token_hash, view_token_hash, parent_board_id, parent_version_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      setEditHash: db.prepare('UPDATE boards SET edit_token_hash = ? WHERE id = ?'),
      setViewHash: db.prepare('UPDATE boards SET view_token_hash = ? WHERE id = ?'),
      setSettings: db.prepare('UPDATE boards SET viewer_comments = ? WHERE id = ?'),
      getSnapshot: db.prepare<
        [string, DocKind],
        { data: Buffer; through_seq: number; state_vector: Buffer | null }
      >('SELECT data, through_seq, state_vector FROM snapshots WHERE board_id = ? AND doc = ?'),
      getUpdates: db.prepare<[string, DocKind, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE board_id = ? AND doc = ? AND seq > ? ORDER BY seq',
      ),
      // The doc's next sequence number: above its log and above what its snapshot covers (the log
      // may have been compacted away entirely), so never one the doc had. Read with `all`, which
      // runs the statement to its end: stepped only to its row (`get`), an autocommit is made
      // without SQLite's WAL hook, so it never checkpoints and the WAL file grows without end.
      append: db.prepare<{ board: string; doc: DocKind; data: Uint8Array }, { seq: number }>(
        `INSERT INTO updates (board_id, doc, seq, data) VALUES (@board, @doc, 1 + max(
           coalesce((SELECT max(seq) FROM updates WHERE board_id = @board AND doc = @doc), 0),
           coalesce((SELECT through_seq FROM snapshots WHERE board_id = @board AND doc = @doc), 0)
         ), @data) RETURNING seq`,
      ),
      putSnapshot: db.prepare(
        `INSERT INTO snapshots (board_id, doc, data, through_seq, state_vector) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (board_id, doc) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq,
           state_vector = excluded.state_vector`,
      ),
      dropLog: db.prepare('DELETE FROM updates WHERE board_id = ? AND doc = ? AND seq <= ?'),
      insertEvent: db.prepare(
        'INSERT INTO events (board_id, at, kind, name, access, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      // The newest `limit` of the window, returned oldest first.
      listEvents: db.prepare<[string, number, number, number], EventRow>(
        `SELECT at, kind, name, access, detail FROM (
           SELECT id, at, kind, name, access, detail FROM events WHERE board_id = ? AND at BETWEEN ? AND ?
           ORDER BY at DESC, id DESC LIMIT ?
         ) ORDER BY at, id`,
      ),
      putCheckpoint: db.prepare(
        `INSERT INTO checkpoints (board_id, at, data) VALUES (?, ?, ?)
         ON CONFLICT (board_id, at) DO UPDATE SET data = excluded.data`,
      ),
      listCheckpoints: db.prepare<[string, number, number], { at: number }>(
        'SELECT at FROM checkpoints WHERE board_id = ? AND at BETWEEN ? AND ? ORDER BY at',
      ),
      checkpointBefore: db.prepare<[string, number], { at: number; data: Buffer }>(
        'SELECT at, data FROM checkpoints WHERE board_id = ? AND at <= ? ORDER BY at DESC LIMIT 1',
      ),
      insertVersion: db.prepare(
        'INSERT INTO versions (board_id, id, name, at, author, data) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      // Newest first; rowid breaks ties between versions saved in the same millisecond.
      listVersions: db.prepare<[string], VersionInfo>(
        'SELECT id, name, at, author FROM versions WHERE board_id = ? ORDER BY at DESC, rowid DESC',
      ),
      getVersion: db.prepare<[string, string], StoredVersion>(
        'SELECT id, name, at, author, data FROM versions WHERE board_id = ? AND id = ?',
      ),
      listVariants: db.prepare<[string], VariantInfo>(
        `SELECT id, name, created_at AS createdAt, parent_version_id AS parentVersion
         FROM boards WHERE parent_board_id = ? ORDER BY created_at, rowid`,
      ),
      insertAsset: db.prepare('INSERT INTO assets (board_id, id, content_type, data) VALUES (?, ?, ?, ?)'),
      getAsset: db.prepare<[string, string], StoredAsset>(
        'SELECT id, content_type AS contentType, data FROM assets WHERE board_id = ? AND id = ?',
      ),
      countBoards: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM boards'),
      touchHealth: db.prepare('UPDATE health SET checked_at = ? WHERE id = 1'),
    }
    this.#appendBatch = db.transaction((batch: readonly PendingAppend[]) => batch.map((p) => this.#insert(p)))
  }

  /** Inserts one pending append (in the caller's transaction, or committing on its own); returns its number. */
  #insert(p: PendingAppend): number {
    const { boardId, kind } = parseDocKey(p.id)
    return (this.#stmt.append.all({ board: boardId, doc: kind, data: p.update })[0] as { seq: number }).seq
  }

  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION)
      throw new Error(
        `the database ${this.#path} has schema version ${version}; this server reads up to ${SCHEMA_VERSION}`,
      )
    if (version === SCHEMA_VERSION) return
    // All steps in one transaction: a failure leaves the file at the version it had.
    this.#db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) this.#db.exec(SQLITE_MIGRATIONS[v] as string)
      this.#db.pragma(`user_version = ${SCHEMA_VERSION}`)
    })()
  }

  async createBoard(board: NewBoardRecord, initialState: Uint8Array): Promise<void> {
    this.#db.transaction(() => {
      this.#stmt.insertBoard.run(
        board.id,
        board.name,
        board.createdAt,
        board.editTokenHash,
        board.viewTokenHash,
        board.parent?.boardId ?? null,
        board.parent?.versionId ?? null,
      )
      this.#stmt.putSnapshot.run(board.id, 'plan', initialState, 0, null)
      this.#stmt.setSettings.run((board.settings ?? DEFAULT_SETTINGS).viewerComments ? 1 : 0, board.id)
    })()
    // A new board may hold a whole imported or branched plan.
    this.#wal?.wrote(true)
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const row = this.#stmt.getBoard.get(id)
    return row ? boardFromRow(row) : undefined
  }

  async setSettings(id: string, settings: BoardSettings): Promise<boolean> {
    return this.#stmt.setSettings.run(settings.viewerComments ? 1 : 0, id).changes > 0
  }

  async setTokenHashes(id: string, hashes: Partial<Record<Access, Uint8Array>>): Promise<boolean> {
    return this.#db.transaction(() => {
      let changed = 0
      if (hashes.edit) changed += this.#stmt.setEditHash.run(hashes.edit, id).changes
      if (hashes.view) changed += this.#stmt.setViewHash.run(hashes.view, id).changes
      return changed > 0
    })()
  }

  async loadState(key: string): Promise<StoredState | undefined> {
    const { boardId, kind } = parseDocKey(key)
    // One read transaction, so that a compaction between the two reads cannot be half seen.
    return this.#db.transaction(() => {
      if (!this.#stmt.getBoard.get(boardId)) return undefined
      const snapshot = this.#stmt.getSnapshot.get(boardId, kind)
      const updates: StoredUpdate[] = this.#stmt.getUpdates.all(boardId, kind, snapshot?.through_seq ?? 0)
      return { snapshot: snapshot?.data, stateVector: snapshot?.state_vector ?? undefined, updates }
    })()
  }

  /**
   * Group commit: appends made in the same turn of the event loop (updates that arrived on several
   * sockets together) are written in one transaction at the end of that turn, and each promise
   * resolves once that transaction has committed (better-sqlite3 commits synchronously: the rows
   * are then in the WAL file). When the batch fails, each of its appends is retried on its own,
   * so that one bad append fails alone, exactly as without batching.
   */
  appendUpdate(id: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ id, update, resolve, reject })
      if (this.#pending.length === 1) setImmediate(this.#commitPending)
    })
  }

  readonly #commitPending = (): void => {
    const batch = this.#pending
    this.#pending = []
    this.#writeBatch(batch)
    this.#wal?.wrote()
  }

  #writeBatch(batch: readonly PendingAppend[]): void {
    if (batch.length <= 1) {
      for (const p of batch) this.#appendOne(p)
      return
    }
    let seqs: number[]
    try {
      seqs = this.#appendBatch(batch)
    } catch {
      for (const p of batch) this.#appendOne(p)
      return
    }
    batch.forEach((p, i) => {
      p.resolve(seqs[i] as number)
    })
  }

  #appendOne(p: PendingAppend): void {
    try {
      p.resolve(this.#insert(p))
    } catch (err) {
      p.reject(err)
    }
  }

  async compact(
    key: string,
    snapshot: Uint8Array,
    throughSeq: number,
    stateVector?: Uint8Array,
  ): Promise<void> {
    const { boardId, kind } = parseDocKey(key)
    this.#db.transaction(() => {
      this.#stmt.putSnapshot.run(boardId, kind, snapshot, throughSeq, stateVector ?? null)
      this.#stmt.dropLog.run(boardId, kind, throughSeq)
    })()
    // After the commit, on its own: frees the pages of the old snapshot and the dropped log, so
    // that a stored board takes the size of its snapshot (a no-op without auto_vacuum).
    this.#db.pragma('incremental_vacuum')
    // A snapshot is many pages of log at once.
    this.#wal?.wrote(true)
  }

  async appendEvent(boardId: string, e: SessionEvent): Promise<void> {
    this.#stmt.insertEvent.run(boardId, e.at, e.kind, e.name, e.access, eventDetail(e))
  }

  async listEvents(boardId: string, from: number, to: number, limit: number): Promise<SessionEvent[]> {
    return this.#stmt.listEvents.all(boardId, from, to, limit).map(eventFromRow)
  }

  async putCheckpoint(boardId: string, c: Checkpoint): Promise<void> {
    this.#stmt.putCheckpoint.run(boardId, c.at, c.data)
    this.#wal?.wrote(true)
  }

  async listCheckpoints(boardId: string, from: number, to: number): Promise<number[]> {
    return this.#stmt.listCheckpoints.all(boardId, from, to).map((r) => r.at)
  }

  async checkpointAtOrBefore(boardId: string, at: number): Promise<Checkpoint | undefined> {
    const row = this.#stmt.checkpointBefore.get(boardId, at)
    return row ? { at: row.at, data: row.data } : undefined
  }

  async putVersion(boardId: string, v: StoredVersion): Promise<void> {
    try {
      this.#stmt.insertVersion.run(boardId, v.id, v.name, v.at, v.author, v.data)
    } catch (err) {
      throw alreadyStored(err, isKeyClash, 'version', boardId, v.id)
    }
    this.#wal?.wrote(true)
  }

  async listVersions(boardId: string): Promise<VersionInfo[]> {
    return this.#stmt.listVersions.all(boardId)
  }

  async getVersion(boardId: string, versionId: string): Promise<StoredVersion | undefined> {
    return this.#stmt.getVersion.get(boardId, versionId)
  }

  async listVariants(boardId: string): Promise<VariantInfo[]> {
    return this.#stmt.listVariants.all(boardId)
  }

  async putAsset(boardId: string, asset: StoredAsset): Promise<void> {
    try {
      this.#stmt.insertAsset.run(boardId, asset.id, asset.contentType, asset.data)
    } catch (err) {
      throw alreadyStored(err, isKeyClash, 'asset', boardId, asset.id)
    }
    this.#wal?.wrote(true)
  }

  async getAsset(boardId: string, assetId: string): Promise<StoredAsset | undefined> {
    return this.#stmt.getAsset.get(boardId, assetId)
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
    // Appends already handed over are committed, not dropped.
    if (this.#db.open) this.#commitPending()
    this.#wal?.close()
    if (this.#db.open) this.#db.close()
  }
}

/** SQLite's error for a second row with the same primary key. */
const isKeyClash = (err: unknown): boolean => (err as { code?: unknown }).code === PRIMARY_KEY_TAKEN

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}
