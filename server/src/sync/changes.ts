import * as Y from 'yjs'
import type { DecodedUpdate } from './messages.ts'

/**
 * Whether applying a decoded update would change the doc, decided without applying it.
 *
 * The room must decide before it writes (an update is stored before it is applied), and a
 * viewer's update is never applied at all, so this reads the doc's struct store instead:
 * an update changes the doc when it carries a struct beyond the doc's state for that client, or
 * deletes an item that the doc has not deleted (or does not have yet, which Yjs keeps pending).
 * A client's sync step 2 that only repeats what the server has is therefore not a change.
 */
export function wouldChange(doc: Y.Doc, update: DecodedUpdate): boolean {
  const store = doc.store
  for (const struct of update.structs) {
    // Skips are gaps in a merged update, not content.
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return true
  }
  for (const [client, deletes] of update.ds.clients) {
    const structs = store.clients.get(client)
    const state = Y.getState(store, client)
    for (const { clock, len } of deletes) {
      if (len <= 0) continue
      if (!structs || clock + len > state) return true
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const s = structs[i] as Y.Item | Y.GC
        if (s.id.clock >= clock + len) break
        if (!s.deleted) return true
      }
    }
  }
  return false
}
