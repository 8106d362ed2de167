import type { BBox, Ring, Vec2 } from '@gebiedsbord/model'

/**
 * Twice the signed area of triangle (a, b, c): positive when c lies left of a→b, zero when collinear.
 * Differences are taken before products so that RD New coordinates keep their precision.
 */
export const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

const between = (v: number, a: number, b: number): boolean => (a <= b ? a <= v && v <= b : b <= v && v <= a)

/**
 * Whether closed segments p1–p2 and q1–q2 share any point: a crossing, a touching end or a
 * collinear overlap. Touching counts, so callers that treat "meet" as "needs a full clip" stay exact.
 */
export function segmentsMeet(p1: Vec2, p2: Vec2, q1: Vec2, q2: Vec2): boolean {
  const d1 = orient(q1[0], q1[1], q2[0], q2[1], p1[0], p1[1])
  const d2 = orient(q1[0], q1[1], q2[0], q2[1], p2[0], p2[1])
  const d3 = orient(p1[0], p1[1], p2[0], p2[1], q1[0], q1[1])
  const d4 = orient(p1[0], p1[1], p2[0], p2[1], q2[0], q2[1])
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true
  return (
    onSegment(d1, q1, q2, p1) ||
    onSegment(d2, q1, q2, p2) ||
    onSegment(d3, p1, p2, q1) ||
    onSegment(d4, p1, p2, q2)
  )
}

// Whether t, collinear with r–s (d = 0), lies on that segment. A module-level function rather than a
// closure inside segmentsMeet: that runs per edge pair, and a closure made per call is garbage (and
// under tsx, which keeps function names, also an Object.defineProperty per call).
function onSegment(d: number, r: Vec2, s: Vec2, t: Vec2): boolean {
  return d === 0 && between(t[0], r[0], s[0]) && between(t[1], r[1], s[1])
}

/** Whether two boxes share any point (touching counts). */
export const boxesMeet = (a: BBox, b: BBox): boolean =>
  a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY

// Scratch lists of edge start indices, reused across calls: this runs for every block × area. They
// are filled by index and never truncated: setting `length = 0` drops an array's store, and the next
// push allocates a new one, which made these lists a large source of garbage.
const edgesOfA: number[] = []
const edgesOfB: number[] = []
// Filled in place by each call, for the same reason.
const overlapBox = { minX: 0, minY: 0, maxX: 0, maxY: 0 }

/** Writes the start indices of the ring's edges whose box meets `box` into `into`; returns how many. */
function edgesTouchingBox(ring: Ring, box: BBox, into: number[]): number {
  let count = 0
  for (let i = 0, n = ring.length; i < n; i++) {
    const p = ring[i] as Vec2
    const q = ring[(i + 1) % n] as Vec2
    if (
      Math.max(p[0], q[0]) >= box.minX &&
      Math.min(p[0], q[0]) <= box.maxX &&
      Math.max(p[1], q[1]) >= box.minY &&
      Math.min(p[1], q[1]) <= box.maxY
    )
      into[count++] = i
  }
  return count
}

/**
 * Whether the outlines of two rings share any point. Only edges inside both boxes can meet, so a
 * small block deep inside a large area compares a handful of edges instead of all of them.
 */
export function boundariesMeet(a: Ring, boxA: BBox, b: Ring, boxB: BBox): boolean {
  const overlap = overlapBox
  overlap.minX = Math.max(boxA.minX, boxB.minX)
  overlap.minY = Math.max(boxA.minY, boxB.minY)
  overlap.maxX = Math.min(boxA.maxX, boxB.maxX)
  overlap.maxY = Math.min(boxA.maxY, boxB.maxY)
  const countA = edgesTouchingBox(a, overlap, edgesOfA)
  if (countA === 0) return false
  const countB = edgesTouchingBox(b, overlap, edgesOfB)
  const na = a.length
  const nb = b.length
  for (let ia = 0; ia < countA; ia++) {
    const i = edgesOfA[ia] as number
    const p1 = a[i] as Vec2
    const p2 = a[(i + 1) % na] as Vec2
    for (let ib = 0; ib < countB; ib++) {
      const j = edgesOfB[ib] as number
      if (segmentsMeet(p1, p2, b[j] as Vec2, b[(j + 1) % nb] as Vec2)) return true
    }
  }
  return false
}
