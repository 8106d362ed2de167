import type { Ring, Vec2 } from '@gebiedsbord/model'

/**
 * Twice the signed area of a ring (positive when counter-clockwise), computed about the first vertex
 * so that RD New coordinates (hundreds of kilometres) lose no precision to cancellation.
 */
export function twiceSignedArea(ring: Ring): number {
  const origin = ring[0]
  if (!origin) return 0
  const [ox, oy] = origin
  let twice = 0
  for (let i = 1, n = ring.length; i + 1 < n; i++) {
    const a = ring[i] as Vec2
    const b = ring[i + 1] as Vec2
    twice += (a[0] - ox) * (b[1] - oy) - (b[0] - ox) * (a[1] - oy)
  }
  return twice
}

/** Whether a ring runs counter-clockwise (x east, y north), the orientation RFC 7946 asks of exteriors. */
export const isCounterClockwise = (ring: Ring): boolean => twiceSignedArea(ring) > 0

/** The ring, reversed when needed so that it runs counter-clockwise. */
export const counterClockwise = (ring: Ring): Ring => (twiceSignedArea(ring) < 0 ? [...ring].reverse() : ring)

const samePosition = (a: Vec2, b: Vec2): boolean => a[0] === b[0] && a[1] === b[1]

/**
 * A GeoJSON ring (closed: last position repeats the first) as a model ring (open). Consecutive
 * repeated positions, which GIS editors leave behind when snapping, are dropped too.
 */
export function openRing(closed: Ring): Ring {
  const out: Vec2[] = []
  for (const p of closed) {
    const last = out[out.length - 1]
    if (!last || !samePosition(last, p)) out.push(p)
  }
  const first = out[0]
  const last = out[out.length - 1]
  if (out.length > 1 && first && last && samePosition(first, last)) out.pop()
  return out
}

/** A model ring (open) as a GeoJSON ring: the first position repeated at the end. */
export function closeRing(ring: Ring): Ring {
  const first = ring[0]
  return first ? [...ring, first] : []
}
