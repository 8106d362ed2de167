import type { Ring } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import {
  boxesMeet,
  distanceToSegment,
  interiorPoint,
  pointInRing,
  ringCentroid,
  topAt,
  unionBoxes,
} from './hitTest.ts'

const square: Ring = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
]
// A U shape whose centroid lies in the gap between the arms.
const u: Ring = [
  [0, 0],
  [30, 0],
  [30, 30],
  [20, 30],
  [20, 5],
  [10, 5],
  [10, 30],
  [0, 30],
]

describe('hit testing', () => {
  it('finds points inside and outside a polygon', () => {
    expect(pointInRing([5, 5], square)).toBe(true)
    expect(pointInRing([15, 5], square)).toBe(false)
    expect(pointInRing([15, 20], u)).toBe(false)
    expect(pointInRing([5, 20], u)).toBe(true)
  })

  it('measures the distance to a segment, clamped to its ends', () => {
    expect(distanceToSegment([5, 3], [0, 0], [10, 0])).toBeCloseTo(3)
    expect(distanceToSegment([13, 4], [0, 0], [10, 0])).toBeCloseTo(5)
    expect(distanceToSegment([1, 1], [0, 0], [0, 0])).toBeCloseTo(Math.SQRT2)
  })

  it('tells overlapping boxes and unites them', () => {
    const a = { minX: 0, minY: 0, maxX: 5, maxY: 5 }
    const b = { minX: 5, minY: 5, maxX: 9, maxY: 9 }
    const c = { minX: 6, minY: 0, maxX: 9, maxY: 4 }
    expect(boxesMeet(a, b)).toBe(true)
    expect(boxesMeet(a, c)).toBe(false)
    expect(unionBoxes([a, c])).toEqual({ minX: 0, minY: 0, maxX: 9, maxY: 5 })
    expect(unionBoxes([])).toBeUndefined()
  })

  it('puts a label point inside concave areas', () => {
    expect(ringCentroid(square)).toEqual([5, 5])
    expect(interiorPoint(square)).toEqual([5, 5])
    expect(pointInRing(ringCentroid(u), u)).toBe(false)
    expect(pointInRing(interiorPoint(u), u)).toBe(true)
  })

  it('finds the top edge above a point', () => {
    expect(topAt(square, 5)).toBe(10)
    expect(topAt(u, 25)).toBe(30)
    expect(topAt(u, 15)).toBe(5)
    expect(topAt(square, 50)).toBeUndefined()
  })
})
