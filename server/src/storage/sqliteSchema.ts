/**
 * The SQLite tables, as the steps that made them: a new database runs every step, an older file
 * the steps after its `user_version`. A step is never edited once released; a change of the
 * tables is a new step at the end.
 */

/** The tables as version 1 made them; a new database is made by this and every migration after it. */
const SCHEMA_V1 = `
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

/**
 * Version 2: a board has two docs, its plan and its discussion (comments), each with a snapshot
 * and a log (column \`doc\`); board settings; the session timeline (events) and stored states of
 * the plan (checkpoints). \`updates\` keeps its rows and its AUTOINCREMENT counter (a new column, no
 * rebuild): sequence numbers must never be reused, or a snapshot would cover later updates.
 */
const MIGRATE_V1_TO_V2 = `
ALTER TABLE boards ADD COLUMN viewer_comments INTEGER NOT NULL DEFAULT 0;
CREATE TABLE snapshots_v2 (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  doc TEXT NOT NULL CHECK (doc IN ('plan', 'discussion')),
  data BLOB NOT NULL,
  through_seq INTEGER NOT NULL,
  PRIMARY KEY (board_id, doc)
) STRICT;
INSERT INTO snapshots_v2 (board_id, doc, data, through_seq) SELECT board_id, 'plan', data, through_seq FROM snapshots;
DROP TABLE snapshots;
ALTER TABLE snapshots_v2 RENAME TO snapshots;
ALTER TABLE updates ADD COLUMN doc TEXT NOT NULL DEFAULT 'plan' CHECK (doc IN ('plan', 'discussion'));
DROP INDEX updates_by_board;
CREATE INDEX updates_by_doc ON updates(board_id, doc, seq);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('joined', 'left')),
  name TEXT NOT NULL,
  access TEXT NOT NULL CHECK (access IN ('edit', 'view'))
) STRICT;
CREATE INDEX events_by_board ON events(board_id, at);
CREATE TABLE checkpoints (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (board_id, at)
) STRICT;
`

/**
 * Version 3: named versions of a board's plan (immutable), variants (a board's parent: a version of
 * another board) and uploaded assets (base map images). The parent columns are nullable, so boards
 * made before stay originals; there is no foreign key on the version, as a variant outlives nothing
 * (versions are never deleted) and SQLite cannot add a composite one to an existing table. The
 * session timeline's events may also be norm-set changes, with their detail as JSON.
 */
const MIGRATE_V2_TO_V3 = `
ALTER TABLE boards ADD COLUMN parent_board_id TEXT REFERENCES boards(id) ON DELETE SET NULL;
ALTER TABLE boards ADD COLUMN parent_version_id TEXT;
CREATE INDEX boards_by_parent ON boards(parent_board_id);
CREATE TABLE versions (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (board_id, id)
) STRICT;
CREATE INDEX versions_by_time ON versions(board_id, at);
CREATE TABLE assets (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (board_id, id)
) STRICT;
-- The timeline also records norm-set changes (kind 'norm-set', its from, to and area as JSON in
-- detail). SQLite cannot change a CHECK constraint in place: the table is rebuilt, rows and ids kept.
CREATE TABLE events_v3 (
  id INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('joined', 'left', 'norm-set')),
  name TEXT NOT NULL,
  access TEXT NOT NULL CHECK (access IN ('edit', 'view')),
  detail TEXT
) STRICT;
INSERT INTO events_v3 (id, board_id, at, kind, name, access) SELECT id, board_id, at, kind, name, access FROM events;
DROP TABLE events;
ALTER TABLE events_v3 RENAME TO events;
CREATE INDEX events_by_board ON events(board_id, at);
`

/**
 * Version 4: a snapshot's state vector beside it, written by compaction, so that a board served
 * from its snapshot says what it has without decoding it (82 ms for a 10,000-block board, on
 * every first connection after a start). NULL in snapshots from before, and in a board's first.
 */
const MIGRATE_V3_TO_V4 = `
ALTER TABLE snapshots ADD COLUMN state_vector BLOB;
`

/**
 * Version 5: the update log stored by doc, a table clustered on (board, doc, sequence number)
 * instead of one in append order with an index beside it. In append order, the entries of a board
 * edited beside 49 others lie one in 50 rows, so that its compaction rewrote some 500 pages of
 * table and index (3 ms at the median and 12 ms at p90, on the event loop, against 0.5 / 0.6 ms
 * clustered: `server/bench/compaction.ts`); an append also wrote 2.2–3 pages of WAL (table, index,
 * AUTOINCREMENT counter), now 1.4–1.7. A sequence number is now per doc: one more than the doc's
 * highest, in its log or covered by its snapshot, so it is never reused for that doc (see
 * `SqliteStorage`). Rows keep their numbers: they already increase per doc.
 */
const MIGRATE_V4_TO_V5 = `
CREATE TABLE updates_v5 (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  doc TEXT NOT NULL CHECK (doc IN ('plan', 'discussion')),
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (board_id, doc, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO updates_v5 (board_id, doc, seq, data) SELECT board_id, doc, seq, data FROM updates;
DROP TABLE updates;
ALTER TABLE updates_v5 RENAME TO updates;
`

/** The steps from each version to the next, in order: `SQLITE_MIGRATIONS[v]` goes from version v to v + 1. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  SCHEMA_V1,
  MIGRATE_V1_TO_V2,
  MIGRATE_V2_TO_V3,
  MIGRATE_V3_TO_V4,
  MIGRATE_V4_TO_V5,
]

/** The version a database has after every step; adding a step raises it. */
export const SCHEMA_VERSION = SQLITE_MIGRATIONS.length
