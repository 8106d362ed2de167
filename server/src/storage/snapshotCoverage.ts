import * as Y from 'yjs'

/**
 * What a doc snapshot (a doc's whole state as one Yjs update) holds, read once: enough to tell
 * whether an update would add anything to it.
 *
 * Storage shared by several server processes needs this at compaction: a process's snapshot
 * holds what its own doc has seen, which need not be every update another process stored with
 * a lower sequence number. Reading a snapshot costs about a third of applying it, so callers
 * read one only when another process is involved.
 */
export class SnapshotContent {
  readonly #content: Y.Snapshot

  private constructor(content: Y.Snapshot) {
    this.#content = content
  }

  /** Reads `snapshot`; throws naming `what` when the bytes are not a Yjs update. */
  static read(snapshot: Uint8Array, what: string): SnapshotContent {
    try {
      const { ds } = Y.decodeUpdate(snapshot)
      const sv = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(snapshot))
      // Sorted and merged, as the comparison in `contains` expects.
      return new SnapshotContent(Y.createSnapshot(Y.mergeDeleteSets([ds]), sv))
    } catch (err) {
      throw new Error(`${what} is not a Yjs update: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  /**
   * Whether applying `update` to the snapshot's doc would change nothing: each of its structs is
   * within the snapshot's state vector and each of its deletions in the snapshot's delete set.
   * False for bytes that cannot be read, so that a caller deciding what to keep keeps them.
   */
  contains(update: Uint8Array): boolean {
    try {
      return Y.snapshotContainsUpdate(this.#content, update)
    } catch {
      return false
    }
  }
}

/** The snapshot to store over `stored`, and whether it is a merge of the two. */
export interface SnapshotUnion {
  readonly data: Uint8Array
  readonly merged: boolean
}

/**
 * What replaces a stored snapshot: `given` itself when it contains everything `stored` holds
 * (the usual case: the caller's doc was loaded from it and has only grown), else both merged,
 * so that no state that is in storage only in `stored` is lost.
 */
export function snapshotUnion(
  stored: Uint8Array,
  given: Uint8Array,
  content: SnapshotContent,
): SnapshotUnion {
  if (content.contains(stored)) return { data: given, merged: false }
  return { data: Y.mergeUpdates([stored, given]), merged: true }
}
