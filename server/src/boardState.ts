import {
  DISCUSSION_SCHEMA_VERSION,
  readBoard,
  SCHEMA_VERSION,
  storedDiscussionVersion,
  storedSchemaVersion,
} from '@gebiedsbord/model'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** Longest board name, as `POST /api/boards` takes it. */
const MAX_BOARD_NAME = 200

/** Why a Yjs state cannot become a board: `code` for the API's error body, the message says what to send instead. */
export class BoardStateError extends Error {
  constructor(
    readonly code: 'invalid_state' | 'unsupported_schema',
    message: string,
  ) {
    super(message)
    this.name = 'BoardStateError'
  }
}

/** A backup checked to be a whole board: its name and its state re-encoded from a doc of its own. */
export interface BoardState {
  readonly name: string
  readonly state: Uint8Array
}

/**
 * Reads a board's plan as `GET /api/boards/:id/state` exports it (one Yjs update), for restoring
 * it as a new board. It is applied to a fresh doc, which must come out complete (no struct or
 * deletion waiting for updates the bytes lack: a single update of an edit is not a backup) and
 * carry a board's schema stamp this server reads (a board this version wrote, or an older one,
 * which clients migrate as they open it).
 */
export function readBoardState(bytes: Uint8Array): BoardState {
  const hint = 'send the bytes of GET /api/boards/:id/state'
  const doc = wholeDoc(bytes, 'the body', hint)
  try {
    const version = storedSchemaVersion(doc)
    if (version === 0)
      throw new BoardStateError(
        'invalid_state',
        `the state has no board schema stamp: it is not a Gebiedsbord plan; ${hint}`,
      )
    if (version > SCHEMA_VERSION)
      throw new BoardStateError(
        'unsupported_schema',
        `the board has schema version ${version}, but this server reads up to ${SCHEMA_VERSION}: restore it on a newer Gebiedsbord`,
      )
    const name = readBoard(doc).name.trim().slice(0, MAX_BOARD_NAME) || 'Hersteld bord'
    return { name, state: Y.encodeStateAsUpdate(doc) }
  } finally {
    doc.destroy()
  }
}

/**
 * Applies `bytes` to a fresh doc, which must come out complete: no struct or deletion waiting for
 * updates the bytes lack (a single update of an edit is not a backup).
 */
function wholeDoc(bytes: Uint8Array, what: string, hint: string): Y.Doc {
  if (bytes.length === 0) throw new BoardStateError('invalid_state', `${what} is empty; ${hint}`)
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, bytes)
  } catch {
    doc.destroy()
    throw new BoardStateError('invalid_state', `${what} is not a Yjs update; ${hint}`)
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    doc.destroy()
    throw new BoardStateError(
      'invalid_state',
      `${what} depends on changes it does not contain: it is not a whole board; ${hint}`,
    )
  }
  return doc
}

/** The content type of a whole board's backup (`GET /api/boards/:id/backup`). */
export const BACKUP_CONTENT_TYPE = 'application/vnd.gebiedsbord.backup'

// The first bytes of a backup file, then its format version: a file of another kind, or of a
// later format, is refused by name rather than misread.
const BACKUP_MAGIC = 'gebiedsbord-backup'
const BACKUP_FORMAT = 1

/** A whole board as a backup holds it: the plan doc and the discussion doc (comments). */
export interface BoardBackup extends BoardState {
  readonly discussion: Uint8Array
}

/**
 * A board's backup: both of its Yjs docs, each as one update, behind a magic string and a format
 * number (lib0 encoding, as the sync protocol uses).
 */
export function encodeBackup(plan: Uint8Array, discussion: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarString(e, BACKUP_MAGIC)
  encoding.writeVarUint(e, BACKUP_FORMAT)
  encoding.writeVarUint8Array(e, plan)
  encoding.writeVarUint8Array(e, discussion)
  return encoding.toUint8Array(e)
}

/**
 * Reads a backup made by `encodeBackup`, checking that the plan is a whole board (as
 * `readBoardState`) and the discussion a whole discussion doc this server reads.
 */
export function readBackup(bytes: Uint8Array): BoardBackup {
  const hint = 'send a file from GET /api/boards/:id/backup'
  let plan: Uint8Array
  let discussion: Uint8Array
  try {
    const d = decoding.createDecoder(bytes)
    if (decoding.readVarString(d) !== BACKUP_MAGIC) throw new Error('magic')
    const format = decoding.readVarUint(d)
    if (format !== BACKUP_FORMAT)
      throw new BoardStateError(
        'unsupported_schema',
        `the backup has format ${format}, but this server reads format ${BACKUP_FORMAT}: restore it on a newer Gebiedsbord`,
      )
    plan = decoding.readVarUint8Array(d)
    discussion = decoding.readVarUint8Array(d)
    if (decoding.hasContent(d)) throw new Error('trailing bytes')
  } catch (err) {
    if (err instanceof BoardStateError) throw err
    throw new BoardStateError('invalid_state', `the body is not a Gebiedsbord backup; ${hint}`)
  }
  const board = readBoardState(plan)
  const doc = wholeDoc(discussion, "the backup's discussion", hint)
  try {
    const version = storedDiscussionVersion(doc)
    if (version > DISCUSSION_SCHEMA_VERSION)
      throw new BoardStateError(
        'unsupported_schema',
        `the comments have schema version ${version}, but this server reads up to ${DISCUSSION_SCHEMA_VERSION}: restore it on a newer Gebiedsbord`,
      )
    return { ...board, discussion: Y.encodeStateAsUpdate(doc) }
  } finally {
    doc.destroy()
  }
}
