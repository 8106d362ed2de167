import { blockFootprint, type Ring, rectangle, ringArea, seededRandom, type Vec2 } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { convexClipArea, polyclipArea } from './clip.ts'
import {
  intersectionArea,
  overlapFraction,
  pointInRing,
  ringHoldsBox,
  ringSelfIntersects,
} from './polygon.ts'

const box = (minX: number, minY: number, maxX: number, maxY: number): Ring => [
  [minX, minY],
  [maxX, minY],
  [maxX, maxY],
  [minX, maxY],
]
const shift = (ring: Ring, dx: number, dy: number): Ring => ring.map(([x, y]): Vec2 => [x + dx, y + dy])

// An L: 100 × 100 with the top-right 50 × 50 quadrant cut out (the notch), 7 500 m².
const L: Ring = [
  [0, 0],
  [100, 0],
  [100, 50],
  [50, 50],
  [50, 100],
  [0, 100],
]
// The same L far out in RD New, where precision problems would show.
const RD_OFFSET: Vec2 = [134_000, 455_000]
const rdL = shift(L, ...RD_OFFSET)

describe('pointInRing', () => {
  it('tells inside from outside in a concave ring', () => {
    expect(pointInRing([25, 25], L)).toBe(true)
    expect(pointInRing([25, 75], L)).toBe(true)
    expect(pointInRing([75, 25], L)).toBe(true)
    expect(pointInRing([75, 75], L)).toBe(false)
    expect(pointInRing([150, 25], L)).toBe(false)
    expect(pointInRing([-1, -1], L)).toBe(false)
  })

  it('does not depend on orientation', () => {
    const reversed = [...L].reverse()
    expect(pointInRing([25, 25], reversed)).toBe(true)
    expect(pointInRing([75, 75], reversed)).toBe(false)
  })
})

describe('ringSelfIntersects', () => {
  it('accepts simple rings, convex and concave', () => {
    expect(ringSelfIntersects(box(0, 0, 10, 10))).toBe(false)
    expect(ringSelfIntersects(L)).toBe(false)
    expect(ringSelfIntersects(rdL)).toBe(false)
  })

  it('finds a bow tie', () => {
    expect(
      ringSelfIntersects([
        [0, 0],
        [10, 10],
        [10, 0],
        [0, 10],
      ]),
    ).toBe(true)
  })

  it('finds a ring that touches itself at a vertex', () => {
    expect(
      ringSelfIntersects([
        [0, 0],
        [10, 0],
        [5, 5],
        [10, 10],
        [0, 10],
        [5, 5],
      ]),
    ).toBe(true)
  })

  it('finds a spike that doubles back along its own edge', () => {
    expect(
      ringSelfIntersects([
        [0, 0],
        [10, 0],
        [10, 10],
        [10, 5],
        [0, 10],
      ]),
    ).toBe(true)
  })
})

