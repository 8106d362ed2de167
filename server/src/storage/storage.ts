/** Which token a request or connection presented: the edit token writes, the view token reads. */
export type Access = 'edit' | 'view'

/** A board's metadata as stored. Tokens are kept only as SHA-256 hashes. */
export interface BoardRecord {
  readonly id: string
  /** The name given at creation; the live name is the one in the document. */
  readonly name: string
  /** Milliseconds since the epoch. */
  readonly createdAt: number
  readonly editTokenHash: Uint8Array
  readonly viewTokenHash: Uint8Array
}

/** One entry of a board's append-only update log. */
export interface StoredUpdate {
  /** Increases with every append, across boards; never reused. */
  readonly seq: number
  readonly data: Uint8Array
}

/** Everything needed to rebuild a board's document: the last snapshot, then the log after it, in order. */
export interface StoredState {
  readonly snapshot: Uint8Array | undefined
  readonly updates: readonly StoredUpdate[]
}

/** Totals for health checks and metrics. */
export interface StorageStats {
  readonly boards: number
  /** Bytes the storage occupies (database file and write-ahead log). */
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
 */
export interface BoardStorage {
  /** Creates a board with its initial document state as the first snapshot. */
  createBoard(board: BoardRecord, initialState: Uint8Array): Promise<void>
  getBoard(id: string): Promise<BoardRecord | undefined>
  /** Replaces one or both token hashes; false when the board does not exist. */
  setTokenHashes(id: string, hashes: Partial<Record<Access, Uint8Array>>): Promise<boolean>
  /** The board's stored document state, or undefined when the board does not exist. */
  loadState(id: string): Promise<StoredState | undefined>
  /** Appends one update to the board's log and returns its sequence number once committed. */
  appendUpdate(id: string, update: Uint8Array): Promise<number>
  /** Stores `snapshot` as the board's state and drops the log entries up to and including `throughSeq`. */
  compact(id: string, snapshot: Uint8Array, throughSeq: number): Promise<void>
  stats(): Promise<StorageStats>
  /** Throws when the storage cannot be read and written (for /healthz). */
  check(): Promise<void>
  close(): Promise<void>
}
