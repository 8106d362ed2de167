import * as Y from 'yjs'
import type { StoredState } from '../storage/storage.ts'

/** A board document rebuilt from storage, with what the room needs to keep appending and compacting. */
export interface RebuiltDoc {
  readonly doc: Y.Doc
  /** Sequence number of the newest stored update (0 when the log is empty). */
  readonly lastSeq: number
  /** Bytes stored for the board: snapshot plus log. */
  readonly bytes: number
  /** Updates in the log after the snapshot. */
  readonly logCount: number
  /** Log entries that Yjs refused to apply and that were left out (see `rebuildDoc`). */
  readonly skipped: readonly number[]
}

/**
 * Applies a board's snapshot and then its log, in order, to a fresh doc.
 *
 * An update can decode cleanly and still throw while Yjs integrates it, possibly after changing
 * part of the doc. The room stores an update before applying it, so such an update may sit in
 * the log. It was never relayed to anyone, so it is left out: the doc is rebuilt from scratch
 * without it, so that no half-applied state survives. The next compaction then drops it for good.
 */
export function rebuildDoc(state: StoredState): RebuiltDoc {
  const skipped = new Set<number>()
  let bytes = state.snapshot?.length ?? 0
  let lastSeq = 0
  for (const u of state.updates) {
    bytes += u.data.length
    lastSeq = Math.max(lastSeq, u.seq)
  }
  for (;;) {
    const doc = new Y.Doc()
    // A snapshot was encoded by Yjs itself; if it does not apply, the board is damaged and
    // loading must fail loudly rather than serve a partial board.
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot)
    let failed: number | undefined
    for (const u of state.updates) {
      if (skipped.has(u.seq)) continue
      try {
        Y.applyUpdate(doc, u.data)
      } catch {
        failed = u.seq
        break
      }
    }
    if (failed === undefined)
      return { doc, lastSeq, bytes, logCount: state.updates.length, skipped: [...skipped] }
    doc.destroy()
    skipped.add(failed)
  }
}
