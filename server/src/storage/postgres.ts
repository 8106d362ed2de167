import { randomUUID } from 'node:crypto'
import { DatabaseError, Pool, type PoolClient, TypeOverrides, types } from 'pg'
import { compactDoc } from './postgresCompaction.ts'
import { migrate, SCHEMA_NAME } from './postgresSchema.ts'
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

/** The schema the tables live in when none is given. */
export const DEFAULT_POSTGRES_SCHEMA = 'public'

/** How the server's connections show in `pg_stat_activity` when no other name is given. */
const DEFAULT_APPLICATION_NAME = 'gebiedsbord'

/** Connections per server process: appends of different boards run in parallel on them. */
const DEFAULT_POOL_SIZE = 10

/** A call fails after this long without a connection (PostgreSQL down) instead of waiting for ever. */
const CONNECT_TIMEOUT_MS = 10_000

/** PostgreSQL's SQLSTATE for a second row with the same key. */
const UNIQUE_VIOLATION = '23505'

/**
 * bigint columns (sequence numbers, milliseconds since the epoch) as numbers: pg returns them as
 * strings, as an int8 may exceed 2^53; these stay far below it.
 */
const INT8_AS_NUMBER = new TypeOverrides()
INT8_AS_NUMBER.setTypeParser(types.builtins.INT8, Number)

/** How to reach PostgreSQL and where to keep the tables. */
export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  readonly connectionString: string
  /** The schema holding the tables; made and migrated at open. Default `public`. */
  readonly schema?: string
  /** The connections' name in `pg_stat_activity`. Default `gebiedsbord`. */
  readonly applicationName?: string
  /** Most connections the pool holds. Default 10. */
  readonly poolSize?: number
  /**
   * Told of an error on an idle connection (PostgreSQL restarted, the connection was killed).
   * The pool has dropped that connection already and opens a new one when it needs one.
   */
  readonly onIdleError?: (err: Error) => void
}

/**
 * Board storage in PostgreSQL, for several server processes sharing one database.
 *
 * Same contract as SQLite (see `BoardStorage`): `appendUpdate` is one INSERT in its own
 * transaction and resolves after its COMMIT (durable as PostgreSQL's `synchronous_commit`
 * makes it, on by default). Appends are not batched as in SQLite: PostgreSQL already flushes
 * concurrent commits together, and appends of different boards run in parallel on the pool.
 *
 * A broken connection (PostgreSQL restarted, a connection killed) fails the calls using it and
 * is dropped by the pool; the next call opens a new one. Nothing is retried here: a failed
 * append rejects, the room closes the sender's socket, and its client sends the update again.
 */
export class PostgresStorage implements BoardStorage {
  readonly #pool: Pool
  readonly #schema: string
  /** This process's name for itself in the `writer` columns (see `compactDoc`). */
  readonly #writer = randomUUID()
  #closed = false

  private constructor(pool: Pool, schema: string) {
    this.#pool = pool
    this.#schema = schema
  }

