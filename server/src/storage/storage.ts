/** Which token a request or connection presented: the edit token writes, the view token reads. */
export type Access = 'edit' | 'view'

/**
 * The documents of a board. The plan is written by editors only; the discussion (comments) may
 * also be written by viewers when the board allows it, so that a viewer can comment without being
 * able to change the plan.
 */
export type DocKind = (typeof DOC_KINDS)[number]

/** Every kind of doc a board has, once each. */
export const DOC_KINDS = ['plan', 'discussion'] as const

/** Suffix of a discussion doc's key: `/sync/<boardId>/discussion` syncs the doc `<boardId>/discussion`. */
const DISCUSSION_SUFFIX = '/discussion'

/**
 * The key a board's doc is stored, loaded and synced under: the board id for the plan (as before
 * there were several docs), the id and `DISCUSSION_SUFFIX` for the discussion.
 */
export const docKey = (boardId: string, kind: DocKind): string =>
  kind === 'plan' ? boardId : `${boardId}${DISCUSSION_SUFFIX}`

/** The board and kind of a doc key (the inverse of `docKey`). */
export function parseDocKey(key: string): { readonly boardId: string; readonly kind: DocKind } {
  return key.endsWith(DISCUSSION_SUFFIX)
    ? { boardId: key.slice(0, -DISCUSSION_SUFFIX.length), kind: 'discussion' }
    : { boardId: key, kind: 'plan' }
}

/** Board settings that change who may write what. */
export interface BoardSettings {
  /** Viewers (view token) may add, reply to and resolve comments. */
  readonly viewerComments: boolean
}

export const DEFAULT_SETTINGS: BoardSettings = { viewerComments: false }

/** What every session event records: when, and who by the name they gave. */
interface SessionEventBase {
  /** Milliseconds since the epoch (the server's clock). */
  readonly at: number
  /** The name the participant gave (their presence), not an identity the server checked; empty when none was given. */
  readonly name: string
  readonly access: Access
}

/** Someone joining or leaving a board's session. */
export interface PresenceEvent extends SessionEventBase {
  readonly kind: 'joined' | 'left'
}

/**
 * The norm set of the board or of one area changed: the rules every party checks against, so the
 * timeline shows who changed it from what to what. An absent `from` or `to` is the default (for
 * the board the shipped default set, for an area the board's set).
 */
export interface NormSetEvent extends SessionEventBase {
  readonly kind: 'norm-set'
  readonly from?: string
  readonly to?: string
  /** The area (id) whose own set changed; absent for the board's set. */
  readonly area?: string
  /** The area's name when it changed, for an area since renamed or removed. */
  readonly areaName?: string
}

/** An entry of the session timeline. */
export type SessionEvent = PresenceEvent | NormSetEvent

/** A stored state of a board's plan at a moment, for before/after comparisons. */
export interface Checkpoint {
  readonly at: number
  /** The plan doc as one Yjs update. */
  readonly data: Uint8Array
}

/** A board's metadata as stored. Tokens are kept only as SHA-256 hashes. */
export interface BoardRecord {
  readonly id: string
  /** The name given at creation; the live name is the one in the document. */
  readonly name: string
  /** Milliseconds since the epoch. */
  readonly createdAt: number
  readonly editTokenHash: Uint8Array
  readonly viewTokenHash: Uint8Array
  readonly settings: BoardSettings
  /** The named version of another board this board was made from (a variant); absent for an original. */
  readonly parent?: BoardParent
}

/** Where a variant comes from: a named version of another board. */
export interface BoardParent {
  readonly boardId: string
  readonly versionId: string
}

/** A board as created: its settings may be left to the defaults; a variant carries its `parent`. */
export type NewBoardRecord = Omit<BoardRecord, 'settings'> & { readonly settings?: BoardSettings }

/** One entry of a board's append-only update log. */
export interface StoredUpdate {
  /**
   * Increases with every append to the doc and is never reused for it, even after compaction
   * dropped the highest. Only per doc: PostgreSQL numbers across boards, SQLite per doc (so that a
   * board's log is stored together).
   */
  readonly seq: number
  readonly data: Uint8Array
}

/** Everything needed to rebuild a board's document: the last snapshot, then the log after it, in order. */
export interface StoredState {
  readonly snapshot: Uint8Array | undefined
  /**
   * The snapshot's encoded state vector, where it was stored with it (a compaction stores it; a
   * board's first snapshot and snapshots from before there was a column for it have none).
   */
  readonly stateVector?: Uint8Array | undefined
  readonly updates: readonly StoredUpdate[]
}

/** A named version of a board's plan, without its data (for lists). */
export interface VersionInfo {
  readonly id: string
  readonly name: string
  /** Milliseconds since the epoch (the server's clock). */
  readonly at: number
  /** The name the person who saved it gave (free text, not an identity the server checked). */
  readonly author: string
}

/** A named version as stored: immutable once put. */
export interface StoredVersion extends VersionInfo {
  /** The plan doc as one Yjs update. */
  readonly data: Uint8Array
}

