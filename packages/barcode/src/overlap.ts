import { overlapFraction, pointInRing } from '@gebiedsbord/geo'
import { type BBox, type Ring, ringCentre } from '@gebiedsbord/model'

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