  /** Connects, makes the schema if missing and runs the migrations it lacks (see `migrate`). */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA
    if (!SCHEMA_NAME.test(schema))
      throw new Error(
        `invalid PostgreSQL schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _`,
      )
    const pool = new Pool({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? DEFAULT_APPLICATION_NAME,
      // Every connection reads and writes the schema's tables under their plain names.
      options: `-c search_path=${schema}`,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      types: INT8_AS_NUMBER,
    })
    // Without a listener an idle connection's error (a PostgreSQL restart) would end the process.
    pool.on('error', options.onIdleError ?? ignore)
    try {
      const client = await pool.connect()
      client.on('error', ignore)
      try {
        await migrate(client, schema)
        const { rows } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema')
        if (rows[0]?.schema !== schema)
          throw new Error(
            `the connection's search_path starts with ${rows[0]?.schema ?? 'no schema'}, not ${schema}: does DATABASE_URL set its own options?`,
          )
      } finally {
        client.off('error', ignore)
        client.release()
      }
    } catch (err) {
      await pool.end()
      throw err
    }
    return new PostgresStorage(pool, schema)
  }

  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  async #transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect()
    // A checked-out connection has no listener of the pool's: one breaking between two
    // statements would otherwise end the process. The next statement fails on it instead.
    client.on('error', ignore)
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      client.off('error', ignore)
      client.release()
      return result
    } catch (err) {
      // A connection that cannot even roll back is broken: the pool must not hand it out again.
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      )
      client.off('error', ignore)
      client.release(broken)
      throw err
    }
  }

  async createBoard(board: NewBoardRecord, initialState: Uint8Array): Promise<void> {
    await this.#transaction(async (c) => {
      await c.query(
        `INSERT INTO boards (id, name, created_at, edit_token_hash, view_token_hash, viewer_comments,
                             parent_board_id, parent_version_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          board.id,
          board.name,
          board.createdAt,
          board.editTokenHash,
          board.viewTokenHash,
          (board.settings ?? DEFAULT_SETTINGS).viewerComments,
          board.parent?.boardId ?? null,
          board.parent?.versionId ?? null,
        ],
      )
      await c.query(
        `INSERT INTO snapshots (board_id, doc, data, through_seq, writer) VALUES ($1, 'plan', $2, 0, $3)`,
        [board.id, initialState, this.#writer],
      )
    })
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const { rows } = await this.#pool.query<BoardRow>(
      `SELECT id, name, created_at, edit_token_hash, view_token_hash, viewer_comments,
              parent_board_id, parent_version_id
       FROM boards WHERE id = $1`,
      [id],
    )
    const row = rows[0]
    return row ? boardFromRow(row) : undefined
  }

  async setTokenHashes(id: string, hashes: Partial<Record<Access, Uint8Array>>): Promise<boolean> {
    // As in SQLite: replacing nothing changes nothing.
    if (!hashes.edit && !hashes.view) return false
    const result = await this.#pool.query(
      `UPDATE boards SET edit_token_hash = coalesce($2, edit_token_hash),
                         view_token_hash = coalesce($3, view_token_hash)
       WHERE id = $1`,
      [id, hashes.edit ?? null, hashes.view ?? null],
    )
    return (result.rowCount ?? 0) > 0
  }

  async setSettings(id: string, settings: BoardSettings): Promise<boolean> {
    const result = await this.#pool.query('UPDATE boards SET viewer_comments = $2 WHERE id = $1', [
      id,
      settings.viewerComments,
    ])
    return (result.rowCount ?? 0) > 0
  }

  /**
   * The snapshot and every log entry still stored for the doc, in sequence order, read in one
   * statement (one consistent view, so a compaction meanwhile is seen whole or not at all).
   * Entries are not filtered by the snapshot's `through_seq`: with several processes an entry
   * below it may be one the snapshot lacks (see `compact`), and one it has applies as a no-op.
   */
  async loadState(key: string): Promise<StoredState | undefined> {
    const { boardId, kind } = parseDocKey(key)
    const { rows } = await this.#pool.query<{
      part: number
      seq: number | null
      data: Buffer | null
      sv: Buffer | null
    }>(
      `SELECT 0 AS part, NULL::bigint AS seq, s.data, s.state_vector AS sv
         FROM boards b LEFT JOIN snapshots s ON s.board_id = b.id AND s.doc = $2
        WHERE b.id = $1
       UNION ALL
       SELECT 1, u.seq, u.data, NULL FROM updates u WHERE u.board_id = $1 AND u.doc = $2
       ORDER BY part, seq`,
      [boardId, kind],
    )
    const [head, ...log] = rows
    if (head?.part !== 0) return undefined
    const updates: StoredUpdate[] = log.map((r) => ({ seq: r.seq as number, data: r.data as Buffer }))
    return { snapshot: head.data ?? undefined, stateVector: head.sv ?? undefined, updates }
  }

  async appendUpdate(key: string, update: Uint8Array): Promise<number> {
    const { boardId, kind } = parseDocKey(key)
    const { rows } = await this.#pool.query<{ seq: number }>(
      'INSERT INTO updates (board_id, doc, writer, data) VALUES ($1, $2, $3, $4) RETURNING seq',
      [boardId, kind, this.#writer, update],
    )
    return (rows[0] as { seq: number }).seq
  }

  /** See `compactDoc`: safe while other processes append to and compact the same doc. */
  async compact(
    key: string,
    snapshot: Uint8Array,
    throughSeq: number,
    stateVector?: Uint8Array,
  ): Promise<void> {
    await this.#transaction((c) => compactDoc(c, this.#writer, key, snapshot, throughSeq, stateVector))
  }

  async appendEvent(boardId: string, e: SessionEvent): Promise<void> {
    await this.#pool.query(
      'INSERT INTO events (board_id, at, kind, name, access, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
      [boardId, e.at, e.kind, e.name, e.access, eventDetail(e)],
    )
  }

  async listEvents(boardId: string, from: number, to: number, limit: number): Promise<SessionEvent[]> {
    // The newest `limit` of the window, returned oldest first.
    const { rows } = await this.#pool.query<EventRow>(
      `SELECT at, kind, name, access, detail FROM (
         SELECT id, at, kind, name, access, detail FROM events
         WHERE board_id = $1 AND at BETWEEN $2 AND $3 ORDER BY at DESC, id DESC LIMIT $4
       ) newest ORDER BY at, id`,
      [boardId, from, to, limit],
    )
    return rows.map(eventFromRow)
  }

  async putCheckpoint(boardId: string, c: Checkpoint): Promise<void> {
    await this.#pool.query(
      `INSERT INTO checkpoints (board_id, at, data) VALUES ($1, $2, $3)
       ON CONFLICT (board_id, at) DO UPDATE SET data = excluded.data`,
      [boardId, c.at, c.data],
    )
  }

  async listCheckpoints(boardId: string, from: number, to: number): Promise<number[]> {
    const { rows } = await this.#pool.query<{ at: number }>(
      'SELECT at FROM checkpoints WHERE board_id = $1 AND at BETWEEN $2 AND $3 ORDER BY at',
      [boardId, from, to],
    )
    return rows.map((r) => r.at)
  }

  async checkpointAtOrBefore(boardId: string, at: number): Promise<Checkpoint | undefined> {
    const { rows } = await this.#pool.query<{ at: number; data: Buffer }>(
      'SELECT at, data FROM checkpoints WHERE board_id = $1 AND at <= $2 ORDER BY at DESC LIMIT 1',
      [boardId, at],
    )
    return rows[0]
  }

  async putVersion(boardId: string, v: StoredVersion): Promise<void> {
    try {
      await this.#pool.query(
        'INSERT INTO versions (board_id, id, name, at, author, data) VALUES ($1, $2, $3, $4, $5, $6)',
        [boardId, v.id, v.name, v.at, v.author, v.data],
      )
    } catch (err) {
      throw alreadyStored(err, isKeyClash, 'version', boardId, v.id)
    }
  }

  async listVersions(boardId: string): Promise<VersionInfo[]> {
    // Newest first; position breaks ties between versions saved in the same millisecond.
    const { rows } = await this.#pool.query<VersionInfo>(
      'SELECT id, name, at, author FROM versions WHERE board_id = $1 ORDER BY at DESC, position DESC',
      [boardId],
    )
    return rows
  }

  async getVersion(boardId: string, versionId: string): Promise<StoredVersion | undefined> {
    const { rows } = await this.#pool.query<StoredVersion>(
      'SELECT id, name, at, author, data FROM versions WHERE board_id = $1 AND id = $2',
      [boardId, versionId],
    )
    return rows[0]
  }

  async listVariants(boardId: string): Promise<VariantInfo[]> {
    const { rows } = await this.#pool.query<VariantInfo>(
      `SELECT id, name, created_at AS "createdAt", parent_version_id AS "parentVersion"
       FROM boards WHERE parent_board_id = $1 ORDER BY created_at, position`,
      [boardId],
    )
    return rows
  }

  async putAsset(boardId: string, asset: StoredAsset): Promise<void> {
    try {
      await this.#pool.query(
        'INSERT INTO assets (board_id, id, content_type, data) VALUES ($1, $2, $3, $4)',
        [boardId, asset.id, asset.contentType, asset.data],
      )
    } catch (err) {
      throw alreadyStored(err, isKeyClash, 'asset', boardId, asset.id)
    }
  }

  async getAsset(boardId: string, assetId: string): Promise<StoredAsset | undefined> {
    const { rows } = await this.#pool.query<StoredAsset>(
      'SELECT id, content_type AS "contentType", data FROM assets WHERE board_id = $1 AND id = $2',
      [boardId, assetId],
    )
    return rows[0]
  }

  /** Boards, and the bytes of the schema's tables with their indexes and TOAST data. */
  async stats(): Promise<StorageStats> {
    const { rows } = await this.#pool.query<StorageStats>(
      `SELECT (SELECT count(*) FROM boards)::bigint AS boards,
              (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind = 'r')::bigint AS bytes`,
      [this.#schema],
    )
    return rows[0] as StorageStats
  }

  async check(): Promise<void> {
    // A real write: a read-only database (a standby after a failover) fails here, not on the next edit.
    await this.#pool.query('UPDATE health SET checked_at = $1 WHERE id = 1', [Date.now()])
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    // Waits for the queries under way (appends already handed over are committed, not dropped).
    await this.#pool.end()
  }
}

/** For errors that surface elsewhere (see `#transaction`). */
const ignore = (): void => {}

/** PostgreSQL's error for a second row with the same key. */
const isKeyClash = (err: unknown): boolean => err instanceof DatabaseError && err.code === UNIQUE_VIOLATION