/** A board made from a version of another board, as the parent lists it. */
export interface VariantInfo {
  readonly id: string
  /** The name given at creation. */
  readonly name: string
  readonly createdAt: number
  /** The parent's version the variant was made from. */
  readonly parentVersion: string
}

/** An uploaded file of a board (an image for the base map): immutable once put. */
export interface StoredAsset {
  readonly id: string
  /** The media type the bytes were checked to be, e.g. `image/png`. */
  readonly contentType: string
  readonly data: Uint8Array
}

/** Raised by `putVersion` and `putAsset` for an id the board already has: versions and assets never change. */
export class AlreadyStoredError extends Error {
  constructor(
    readonly what: 'version' | 'asset',
    readonly boardId: string,
    readonly id: string,
  ) {
    super(`board ${boardId} already has a ${what} with id ${JSON.stringify(id)}; a ${what} never changes`)
    this.name = 'AlreadyStoredError'
  }
}

/** Totals for health checks and metrics. */
export interface StorageStats {
  readonly boards: number
  /** Bytes the storage occupies (SQLite: database file and write-ahead log; PostgreSQL: the schema's tables). */
  readonly bytes: number
}

/**
 * Durable board storage. Every method is async so that a networked database (PostgreSQL, see
 * issue "Scale-out") can implement the same contract; the embedded default is SQLite.
 *
 * The contract the sync core relies on:
 * - `appendUpdate` resolves only once the update is committed: after that a crash of the
 *   server process does not lose it.
 * - `compact` replaces the snapshot and deletes the log entries it covers in one transaction,
 *   so a crash leaves either the old snapshot and log or the new snapshot and shorter log.
 * - `loadState` returns a snapshot and the log entries written after it, in append order.
 * - Storage shared by several server processes (PostgreSQL) keeps, of the entries up to
 *   `throughSeq`, those another process appended that the snapshot lacks (this process's doc
 *   had not received them yet), and `loadState` returns them too: an entry the snapshot already
 *   holds applies as a no-op. A snapshot is never replaced by one that lacks part of it.
 *
 * Documents are named by doc key (see `docKey`): the plan of a board under its id, its discussion
 * under `<id>/discussion`. A board's discussion exists as soon as the board does (empty at first).
 */
export interface BoardStorage {
  /** Creates a board with its initial plan state as the first snapshot (settings default when absent). */
  createBoard(board: NewBoardRecord, initialState: Uint8Array): Promise<void>
  getBoard(id: string): Promise<BoardRecord | undefined>
  /** Replaces one or both token hashes; false when the board does not exist. */
  setTokenHashes(id: string, hashes: Partial<Record<Access, Uint8Array>>): Promise<boolean>
  /** Replaces a board's settings; false when the board does not exist. */
  setSettings(id: string, settings: BoardSettings): Promise<boolean>
  /** A doc's stored state (by doc key), or undefined when its board does not exist. */
  loadState(key: string): Promise<StoredState | undefined>
  /** Appends one update to a doc's log and returns its sequence number once committed. */
  appendUpdate(key: string, update: Uint8Array): Promise<number>
  /**
   * Stores `snapshot` as a doc's state and drops its log entries up to and including `throughSeq`.
   * `stateVector` is the snapshot's encoded state vector, stored with it (or none), so that a board
   * served from its snapshot need not decode it to say what it has.
   */
  compact(key: string, snapshot: Uint8Array, throughSeq: number, stateVector?: Uint8Array): Promise<void>
  /** Records that someone joined or left a board's session, or changed a norm set. */
  appendEvent(boardId: string, event: SessionEvent): Promise<void>
  /** Events from `from` to `to` (inclusive, ms), oldest first, at most `limit` (the newest are kept). */
  listEvents(boardId: string, from: number, to: number, limit: number): Promise<SessionEvent[]>
  /** Stores the plan as it is at `at` (a later call for the same moment replaces it). */
  putCheckpoint(boardId: string, checkpoint: Checkpoint): Promise<void>
  /** Moments of the stored checkpoints from `from` to `to` (inclusive), oldest first. */
  listCheckpoints(boardId: string, from: number, to: number): Promise<number[]>
  /** The latest checkpoint at or before `at`, if any. */
  checkpointAtOrBefore(boardId: string, at: number): Promise<Checkpoint | undefined>
  /** Stores a named version; throws when the board already has a version with this id (versions never change). */
  putVersion(boardId: string, version: StoredVersion): Promise<void>
  /** A board's versions without their data, newest first. */
  listVersions(boardId: string): Promise<VersionInfo[]>
  getVersion(boardId: string, versionId: string): Promise<StoredVersion | undefined>
  /** The boards whose parent is a version of this board, oldest first. */
  listVariants(boardId: string): Promise<VariantInfo[]>
  /** Stores an uploaded file; throws when the board already has an asset with this id (assets never change). */
  putAsset(boardId: string, asset: StoredAsset): Promise<void>
  getAsset(boardId: string, assetId: string): Promise<StoredAsset | undefined>
  stats(): Promise<StorageStats>
  /** Throws when the storage cannot be read and written (for /healthz). */
  check(): Promise<void>
  close(): Promise<void>
}
