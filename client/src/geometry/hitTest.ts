import type { BBox, Ring, Vec2 } from '@gebiedsbord/model'
import { ringArea, ringBBox } from '@gebiedsbord/model'

/** Whether a point lies inside a polygon ring (even-odd rule; points exactly on an edge may go either way). */
export function pointInRing(p: Vec2, ring: Ring): boolean {
  const [x, y] = p
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Vec2
    const [xj, yj] = ring[j] as Vec2
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Distance from a point to a segment. */
export function distanceToSegment(p: Vec2, a: Vec2, b: Vec2): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2))
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))
}

/** Whether two boxes overlap (touching counts). */
export function boxesMeet(a: BBox, b: BBox): boolean {
  return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
}

/** The box around a set of boxes, or undefined for none. */
export function unionBoxes(boxes: Iterable<BBox>): BBox | undefined {
  let out: { minX: number; minY: number; maxX: number; maxY: number } | undefined
  for (const b of boxes) {
    if (!out) out = { ...b }
    else {
      out.minX = Math.min(out.minX, b.minX)
      out.minY = Math.min(out.minY, b.minY)
      out.maxX = Math.max(out.maxX, b.maxX)
      out.maxY = Math.max(out.maxY, b.maxY)
    }
  }
  return out
}

/** The area centroid of a ring; the bounding-box centre for a degenerate one. */
export function ringCentroid(ring: Ring): Vec2 {
  let a = 0
  let cx = 0
  let cy = 0
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i] as Vec2
    const [x1, y1] = ring[(i + 1) % n] as Vec2
    const f = x0 * y1 - x1 * y0
    a += f
    cx += (x0 + x1) * f
    cy += (y0 + y1) * f
  }
  if (Math.abs(a) < 1e-12) {
    const b = ringBBox(ring)
    return [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2]
  }
  return [cx / (3 * a), cy / (3 * a)]
}

/**
 * A point well inside a ring, for its label and for placing blocks in it: the centroid when that
 * lies inside (convex and most real areas), else the middle of the widest horizontal run through
 * the ring's vertical middle (an L or U shape, whose centroid can fall outside).
 */
export function interiorPoint(ring: Ring): Vec2 {
  const c = ringCentroid(ring)
  if (pointInRing(c, ring)) return c
  const box = ringBBox(ring)
  let best: Vec2 = c
  let bestWidth = -1
  for (const f of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    const y = box.minY + f * (box.maxY - box.minY)
    const xs: number[] = []
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Vec2
      const [xj, yj] = ring[j] as Vec2
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi)
    }
    xs.sort((p, q) => p - q)
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const w = (xs[k + 1] as number) - (xs[k] as number)
      if (w > bestWidth) {
        bestWidth = w
        best = [((xs[k] as number) + (xs[k + 1] as number)) / 2, y]
      }
    }
    if (bestWidth > 0) return best
  }
  return best
}

/** Area of a ring in hectares. */
export const ringHectares = (ring: Ring): number => ringArea(ring) / 10_000

/**
 * The highest point of a ring straight above (or below) `x`: where a vertical line through `x`
 * leaves the ring at the top. Undefined when the line misses the ring.
 */
export function topAt(ring: Ring, x: number): number | undefined {
  let top: number | undefined
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Vec2
    const [xj, yj] = ring[j] as Vec2
    if (xi > x !== xj > x) {
      const y = yi + ((x - xi) * (yj - yi)) / (xj - xi)
      if (top === undefined || y > top) top = y
    }
  }
  return top
}
