import type { AreaId, BlockId } from '@gebiedsbord/model'
import { Cell } from './observable.ts'

/** What this user has selected: blocks, or one area (whose barcode and outline are then shown). */
export interface SelectionState {
  readonly blocks: ReadonlySet<BlockId>
  readonly area: AreaId | null
}

const EMPTY: SelectionState = { blocks: new Set(), area: null }

/** This user's selection. Local state: others see it through presence, never through the doc. */
export class Selection extends Cell<SelectionState> {
  constructor() {
    super(EMPTY)
  }

  /** Selects blocks, replacing the selection or adding to it; the area stays when adding. */
  selectBlocks(ids: Iterable<BlockId>, additive = false): void {
    const cur = this.get()
    const next = new Set(additive ? cur.blocks : [])
    for (const id of ids) next.add(id)
    this.set({ blocks: next, area: additive ? cur.area : null })
  }

  /** Adds a block or, when selected, removes it (shift-click). */
  toggleBlock(id: BlockId): void {
    const cur = this.get()
    const next = new Set(cur.blocks)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    this.set({ blocks: next, area: cur.area })
  }

  selectArea(id: AreaId | null): void {
    this.set({ blocks: new Set(), area: id })
  }

  clear(): void {
    const cur = this.get()
    if (cur.blocks.size === 0 && cur.area === null) return
    this.set(EMPTY)
  }

  /** Drops ids that no longer exist (deleted here or by someone else). */
  prune(hasBlock: (id: BlockId) => boolean, hasArea: (id: AreaId) => boolean): void {
    const cur = this.get()
    const blocks = [...cur.blocks].filter(hasBlock)
    const area = cur.area && hasArea(cur.area) ? cur.area : null
    if (blocks.length !== cur.blocks.size || area !== cur.area) this.set({ blocks: new Set(blocks), area })
  }
}
