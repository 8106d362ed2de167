import { readBoard, SCHEMA_VERSION, storedSchemaVersion } from '@gebiedsbord/model'
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
  if (bytes.length === 0) throw new BoardStateError('invalid_state', `the body is empty; ${hint}`)
  const doc = new Y.Doc()
  try {
    try {
      Y.applyUpdate(doc, bytes)
    } catch {
      throw new BoardStateError('invalid_state', `the body is not a Yjs update; ${hint}`)
    }
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null)
      throw new BoardStateError(
        'invalid_state',
        `the update depends on changes it does not contain: it is not a whole board; ${hint}`,
      )
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
