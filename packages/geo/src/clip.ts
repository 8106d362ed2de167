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
  // The polygon being clipped lives in two flat scratch buffers (x, y, x, y, …) used in turn: this
  // runs for thousands of blocks per evaluation, and building point pairs for every step made it
  // the largest source of garbage in the norm engine.
  let count = subject.length
  let input = ensure(0, count)
  for (let k = 0; k < count; k++) {
    const p = subject[k] as Vec2
    input[2 * k] = p[0]
    input[2 * k + 1] = p[1]
  }
  let which: 0 | 1 = 0
  for (let i = 0, n = convex.length; i < n && count > 0; i++) {
    const c1 = convex[i] as Vec2
    const c2 = convex[(i + 1) % n] as Vec2
    const ax = c1[0]
    const ay = c1[1]
    const bx = c2[0]
    const by = c2[1]
    // A convex clip adds at most one point per input edge.
    const output = ensure(which === 0 ? 1 : 0, 2 * count)
    let out = 0
    let px = input[2 * count - 2] as number
    let py = input[2 * count - 1] as number
    let prevSide = clipOrientation * orient(ax, ay, bx, by, px, py)
    for (let k = 0; k < count; k++) {
      const qx = input[2 * k] as number
      const qy = input[2 * k + 1] as number
      const qSide = clipOrientation * orient(ax, ay, bx, by, qx, qy)
      if (qSide >= 0) {
        if (prevSide < 0) out = pushCrossing(output, out, px, py, prevSide, qx, qy, qSide)
        output[2 * out] = qx
        output[2 * out + 1] = qy
        out++
      } else if (prevSide >= 0) {
        out = pushCrossing(output, out, px, py, prevSide, qx, qy, qSide)
      }
      px = qx
      py = qy
      prevSide = qSide
    }
    input = output
    count = out
    which = which === 0 ? 1 : 0
  }
  return count < 3 ? 0 : Math.abs(flatTwiceSignedArea(input, count)) / 2
}

const scratch: [Float64Array, Float64Array] = [new Float64Array(64), new Float64Array(64)]

/** Scratch buffer `i`, grown (never shrunk) to hold at least `points` points. */
function ensure(i: 0 | 1, points: number): Float64Array {
  const buffer = scratch[i]
  if (buffer.length >= 2 * points) return buffer
  const grown = new Float64Array(Math.max(2 * points, 2 * buffer.length))
  scratch[i] = grown
  return grown
}

// Appends the point where p→q crosses the clip line, from the signed distances of p and q to it.
function pushCrossing(
  into: Float64Array,
  at: number,
  px: number,
  py: number,
  pSide: number,
  qx: number,
  qy: number,
  qSide: number,
): number {
  const t = pSide / (pSide - qSide)
  into[2 * at] = px + t * (qx - px)
  into[2 * at + 1] = py + t * (qy - py)
  return at + 1
}

// `twiceSignedArea` over a flat buffer: the same sum about the first vertex, term by term.
function flatTwiceSignedArea(xy: Float64Array, count: number): number {
  const ox = xy[0] as number
  const oy = xy[1] as number
  let twice = 0
  for (let i = 1; i + 1 < count; i++) {
    const ax = xy[2 * i] as number
    const ay = xy[2 * i + 1] as number
    const bx = xy[2 * i + 2] as number
    const by = xy[2 * i + 3] as number
    twice += (ax - ox) * (by - oy) - (bx - ox) * (ay - oy)
  }
  return twice
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
