import * as Y from 'yjs'
import type { DecodedUpdate } from './messages.ts'

/** A delete range of a Yjs delete set. */
interface DeleteRange {
  readonly clock: number
  readonly len: number
}

/**
 * A board that is stored as one compacted snapshot (its log is empty), served without decoding it
 * into a Y.Doc. A Y.Doc of a small board costs ~100 KiB of heap and a stored 10,000-block board
 * ~250 ms to decode, while most loaded boards are only read: the room keeps these bytes and
 * builds the doc only when an update may change the board, or the doc is read.
 *
 * Everything answered here equals what a doc built from the same bytes would answer:
 * - sync step 2 for an empty state vector is the snapshot itself (Yjs wrote it with
 *   `encodeStateAsUpdate`, so it is the doc's full state), otherwise `Y.diffUpdate`;
 * - the state vector is read from the snapshot's structs;
 * - an update changes nothing when its structs are all within the state vector and each range it
 *   deletes lies within the state vector and is already deleted in the snapshot (whose delete set
 *   lists every deleted struct). Anything else is left to the built doc (`wouldChange`).
 */
export class StoredSnapshot {
  #stateVector: Uint8Array | undefined
  #state: Map<number, number> | undefined
  #deleted: Map<number, DeleteRange[]> | undefined

  /** `stateVector`: the snapshot's, when storage kept it beside the snapshot (else worked out once). */
  constructor(
    readonly bytes: Uint8Array,
    stateVector?: Uint8Array,
  ) {
    this.#stateVector = stateVector
  }

  /** The encoded state vector of the snapshot (computed once). */
  stateVector(): Uint8Array {
    this.#stateVector ??= Y.encodeStateVectorFromUpdate(this.bytes)
    return this.#stateVector
  }

  /** What the board's doc would answer to a sync step 1 with `stateVector`. */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    if (Y.decodeStateVector(stateVector).size === 0) return this.bytes
    return Y.diffUpdate(this.bytes, stateVector)
  }

  /**
   * Whether applying `update` may change the board: false when it certainly changes nothing
   * (a sync step 2 repeating what the board has), true when only the built doc can tell (the
   * caller then builds it and asks `wouldChange`).
   */
  mayChange(update: DecodedUpdate): boolean {
    this.#state ??= Y.decodeStateVector(this.stateVector())
    const state = this.#state
    for (const struct of update.structs) {
      if (struct instanceof Y.Skip) continue
      if (struct.id.clock + struct.length > (state.get(struct.id.client) ?? 0)) return true
    }
    if (update.ds.clients.size === 0) return false
    this.#deleted ??= Y.decodeUpdate(this.bytes).ds.clients
    for (const [client, deletes] of update.ds.clients) {
      const known = state.get(client) ?? 0
      const deleted = this.#deleted.get(client) ?? []
      for (const { clock, len } of deletes) {
        if (len <= 0) continue
        if (clock + len > known || !covered(deleted, clock, clock + len)) return true
      }
    }
    return false
  }

  /** Decodes the snapshot into a fresh doc (throws when the snapshot is damaged). */
  build(): Y.Doc {
    const doc = new Y.Doc()
    try {
      Y.applyUpdate(doc, this.bytes)
    } catch (err) {
      doc.destroy()
      throw err
    }
    return doc
  }
}

/** Whether the clock range [from, to) lies within the union of `ranges` (any order). */
function covered(ranges: readonly DeleteRange[], from: number, to: number): boolean {
  let reached = from
  for (let progress = true; progress && reached < to; ) {
    progress = false
    for (const r of ranges)
      if (r.clock <= reached && r.clock + r.len > reached) {
        reached = r.clock + r.len
        progress = true
      }
  }
  return reached >= to
}
