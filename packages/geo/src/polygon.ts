import { type BBox, type Ring, ringBBox, type Vec2 } from '@gebiedsbord/model'
import { kinks } from '@turf/kinks'
import { convexClipArea, polyclipArea } from './clip.ts'
import { closeRing, twiceSignedArea } from './ring.ts'
import { boundariesMeet, boxesMeet, orient } from './segments.ts'

/**
 * Whether a point lies inside a ring (even–odd ray casting). A point exactly on the outline may
 * count either way; callers that care about the outline (intersectionArea) never ask about one.
 */
export function pointInRing(p: Vec2, ring: Ring): boolean {
  return pointInRingXY(p[0], p[1], ring)
}

/** `pointInRing` for a point given as two numbers: hot paths test many points and build no pairs. */
function pointInRingXY(px: number, py: number, ring: Ring): boolean {
  let inside = false
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const a = ring[i] as Vec2
    const b = ring[j] as Vec2
    const xi = a[0]
    const yi = a[1]
    if (yi > py !== b[1] > py && px < ((b[0] - xi) * (py - yi)) / (b[1] - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Whether a box lies wholly inside a ring: no edge of the ring comes near the box (their boxes do
 * not meet) and the box's centre is inside. Conservative: an edge whose box meets the box without
 * crossing it gives false, so a caller falls back to an exact overlap. The norm engine asks this of
 * every block against its candidate areas, and most blocks sit deep inside one area, where the
 * answer spares building and clipping the footprint.
 */
export function ringHoldsBox(ring: Ring, box: BBox): boolean {
  const n = ring.length
  if (n < 3) return false
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const p = ring[i] as Vec2
    const q = ring[j] as Vec2
    if (
      Math.max(p[0], q[0]) >= box.minX &&
      Math.min(p[0], q[0]) <= box.maxX &&
      Math.max(p[1], q[1]) >= box.minY &&
      Math.min(p[1], q[1]) <= box.maxY
    )
      return false
  }
  return pointInRingXY((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2, ring)
}

/**
 * Whether a ring's outline crosses or touches itself, which makes its area meaningless.
 * @turf/kinks finds crossings between non-adjacent edges; it skips adjacent edges, so a spike
 * (an edge that doubles back along the previous one) is checked here as well.
 */
export function ringSelfIntersects(ring: Ring): boolean {
  const n = ring.length
  for (let i = 0; i < n; i++) {
    const [ax, ay] = ring[(i + n - 1) % n] as Vec2
    const [bx, by] = ring[i] as Vec2
    const [cx, cy] = ring[(i + 1) % n] as Vec2
    const doublesBack = (bx - ax) * (cx - bx) + (by - ay) * (cy - by) < 0
    if (orient(ax, ay, bx, by, cx, cy) === 0 && doublesBack) return true
  }
  const coordinates = [closeRing(ring).map(([x, y]) => [x, y])]
  return kinks({ type: 'Polygon', coordinates }).features.length > 0
}

// Area outlines are reused across thousands of calls per evaluation, and rings are immutable
// (readonly in the model), so a box computed once stays true. Footprints with a few vertices are
// usually new arrays on every call; for them a WeakMap entry costs more than the loop it saves.
const boxes = new WeakMap<Ring, BBox>()
const UNCACHED_MAX_VERTICES = 8

function boxOf(ring: Ring): BBox {
  if (ring.length <= UNCACHED_MAX_VERTICES) return ringBBox(ring)
  let box = boxes.get(ring)
  if (!box) {
    box = ringBBox(ring)
    boxes.set(ring, box)
  }
  return box
}

/** +1 or −1 (the orientation) when a ring is convex, 0 when it is not or has no area. */
function convexOrientation(ring: Ring): 1 | -1 | 0 {
  const twice = twiceSignedArea(ring)
  if (twice === 0) return 0
  const sign = twice > 0 ? 1 : -1
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i] as Vec2
    const b = ring[(i + 1) % n] as Vec2
    const c = ring[(i + 2) % n] as Vec2
    if (sign * orient(a[0], a[1], b[0], b[1], c[0], c[1]) < 0) return 0
  }
  return sign
}

const areaOf = (ring: Ring): number => Math.abs(twiceSignedArea(ring)) / 2

/**
 * Area in m² of the intersection of two simple rings in metres. This runs for every block against
 * every candidate area on each evaluation, so it answers without clipping whenever it can:
 * disjoint boxes give 0; outlines that nowhere meet mean one ring holds the other or they are
 * apart, settled by one point test; a convex ring (nearly every block) is clipped by
 * Sutherland–Hodgman; only two non-convex rings with crossing outlines go to polyclip-ts.
 */
export function intersectionArea(a: Ring, b: Ring, boxA: BBox = boxOf(a), boxB: BBox = boxOf(b)): number {
  if (a.length < 3 || b.length < 3) return 0
  if (!boxesMeet(boxA, boxB)) return 0
  if (!boundariesMeet(a, boxA, b, boxB)) {
    if (pointInRing(a[0] as Vec2, b)) return areaOf(a)
    if (pointInRing(b[0] as Vec2, a)) return areaOf(b)
    return 0
  }
  const convexA = convexOrientation(a)
  if (convexA !== 0) return convexClipArea(b, a, convexA)
  const convexB = convexOrientation(b)
  if (convexB !== 0) return convexClipArea(a, b, convexB)
  return polyclipArea(a, b)
}

/**
 * The share of a block's footprint that lies inside an area, in [0, 1]. Pass `blockArea` (and the
 * rings' boxes) when they are already known to save recomputing them. A footprint without area has
 * no share (0), not NaN.
 */
export function overlapFraction(
  block: Ring,
  area: Ring,
  blockArea: number = areaOf(block),
  blockBox?: BBox,
  areaBox?: BBox,
): number {
  if (!(blockArea > 0)) return 0
  const inter = intersectionArea(block, area, blockBox ?? boxOf(block), areaBox ?? boxOf(area))
  return Math.min(1, Math.max(0, inter / blockArea))
}
