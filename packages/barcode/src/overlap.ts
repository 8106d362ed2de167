import { overlapFraction, pointInRing, ringHoldsBox } from '@gebiedsbord/geo'
import {
  type AreaId,
  type BBox,
  type Block,
  blockFootprint,
  type Plan,
  type Ring,
  ringArea,
  ringBBox,
  ringCentre,
} from '@gebiedsbord/model'
import type { BlockEntry } from './blockEntry.ts'

/** Whether two boxes share any point. */
export const bboxesMeet = (a: BBox, b: BBox): boolean =>
  a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY

/**
 * The share of a block's footprint inside an area, in [0, 1]. A degenerate footprint (no area)
 * counts wholly in the area holding its centre, so that a zero-size block is never lost. Pass the
 * boxes of both rings when they are known: the engine asks this thousands of times per evaluation.
 */
export function blockShareInArea(
  footprint: Ring,
  footprintM2: number,
  area: Ring,
  footprintBox?: BBox,
  areaBox?: BBox,
): number {
  if (footprintM2 <= 0) return pointInRing(ringCentre(footprint), area) ? 1 : 0
  return overlapFraction(footprint, area, footprintM2, footprintBox, areaBox)
}

/**
 * The share of a kept block's footprint inside an area (`box` is the footprint's box). A block deep
 * inside (most of them) is settled from the boxes and the outline alone; only one near the outline
 * has its footprint built and clipped. The engine passes only areas whose box meets the block's
 * (upsertArea tests it; #measure takes areas from the Flatbush search, which makes the same inclusive
 * test), so this does not test it again.
 */
export function entryShareIn(b: BlockEntry, box: BBox, area: Ring, areaBox: BBox): number {
  const within =
    box.minX > areaBox.minX && box.maxX < areaBox.maxX && box.minY > areaBox.minY && box.maxY < areaBox.maxY
  if (within && ringHoldsBox(area, box)) return 1
  return blockShareInArea(blockFootprint(b.block), b.footprintM2, area, box, areaBox)
}

/**
 * Below this share a block does not count in an area: the engine's threshold, so that slivers
 * along a shared edge do not put a block in two areas.
 */
export const MIN_SHARE = 1e-9

/** An area's outline with its box, for repeated overlap tests. */
export interface IndexedArea {
  readonly id: AreaId
  readonly polygon: Ring
  readonly bbox: BBox
}

/** The areas of a plan with their boxes. */
export const indexAreas = (plan: Pick<Plan, 'areas'>): IndexedArea[] =>
  plan.areas.map((a) => ({ id: a.id, polygon: a.polygon, bbox: ringBBox(a.polygon) }))

/**
 * The areas a block's footprint overlaps and its share in each, in the order of `areas`. For
 * one-off questions about a plan (a diff, a party table, a fingerprint); the engine keeps its own
 * index for evaluating thousands of blocks.
 */
export function blockShares(block: Block, areas: readonly IndexedArea[]): { area: AreaId; share: number }[] {
  const footprint = blockFootprint(block)
  const m2 = ringArea(footprint)
  const box = ringBBox(footprint)
  const out: { area: AreaId; share: number }[] = []
  for (const a of areas) {
    if (!bboxesMeet(box, a.bbox)) continue
    const share = blockShareInArea(footprint, m2, a.polygon, box, a.bbox)
    if (share > MIN_SHARE) out.push({ area: a.id, share })
  }
  return out
}
