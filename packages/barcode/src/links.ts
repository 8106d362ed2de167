import type { BlockEntry } from './blockEntry.ts'

/**
 * The blocks an area holds, in block-id order so that every path sums them alike, with each
 * block's share of its footprint inside the area at the same position. The shares are a list of
 * plain numbers, which V8 stores unboxed; held per block, as an object per block and area, they
 * were three allocations per block on every full evaluation (the link, its boxed share and the
 * block's own list of links).
 */
export interface AreaBlocks {
  readonly id: string
  readonly blocks: BlockEntry[]
  /** Share of `blocks[i]`'s footprint inside the area, 0 < share ≤ 1. */
  readonly shares: number[]
}

/**
 * Links a block to an area with its share: into the area's lists, keeping block-id order, and
 * after the block's other areas. Plans read from a doc come in id order, so a load only appends.
 */
export function linkBlock(block: BlockEntry, area: AreaBlocks, share: number): void {
  const list = area.blocks
  if (list.length === 0 || (list[list.length - 1] as BlockEntry).id < block.id) {
    list.push(block)
    area.shares.push(share)
  } else {
    const at = firstAtOrAfter(list, block.id)
    list.splice(at, 0, block)
    area.shares.splice(at, 0, share)
  }
  if (block.area === null) block.area = area
  else if (block.more === null) block.more = [area]
  else block.more.push(area)
}

/** The first position in an id-ordered list whose block id is not below `id` (binary search). */
function firstAtOrAfter(list: readonly BlockEntry[], id: string): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((list[mid] as BlockEntry).id < id) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Where a block is in an area's lists, or -1. A binary search on the id order: an area re-measured
 * whole (`upsertArea`) asks this for each of its blocks, and a scan each time made that quadratic
 * in the area's block count. Entries with the same id are stepped over until the object matches.
 */
function positionIn(area: AreaBlocks, block: BlockEntry): number {
  const list = area.blocks
  for (let i = firstAtOrAfter(list, block.id); i < list.length; i++) {
    const b = list[i] as BlockEntry
    if (b === block) return i
    if (b.id !== block.id) break
  }
  return -1
}

/** Takes a block out of an area's lists (not the area off the block), keeping the order of the rest. */
export function removeFromArea(area: AreaBlocks, block: BlockEntry): void {
  const at = positionIn(area, block)
  if (at < 0) return
  area.blocks.splice(at, 1)
  area.shares.splice(at, 1)
}

/** Takes an area off a block's areas, keeping the order of the rest. */
export function removeArea(block: BlockEntry, area: AreaBlocks): void {
  const more = block.more
  if (block.area === area) block.area = more === null ? null : (more.shift() as AreaBlocks)
  else if (more?.includes(area)) more.splice(more.indexOf(area), 1)
  if (more !== null && more.length === 0) block.more = null
}

/** A block's areas, in the order they were linked, as a list of its own (safe to change the block meanwhile). */
export function areasOf(block: BlockEntry): AreaBlocks[] {
  if (block.area === null) return []
  return block.more === null ? [block.area] : [block.area, ...block.more]
}

/** The share of a block inside one of its areas. */
function shareOf(block: BlockEntry, area: AreaBlocks): number {
  return area.shares[positionIn(area, block)] as number
}

/**
 * The sum of a block's shares, added in the order its areas were linked (the order the engine's
 * measurement adds them in, so that both give the same sum to the last bit).
 */
export function totalShare(block: BlockEntry): number {
  let total = 0
  if (block.area === null) return total
  total += shareOf(block, block.area)
  if (block.more !== null) for (const a of block.more) total += shareOf(block, a)
  return total
}
