import * as Y from 'yjs'
import type { Access, BoardRecord, BoardStorage } from '../storage/storage.ts'
import { rebuildDoc } from './docState.ts'

/** What storage holds of a doc beyond a loaded copy of it. */
export interface StoredDifference {
  /** Everything stored that `doc` lacks, as one update (a no-op update when it lacks nothing). */
  readonly update: Uint8Array
  /** The highest sequence number read: a compaction after applying `update` covers the log up to here. */
  readonly lastSeq: number
}

/**
 * Reads a doc back from storage and returns what a loaded copy of it lacks: the update that other
 * instances stored while this one did not hear of it (Redis was away, a message was lost). The
 * stored state is rebuilt apart and diffed against `doc`'s state vector, so that the difference
 * can be relayed to clients as one update; Yjs updates are idempotent, so applying a difference
 * that partly overlaps what arrived meanwhile is harmless. Undefined when the board is gone.
 */
export async function storedDifference(
  storage: BoardStorage,
  key: string,
  doc: Y.Doc,
): Promise<StoredDifference | undefined> {
  const state = await storage.loadState(key)
  if (!state) return undefined
  const stored = rebuildDoc(state)
  try {
    return {
      update: Y.encodeStateAsUpdate(stored.doc, Y.encodeStateVector(doc)),
      lastSeq: stored.lastSeq,
    }
  } finally {
    stored.doc.destroy()
  }
}

/** A connection as far as its token matters: what it was admitted with. */
export interface AdmittedConnection {
  readonly access: Access | undefined
  /** SHA-256 of the token it presented (kept only when instances share storage). */
  readonly tokenHash: Uint8Array | undefined
}

/**
 * The connections whose token no longer opens the board as `board` now stands: rotated on
 * another instance. Compares the stored hash with the one the connection presented, so that a
 * rotation missed while Redis was away is caught by the next check all the same.
 */
export function revokedConnections<C extends AdmittedConnection>(
  board: BoardRecord,
  connections: Iterable<C>,
): C[] {
  const revoked: C[] = []
  for (const c of connections) {
    if (!c.tokenHash || !c.access) continue
    const hash = c.access === 'edit' ? board.editTokenHash : board.viewTokenHash
    if (Buffer.compare(c.tokenHash, hash) !== 0) revoked.push(c)
  }
  return revoked
}
