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
  const id = block.id
  let lo = 0
  let hi = list.length
  if (hi === 0 || (list[hi - 1] as BlockEntry).id < id) {
    list.push(block)
    area.shares.push(share)
  } else {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((list[mid] as BlockEntry).id < id) lo = mid + 1
      else hi = mid
    }
    list.splice(lo, 0, block)
    area.shares.splice(lo, 0, share)
  }
  if (block.area === null) block.area = area
  else if (block.more === null) block.more = [area]
  else block.more.push(area)
}

/** Takes a block out of an area's lists (not the area off the block), keeping the order of the rest. */
export function removeFromArea(area: AreaBlocks, block: BlockEntry): void {
  const at = area.blocks.indexOf(block)
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
  return area.shares[area.blocks.indexOf(block)] as number
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
