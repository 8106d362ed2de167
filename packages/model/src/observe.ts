// biome-ignore-all lint/suspicious/noExplicitAny: Yjs types its shared types by their event type; records are compared by identity only.
import type * as Y from 'yjs'
import type { AreaId, BlockId, PartyId } from './ids.ts'
import { areasMap, blocksMap, boardMap, partiesMap } from './schema.ts'

/** Which records a transaction touched: enough for incremental re-evaluation and re-rendering. */
export interface PlanChange {
  readonly board: boolean
  readonly areas: ReadonlySet<AreaId>
  readonly blocks: ReadonlySet<BlockId>
  readonly parties: ReadonlySet<PartyId>
}

/**
 * Calls `listener` once per transaction that changed the plan, with the ids it touched
 * (local and remote edits alike). Returns a function that stops listening.
 */
export function observePlan(
  doc: Y.Doc,
  listener: (change: PlanChange, tx: Y.Transaction) => void,
): () => void {
  // Instantiate every root now. A root that a remote update reaches before anyone called
  // doc.getMap(name) is held as a bare AbstractType; getMap later replaces it by a new Y.Map, so
  // the types in tx.changed would not be the roots looked up here and remote edits went unseen.
  const board = boardMap(doc) as Y.AbstractType<any>
  const areasRoot = areasMap(doc) as Y.AbstractType<any>
  const blocksRoot = blocksMap(doc) as Y.AbstractType<any>
  const partiesRoot = partiesMap(doc) as Y.AbstractType<any>
  const handler = (tx: Y.Transaction) => {
    const areas = new Set<AreaId>()
    const blocks = new Set<BlockId>()
    const parties = new Set<PartyId>()
    const roots = new Map<Y.AbstractType<any>, Set<string>>([
      [areasRoot, areas],
      [blocksRoot, blocks],
      [partiesRoot, parties],
    ])
    let boardChanged = false
    // Records are flat maps under a root map: a change is either to a root (records added or
    // removed, keyed by id) or to a record, whose key in its root is its id.
    for (const [type, keys] of tx.changed) {
      if (type === board) boardChanged = true
      const direct = roots.get(type)
      if (direct) {
        for (const k of keys) if (k !== null) direct.add(k)
        continue
      }
      const parent = type._item?.parent as Y.AbstractType<any> | undefined
      const id = type._item?.parentSub
      const into = parent ? roots.get(parent) : undefined
      if (into && id) into.add(id)
    }
    if (boardChanged || areas.size || blocks.size || parties.size)
      listener({ board: boardChanged, areas, blocks, parties }, tx)
  }
  doc.on('afterTransaction', handler)
  return () => doc.off('afterTransaction', handler)
}
