import { type Access, AlreadyStoredError, type BoardRecord, type SessionEvent } from './storage.ts'

/** A row of `boards` as both SQL storages read it; `viewer_comments` is 0/1 in SQLite, a boolean in PostgreSQL. */
export interface BoardRow {
  id: string
  name: string
  created_at: number
  edit_token_hash: Uint8Array
  view_token_hash: Uint8Array
  viewer_comments: number | boolean
  parent_board_id: string | null
  parent_version_id: string | null
}

/** The board record of a `boards` row. */
export function boardFromRow(row: BoardRow): BoardRecord {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    editTokenHash: row.edit_token_hash,
    viewTokenHash: row.view_token_hash,
    settings: { viewerComments: row.viewer_comments === true || row.viewer_comments === 1 },
    ...(row.parent_board_id !== null && row.parent_version_id !== null
      ? { parent: { boardId: row.parent_board_id, versionId: row.parent_version_id } }
      : {}),
  }
}

/**
 * A session event as stored: what only some kinds carry is JSON in `detail` (SQLite hands it back
 * as text, PostgreSQL's jsonb as the parsed object).
 */
export interface EventRow {
  at: number
  kind: SessionEvent['kind']
  name: string
  access: Access
  detail: string | Record<string, unknown> | null
}

/** The `detail` of an event: a norm-set change's from, to and area; null for the others. */
export function eventDetail(e: SessionEvent): string | null {
  if (e.kind !== 'norm-set') return null
  const { from, to, area, areaName } = e
  return JSON.stringify({ from, to, area, areaName })
}

/** The session event of an `events` row. */
export function eventFromRow(row: EventRow): SessionEvent {
  const { at, kind, name, access } = row
  if (kind !== 'norm-set') return { at, kind, name, access }
  const d = (typeof row.detail === 'string' ? JSON.parse(row.detail) : (row.detail ?? {})) as Record<
    string,
    unknown
  >
  const text = (k: string) => (typeof d[k] === 'string' ? { [k]: d[k] as string } : {})
  return { at, kind, name, access, ...text('from'), ...text('to'), ...text('area'), ...text('areaName') }
}

/**
 * A key clash on putting a version or an asset as the storage contract names it; any other
 * error as it was. `isKeyClash` tells the database's own error for a second row with the same key.
 */
export function alreadyStored(
  err: unknown,
  isKeyClash: (err: unknown) => boolean,
  what: 'version' | 'asset',
  boardId: string,
  id: string,
): unknown {
  return isKeyClash(err) ? new AlreadyStoredError(what, boardId, id) : err
}
