import * as Y from 'yjs'
import { areasMap, blocksMap, boardMap, partiesMap } from './schema.ts'

export interface PlanUndoOptions {
  /** Edits closer together than this many milliseconds undo as one step (Yjs default 500). */
  readonly captureTimeout?: number
}

/**
 * An UndoManager for one user's edits of the plan: it tracks only transactions whose origin is
 * `origin` (pass the same origin to the commands), so undo never takes back another user's edit.
 *
 * It is created with `ignoreRemoteMapChanges`. Without it, Yjs does not redo a record's property
 * that another user changed after this user's edit; undoing a deleteBlock (or redoing an undone
 * addBlock) of a block someone else had moved meanwhile then restores the block without x and y:
 * a record no peer can read. With it, an undo restores the record's properties as this user left
 * them, also where another user changed the same property later (that change is overwritten).
 */
export function createPlanUndoManager(
  doc: Y.Doc,
  origin: unknown,
  options: PlanUndoOptions = {},
): Y.UndoManager {
  return new Y.UndoManager([boardMap(doc), areasMap(doc), blocksMap(doc), partiesMap(doc)], {
    trackedOrigins: new Set([origin]),
    captureTimeout: options.captureTimeout ?? 500,
    ignoreRemoteMapChanges: true,
  })
}
