// biome-ignore-all lint/suspicious/noExplicitAny: Yjs types its shared types by their event type; roots are compared by identity only.
// Internal to the model (not exported from index.ts): shared by the observers of comments, decisions and sign-offs.
import type * as Y from 'yjs'

/**
 * The ids of the records under `root` that a transaction added, removed or changed. Records are
 * flat maps under a root map, so a change is either to the root (a record added or removed, keyed
 * by id) or to a record, whose key in the root is its id.
 */
export function changedRecordIds(tx: Y.Transaction, root: Y.AbstractType<any>): Set<string> {
  const ids = new Set<string>()
  for (const [type, keys] of tx.changed) {
    if (type === root) {
      for (const k of keys) if (k !== null) ids.add(k)
      continue
    }
    const item = type._item
    if (item && item.parent === root && item.parentSub) ids.add(item.parentSub)
  }
  return ids
}

/**
 * Calls `listener` once per transaction that changed a record under `root` (local and remote edits
 * alike), with the ids it touched. Returns a function that stops listening. The caller makes the
 * root first: see observePlan for why a root must exist before remote updates.
 */
export function observeRecords(
  doc: Y.Doc,
  root: Y.AbstractType<any>,
  listener: (ids: ReadonlySet<string>, tx: Y.Transaction) => void,
): () => void {
  const handler = (tx: Y.Transaction) => {
    const ids = changedRecordIds(tx, root)
    if (ids.size > 0) listener(ids, tx)
  }
  doc.on('afterTransaction', handler)
  return () => doc.off('afterTransaction', handler)
}
