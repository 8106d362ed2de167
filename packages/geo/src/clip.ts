import type { Ring, Vec2 } from '@gebiedsbord/model'
import { intersection } from 'polyclip-ts'
import { twiceSignedArea } from './ring.ts'
import { orient } from './segments.ts'

/**
 * Area (m²) of the intersection of any simple ring with a convex ring, by Sutherland–Hodgman
 * clipping. With a convex clip the result may carry zero-width bridges along the clip edges, but
 * its signed area is exact, and it is far cheaper than a general clipper: blocks are nearly always
 * rectangles, so this is the path for every block that straddles an area's outline.
 * `clipOrientation` is +1 when `convex` runs counter-clockwise, −1 otherwise.
 */
export function convexClipArea(subject: Ring, convex: Ring, clipOrientation: 1 | -1): number {
  let current: Vec2[] = [...subject]
  for (let i = 0, n = convex.length; i < n && current.length > 0; i++) {
    const c1 = convex[i] as Vec2
    const c2 = convex[(i + 1) % n] as Vec2
    const input = current
    current = []
    let prev = input[input.length - 1] as Vec2
    let prevSide = clipOrientation * orient(c1[0], c1[1], c2[0], c2[1], prev[0], prev[1])
    for (const p of input) {
      const pSide = clipOrientation * orient(c1[0], c1[1], c2[0], c2[1], p[0], p[1])
      if (pSide >= 0) {
        if (prevSide < 0) current.push(crossing(prev, prevSide, p, pSide))
        current.push(p)
      } else if (prevSide >= 0) {
        current.push(crossing(prev, prevSide, p, pSide))
      }
      prev = p
      prevSide = pSide
    }
  }
  return current.length < 3 ? 0 : Math.abs(twiceSignedArea(current)) / 2
}

// The point where p→q crosses the clip line, from the signed distances of p and q to it.
function crossing(p: Vec2, pSide: number, q: Vec2, qSide: number): Vec2 {
  const t = pSide / (pSide - qSide)
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]
}

/**
 * Area (m²) of the intersection of two simple rings of any shape, with polyclip-ts. Coordinates are
 * moved next to the origin first: the clipper's snapping tolerance is relative, and RD New values
 * of several hundred kilometres would otherwise blur centimetres.
 */
export function polyclipArea(a: Ring, b: Ring): number {
  const origin = a[0]
  if (!origin) return 0
  const [ox, oy] = origin
  const local = (ring: Ring): [number, number][] => ring.map(([x, y]): [number, number] => [x - ox, y - oy])
  let total = 0
  for (const polygon of intersection([local(a)], [local(b)])) {
    polygon.forEach((ring, i) => {
      const area = Math.abs(twiceSignedArea(ring)) / 2
      total += i === 0 ? area : -area
    })
  }
  return total
}