describe('intersectionArea', () => {
  it('is 0 for rings whose boxes are apart', () => {
    expect(intersectionArea(box(0, 0, 10, 10), box(20, 0, 30, 10))).toBe(0)
  })

  it('is the block area for a block wholly inside an area, and symmetric', () => {
    const block = box(10, 10, 30, 20)
    expect(intersectionArea(block, L)).toBe(200)
    expect(intersectionArea(L, block)).toBe(200)
  })

  it('is 0 for a block in the notch of an L, although the boxes overlap', () => {
    const inNotch = box(60, 60, 90, 90)
    expect(intersectionArea(inNotch, L)).toBe(0)
    expect(intersectionArea(L, inNotch)).toBe(0)
    expect(intersectionArea(shift(inNotch, ...RD_OFFSET), rdL)).toBe(0)
  })

  it('is half of a rectangle that straddles an outline', () => {
    const straddling = box(90, 10, 110, 30) // 20 × 20, half beyond x = 100
    expect(intersectionArea(straddling, L)).toBeCloseTo(200, 9)
    expect(intersectionArea(L, straddling)).toBeCloseTo(200, 9)
    expect(overlapFraction(straddling, L)).toBeCloseTo(0.5, 12)
    expect(overlapFraction(shift(straddling, ...RD_OFFSET), rdL)).toBeCloseTo(0.5, 9)
  })

  it('counts a rectangle over the inner corner of an L by the part outside the notch', () => {
    const overCorner = box(40, 40, 60, 60) // 400 m², the top-right quarter in the notch
    expect(intersectionArea(overCorner, L)).toBeCloseTo(300, 9)
    expect(intersectionArea(shift(overCorner, ...RD_OFFSET), rdL)).toBeCloseTo(300, 6)
  })

  it('gives 0 for rings that only touch along an edge or at a corner', () => {
    expect(intersectionArea(box(100, 0, 120, 20), L)).toBe(0)
    expect(intersectionArea(box(50, 50, 70, 70), L)).toBe(0)
    expect(overlapFraction(box(100, 0, 120, 20), L)).toBe(0)
  })

  it('gives the whole block for a block inside an area that shares an edge with it', () => {
    expect(intersectionArea(box(0, 0, 20, 20), L)).toBeCloseTo(400, 9)
    expect(intersectionArea(box(80, 0, 100, 50), L)).toBeCloseTo(1000, 9)
    expect(overlapFraction(box(0, 0, 20, 20), L)).toBeCloseTo(1, 12)
  })

  it('gives the area for an area wholly inside a large block', () => {
    expect(intersectionArea(box(-10, -10, 110, 110), L)).toBe(7500)
  })

  it('is the same for identical rings', () => {
    expect(intersectionArea(L, L)).toBeCloseTo(7500, 6)
  })

  it('handles two concave rings with crossing outlines (the general clipper)', () => {
    const otherL = shift(L, 25, 25)
    // Overlap of L with itself moved by (25, 25): the square [25, 100]² less the notch of L.
    expect(intersectionArea(L, otherL)).toBeCloseTo(75 * 75 - 50 * 50, 6)
    expect(intersectionArea(rdL, shift(otherL, ...RD_OFFSET))).toBeCloseTo(3125, 4)
  })

  it('agrees with polyclip-ts on random rotated blocks around a concave area', () => {
    const random = seededRandom(7)
    const area = rdL
    for (let i = 0; i < 500; i++) {
      const block = blockFootprint({
        x: RD_OFFSET[0] - 20 + random() * 140,
        y: RD_OFFSET[1] - 20 + random() * 140,
        rotation: random() * 360,
        shape: rectangle(5 + random() * 40, 5 + random() * 40),
      })
      const expected = polyclipArea(block, area)
      expect(intersectionArea(block, area)).toBeCloseTo(expected, 4)
      expect(intersectionArea(area, block)).toBeCloseTo(expected, 4)
    }
  })

  it('ignores orientation', () => {
    const straddling = box(90, 10, 110, 30)
    expect(intersectionArea([...straddling].reverse(), [...L].reverse())).toBeCloseTo(200, 9)
  })

  it('is 0 for degenerate rings', () => {
    expect(
      intersectionArea(
        [
          [0, 0],
          [1, 1],
        ],
        L,
      ),
    ).toBe(0)
    expect(
      intersectionArea(
        [
          [10, 10],
          [20, 10],
          [30, 10],
        ],
        L,
      ),
    ).toBe(0)
  })

  it("gives the general clipper's answer for 10,000 mostly contained blocks (speed is in pnpm bench)", () => {
    const random = seededRandom(42)
    const areas = [rdL, shift(rdL, 200, 0), shift(rdL, 0, 200)]
    let fast = 0
    // Largest difference in the fraction; polyclip itself is good to ~1e-7 at RD New magnitudes.
    let exact = 0
    for (let i = 0; i < 10_000; i++) {
      const area = areas[i % areas.length] as Ring
      const [ox, oy] = area[0] ?? RD_OFFSET
      // Mostly inside the lower arm of the L; some cross x = 100 into the open.
      const x = ox + 5 + random() * 95
      const y = oy + 5 + random() * 35
      const b = box(x, y, x + 8, y + 8)
      fast += overlapFraction(b, area, ringArea(b))
      // The general clipper is slow: compare on every 25th block.
      if (i % 25 === 0)
        exact = Math.max(
          exact,
          Math.abs(polyclipArea(b, area) / ringArea(b) - overlapFraction(b, area, ringArea(b))),
        )
    }
    expect(fast).toBeGreaterThan(9_000)
    expect(exact).toBeLessThan(1e-6)
  })
})

describe('convexClipArea', () => {
  it('clips a concave subject by a convex ring exactly', () => {
    expect(convexClipArea(L, box(40, 40, 60, 60), 1)).toBeCloseTo(300, 9)
    expect(convexClipArea(L, [...box(40, 40, 60, 60)].reverse(), -1)).toBeCloseTo(300, 9)
  })
})

describe('overlapFraction', () => {
  it('is 0 for a footprint without area, never NaN', () => {
    expect(overlapFraction(box(10, 10, 10, 10), L)).toBe(0)
    expect(overlapFraction(box(10, 10, 20, 20), L, 0)).toBe(0)
  })

  it('is clamped to 1 when the caller passes a smaller block area', () => {
    expect(overlapFraction(box(10, 10, 20, 20), L, 50)).toBe(1)
  })
})

describe('ringHoldsBox', () => {
  const bbox = (minX: number, minY: number, maxX: number, maxY: number) => ({ minX, minY, maxX, maxY })

  it('holds a box deep inside, in a concave ring too', () => {
    expect(ringHoldsBox(L, bbox(10, 10, 40, 40))).toBe(true)
    expect(ringHoldsBox(rdL, bbox(134_010, 455_010, 134_040, 455_040))).toBe(true)
  })

  it('holds a box in the bottom arm, but not one in the notch, across an edge, touching an edge or outside', () => {
    expect(ringHoldsBox(L, bbox(60, 60, 90, 90))).toBe(false)
    expect(ringHoldsBox(L, bbox(40, 40, 60, 45))).toBe(true)
    expect(ringHoldsBox(L, bbox(40, 45, 60, 55))).toBe(false)
    expect(ringHoldsBox(L, bbox(0, 10, 20, 20))).toBe(false)
    expect(ringHoldsBox(L, bbox(200, 200, 210, 210))).toBe(false)
    expect(ringHoldsBox(L, bbox(-10, -10, 200, 200))).toBe(false)
  })

  it('never says "inside" where the exact intersection says otherwise (seeded)', () => {
    const seed = 20261130
    const rnd = seededRandom(seed)
    let held = 0
    for (let i = 0; i < 2000; i++) {
      const minX = rnd() * 120 - 10
      const minY = rnd() * 120 - 10
      const b = bbox(minX, minY, minX + rnd() * 30, minY + rnd() * 30)
      if (!ringHoldsBox(L, b)) continue
      held++
      const ring = box(b.minX, b.minY, b.maxX, b.maxY)
      expect(intersectionArea(ring, L), `seed ${seed}, case ${i}`).toBeCloseTo(ringArea(ring), 9)
    }
    // Otherwise the check above would pass without checking anything.
    expect(held, `seed ${seed}`).toBeGreaterThan(0)
  })
})
