import { describe, expect, it } from 'vitest'
import { snapAngle, snapGridStep, snapMove, snapValue } from './snapping.ts'

const box = (x: number, y: number, w: number, h: number) => ({ minX: x, minY: y, maxX: x + w, maxY: y + h })

describe('snapping', () => {
  it('aligns an edge with a neighbour within the threshold', () => {
    const moving = box(0, 0, 10, 10)
    const neighbour = box(30, 100, 20, 20)
    // Moving right by 19.3 puts the right edge at 29.3: it snaps to the neighbour's left edge at 30.
    const s = snapMove(moving, 19.3, 0.4, { grid: null, threshold: 1, targets: [neighbour] })
    expect(s.dx).toBeCloseTo(20)
    expect(s.guideX).toBe(30)
    expect(s.dy).toBeCloseTo(0.4)
    expect(s.guideY).toBeUndefined()
  })

  it('picks the nearest line when several are in reach', () => {
    const moving = box(0, 0, 10, 10)
    const targets = [box(20.8, 0, 5, 5), box(20.2, 50, 5, 5)]
    expect(snapMove(moving, 10, 0, { grid: null, threshold: 1, targets }).dx).toBeCloseTo(10.2)
  })

  it('aligns centres', () => {
    const s = snapMove(box(0, 0, 10, 10), 0, 14.6, {
      grid: null,
      threshold: 1,
      targets: [box(100, 10, 10, 20)],
    })
    expect(s.dy).toBeCloseTo(15)
    expect(s.guideY).toBe(20)
  })

  it('falls back to the grid, per axis', () => {
    const s = snapMove(box(0.5, 0.5, 10, 10), 3.2, 7.9, { grid: 5, threshold: 0.5, targets: [] })
    expect(s.dx + 0.5).toBeCloseTo(5)
    expect(s.dy + 0.5).toBeCloseTo(10)
  })

  it('does not snap without grid or neighbours in reach', () => {
    expect(
      snapMove(box(0, 0, 1, 1), 3.3, 4.4, { grid: null, threshold: 1, targets: [box(50, 50, 1, 1)] }),
    ).toEqual({
      dx: 3.3,
      dy: 4.4,
    })
  })

  it('snaps values and angles', () => {
    expect(snapValue(12.4, 5)).toBe(10)
    expect(snapAngle(43, 15, 4)).toBe(45)
    expect(snapAngle(37, 15, 4)).toBe(37)
    expect(snapGridStep(1)).toBe(10)
    expect(snapGridStep(20)).toBe(0.5)
  })
})
