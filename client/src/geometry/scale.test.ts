import { describe, expect, it } from 'vitest'
import { gridSteps, scaleBar } from './scale.ts'

describe('scale bar', () => {
  it('picks round lengths that fit', () => {
    expect(scaleBar(1, 120)).toEqual({ metres: 100, pixels: 100 })
    expect(scaleBar(2, 120)).toEqual({ metres: 50, pixels: 100 })
    expect(scaleBar(0.01, 120).metres).toBe(10_000)
    expect(scaleBar(300, 120).metres).toBeCloseTo(0.2)
  })
  it('never exceeds the room it has', () => {
    for (const s of [0.003, 0.07, 0.9, 3.3, 17, 250]) {
      const bar = scaleBar(s, 120)
      expect(bar.pixels).toBeLessThanOrEqual(120 + 1e-9)
      expect(bar.pixels).toBeGreaterThan(120 / 5 - 1e-9)
    }
  })
})

describe('grid', () => {
  it('keeps grid lines at least the minimum apart', () => {
    for (const s of [0.01, 0.5, 1, 4, 80]) {
      const { minor, major } = gridSteps(s, 12)
      expect(minor * s).toBeGreaterThanOrEqual(12 - 1e-9)
      expect(minor * s).toBeLessThan(120 + 1e-9)
      expect(major).toBeCloseTo(minor * 10)
    }
  })
})
