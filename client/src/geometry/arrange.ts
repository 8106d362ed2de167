import type { BBox } from '@gebiedsbord/model'

/** How to line up a multi-selection. */
export type Alignment = 'left' | 'right' | 'top' | 'bottom' | 'centre-x' | 'centre-y'

/** An item to arrange: an id and its world box. */
export interface Placed<K> {
  readonly id: K
  readonly box: BBox
}

/** A move of one item, in metres. */
export interface Shift<K> {
  readonly id: K
  readonly dx: number
  readonly dy: number
}

/**
 * Aligns boxes to the selection's extreme edge (left, right, top = north, bottom = south) or to
 * its centre line. Only items that move are returned.
 */
export function align<K>(items: readonly Placed<K>[], how: Alignment): Shift<K>[] {
  if (items.length < 2) return []
  const minX = Math.min(...items.map((i) => i.box.minX))
  const maxX = Math.max(...items.map((i) => i.box.maxX))
  const minY = Math.min(...items.map((i) => i.box.minY))
  const maxY = Math.max(...items.map((i) => i.box.maxY))
  const out: Shift<K>[] = []
  for (const { id, box } of items) {
    let dx = 0
    let dy = 0
    if (how === 'left') dx = minX - box.minX
    else if (how === 'right') dx = maxX - box.maxX
    else if (how === 'bottom') dy = minY - box.minY
    else if (how === 'top') dy = maxY - box.maxY
    else if (how === 'centre-x') dy = (minY + maxY) / 2 - (box.minY + box.maxY) / 2
    else dx = (minX + maxX) / 2 - (box.minX + box.maxX) / 2
    if (dx !== 0 || dy !== 0) out.push({ id, dx, dy })
  }
  return out
}

/**
 * Spaces boxes evenly along an axis: the outermost two stay, the gaps between neighbours
 * become equal (in order of their position along the axis).
 */
export function distribute<K>(items: readonly Placed<K>[], axis: 'x' | 'y'): Shift<K>[] {
  if (items.length < 3) return []
  const lo = (b: BBox) => (axis === 'x' ? b.minX : b.minY)
  const hi = (b: BBox) => (axis === 'x' ? b.maxX : b.maxY)
  const sorted = [...items].sort((a, b) => lo(a.box) - lo(b.box))
  const first = sorted[0] as Placed<K>
  const last = sorted[sorted.length - 1] as Placed<K>
  const span = hi(last.box) - lo(first.box)
  const total = sorted.reduce((s, i) => s + hi(i.box) - lo(i.box), 0)
  const gap = (span - total) / (sorted.length - 1)
  const out: Shift<K>[] = []
  let cursor = hi(first.box) + gap
  for (const item of sorted.slice(1, -1)) {
    const d = cursor - lo(item.box)
    if (d !== 0) out.push({ id: item.id, dx: axis === 'x' ? d : 0, dy: axis === 'y' ? d : 0 })
    cursor += hi(item.box) - lo(item.box) + gap
  }
  return out
}
