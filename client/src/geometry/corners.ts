import { ringSelfIntersects } from '@gebiedsbord/geo'
import type { Ring, Vec2 } from '@gebiedsbord/model'

/**
 * Keyboard editing of an area's outline: the pure edits behind the corner list of the area
 * inspector (the map's corner handles need a pointer) and the check that every result is a
 * usable outline before it is written.
 */

/** Why an outline cannot be written, as a message key; null when it can. */
export type OutlineProblem = 'error.tooFewCorners' | 'error.selfIntersects' | null

/** The smallest number of corners an area may have. */
export const MIN_CORNERS = 3

/** Checks an outline: at least three corners, and an outline that does not cross or touch itself. */
export function outlineProblem(ring: Ring): OutlineProblem {
  if (ring.length < MIN_CORNERS) return 'error.tooFewCorners'
  if (!ring.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return 'error.selfIntersects'
  return ringSelfIntersects(ring) ? 'error.selfIntersects' : null
}

/** The outline with corner `i` moved to `to`. */
export function moveCorner(ring: Ring, i: number, to: Vec2): Ring {
  return ring.map((p, k) => (k === i ? to : p))
}

/**
 * The outline with a corner added after corner `i`, halfway along the edge to the next corner:
 * the shape stays the same until the new corner is moved, so adding never breaks the outline.
 */
export function addCornerAfter(ring: Ring, i: number): Ring {
  const a = ring[i] as Vec2
  const b = ring[(i + 1) % ring.length] as Vec2
  const mid: Vec2 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
  return [...ring.slice(0, i + 1), mid, ...ring.slice(i + 1)]
}

/** The outline without corner `i`. */
export function removeCorner(ring: Ring, i: number): Ring {
  return ring.filter((_, k) => k !== i)
}
