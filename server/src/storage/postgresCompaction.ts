import type { ClientBase } from 'pg'
import { SnapshotContent, type SnapshotUnion, snapshotUnion } from './snapshotCoverage.ts'
import { parseDocKey } from './storage.ts'

/** A log entry as compaction reads it: the bytes only of entries another process wrote. */
interface CompactionRow {
  seq: number
  own: boolean
  data: Buffer | null
}

/**
 * Stores `snapshot` as a doc's state and drops the log entries up to `throughSeq` that it holds,
 * inside the caller's transaction on `c`, safely while other processes append to and compact
 * the same doc. `writer` is the compacting process's id (the `writer` columns).
 *
 * - The board's row is locked first, so compactions of a board take turns across processes.
 *   (FOR NO KEY UPDATE: appends, whose foreign key check takes a key share lock, go on.)
 * - An entry this process appended is dropped: its room applied it (or refused it as
 *   unreadable, which is why it must go). An entry another process appended is dropped only
 *   when the snapshot contains it: this process's doc may not have received it yet, though its
 *   sequence number is lower than `throughSeq`.
 * - Entries are deleted by their numbers as read, never by range: an append committing during
 *   the compaction stays.
 * - A stored snapshot this process did not write is replaced only by a snapshot that contains
 *   it, and merged with the new one otherwise, so that an older view never overwrites a newer
 *   one. A snapshot this process wrote is contained in its doc's later states.
 *
 * With one process, as with SQLite, no snapshot is ever decoded here.
 */
export async function compactDoc(
  c: ClientBase,
  writer: string,
  key: string,
  snapshot: Uint8Array,
  throughSeq: number,
  stateVector?: Uint8Array,
): Promise<void> {
  const { boardId, kind } = parseDocKey(key)
  const board = await c.query('SELECT 1 FROM boards WHERE id = $1 FOR NO KEY UPDATE', [boardId])
  if (board.rowCount === 0) throw new Error(`cannot compact ${key}: board ${boardId} is not stored`)
  // The stored snapshot's bytes only when they may be needed: when this writer did not store it.
  const stored = await c.query<{ own: boolean | null; data: Buffer | null }>(
    `SELECT writer = $3 AS own, CASE WHEN writer = $3 THEN NULL ELSE data END AS data
     FROM snapshots WHERE board_id = $1 AND doc = $2`,
    [boardId, kind, writer],
  )
  const log = await c.query<CompactionRow>(
    `SELECT seq, writer = $4 AS own, CASE WHEN writer = $4 THEN NULL ELSE data END AS data
     FROM updates WHERE board_id = $1 AND doc = $2 AND seq <= $3`,
    [boardId, kind, throughSeq, writer],
  )
  let content: SnapshotContent | undefined
  const given = () => (content ??= SnapshotContent.read(snapshot, `the snapshot given for ${key}`))

  let union: SnapshotUnion = { data: snapshot, merged: false }
  // `own` is null for a merge: no process's doc is known to contain it.
  const old = stored.rows[0]
  if (old && old.own !== true) union = merge(key, old.data as Buffer, snapshot, given())
  const drop = log.rows.filter((r) => r.own || given().contains(r.data as Buffer)).map((r) => r.seq)
  await c.query(
    `INSERT INTO snapshots (board_id, doc, data, through_seq, writer, state_vector) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (board_id, doc) DO UPDATE SET data = excluded.data, writer = excluded.writer,
       through_seq = greatest(snapshots.through_seq, excluded.through_seq), state_vector = excluded.state_vector`,
    // A merge holds state this process's doc may lack: whoever compacts next must check it. Its
    // state vector is not the given one: none is stored, and a reader works it out.
    [
      boardId,
      kind,
      union.data,
      throughSeq,
      union.merged ? null : writer,
      union.merged ? null : (stateVector ?? null),
    ],
  )
  if (drop.length > 0) await c.query('DELETE FROM updates WHERE seq = ANY($1::bigint[])', [drop])
}

function merge(key: string, stored: Uint8Array, given: Uint8Array, content: SnapshotContent): SnapshotUnion {
  try {
    return snapshotUnion(stored, given, content)
  } catch (err) {
    throw new Error(
      `cannot compact ${key}: the stored snapshot could not be merged (${err instanceof Error ? err.message : String(err)})`,
    )
  }
}
