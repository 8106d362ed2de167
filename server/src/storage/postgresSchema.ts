import type { ClientBase } from 'pg'

/**
 * The PostgreSQL tables, as the steps that made them. `schema_migrations` lists the steps a
 * schema has had; a server runs the ones after it at start. A step is never edited once released;
 * a change of the tables is a new step at the end.
 */

/**
 * Version 1: everything the SQLite file has at its version 3, in one step.
 *
 * `writer` is the storage instance (one per server process) that wrote a log entry or a snapshot:
 * compaction uses it to know which entries the compacting process has seen (see
 * `PostgresStorage.compact`). `position` columns order rows made in the same millisecond, as
 * SQLite's rowid does.
 */
const SCHEMA_V1 = `
CREATE TABLE boards (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at bigint NOT NULL,
  edit_token_hash bytea NOT NULL,
  view_token_hash bytea NOT NULL,
  viewer_comments boolean NOT NULL DEFAULT false,
  parent_board_id text REFERENCES boards(id) ON DELETE SET NULL,
  parent_version_id text,
  position bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX boards_by_parent ON boards (parent_board_id, created_at, position);
-- One row per doc: the compacted state, the highest log entry a compaction has covered, and who
-- wrote it (NULL for a merge of two instances' snapshots).
CREATE TABLE snapshots (
  board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  doc text NOT NULL CHECK (doc IN ('plan', 'discussion')),
  data bytea NOT NULL,
  through_seq bigint NOT NULL,
  writer uuid,
  PRIMARY KEY (board_id, doc)
);
-- The append-only log. An identity column is a sequence: a number is never handed out twice, also
-- not after compaction deleted the highest one or a transaction rolled back.
CREATE TABLE updates (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  doc text NOT NULL CHECK (doc IN ('plan', 'discussion')),
  writer uuid NOT NULL,
  data bytea NOT NULL
);
CREATE INDEX updates_by_doc ON updates (board_id, doc, seq);
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  at bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('joined', 'left', 'norm-set')),
  name text NOT NULL,
  access text NOT NULL CHECK (access IN ('edit', 'view')),
  detail jsonb
);
CREATE INDEX events_by_board ON events (board_id, at, id);
CREATE TABLE checkpoints (
  board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  at bigint NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (board_id, at)
);
CREATE TABLE versions (
  board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  at bigint NOT NULL,
  author text NOT NULL,
  data bytea NOT NULL,
  position bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (board_id, id)
);
CREATE INDEX versions_by_time ON versions (board_id, at, position);
CREATE TABLE assets (
  board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  id text NOT NULL,
  content_type text NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (board_id, id)
);
-- The row the health check writes, so that a read-only database (a standby after a failover, a
-- full disk) fails /healthz rather than the next edit.
CREATE TABLE health (id integer PRIMARY KEY CHECK (id = 1), checked_at bigint NOT NULL);
INSERT INTO health VALUES (1, 0);
`

/**
 * Version 2: a snapshot's state vector beside it, as in the SQLite file's version 4 (see there).
 * NULL in snapshots from before, in a board's first, and in a merge of two instances' snapshots.
 * During a rolling upgrade, instances from before it compact without touching the column, so a
 * stored vector can be older than its snapshot. That is safe: a snapshot only grows, so such a
 * vector understates it, and the room then builds the doc for updates it cannot place (a little
 * more work, never a dropped update); the next compaction by a new instance replaces it.
 */
const MIGRATE_V1_TO_V2 = `
ALTER TABLE snapshots ADD COLUMN state_vector bytea;
`

/** The steps from each version to the next, in order: `POSTGRES_MIGRATIONS[v]` goes from version v to v + 1. */
export const POSTGRES_MIGRATIONS: readonly string[] = [SCHEMA_V1, MIGRATE_V1_TO_V2]

/** The version a schema has after every step; adding a step raises it. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length

/**
 * A schema name the server accepts: lowercase letters, digits and underscores (at most 63 bytes,
 * PostgreSQL's limit), so that it can be written into SQL (quoted) and the connection's
 * search_path without escaping.
 */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * First key of the advisory lock migrations take (the second is the schema's hash): "gb" in
 * ASCII, so that the lock is recognisable in `pg_locks` and apart from other applications' locks.
 */
const MIGRATION_LOCK_CLASS = 0x6762

/** Raised when the schema was migrated by a newer server than this one. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError'
}

/**
 * Brings `schema` (made if missing) to `POSTGRES_SCHEMA_VERSION` and returns the version it had.
 *
 * Runs in one transaction under a transaction-scoped advisory lock: servers starting together
 * take turns, the first migrates and the others find the schema current. A failure rolls every
 * step back, leaving the schema at the version it had.
 */
export async function migrate(client: ClientBase, schema: string): Promise<number> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`)
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, schema])
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when it exists.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`)
    await client.query(`SET LOCAL search_path TO "${schema}"`)
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const found = await client.query<{ version: number }>(
      'SELECT coalesce(max(version), 0)::integer AS version FROM schema_migrations',
    )
    const version = found.rows[0]?.version ?? 0
    if (version > POSTGRES_SCHEMA_VERSION)
      throw new SchemaTooNewError(
        `the PostgreSQL schema ${schema} has version ${version}; this server reads up to ${POSTGRES_SCHEMA_VERSION}`,
      )
    for (let v = version; v < POSTGRES_SCHEMA_VERSION; v++) {
      await client.query(POSTGRES_MIGRATIONS[v] as string)
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1])
    }
    await client.query('COMMIT')
    return version
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  }
}
