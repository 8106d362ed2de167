import type { RefPoint } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { applyAffine } from './affine.ts'
import {
  imageCorners,
  placementFromRefs,
  placementRotation,
  placementScale,
  refsFitting,
} from './imagePlacement.ts'

const ref = (ix: number, iy: number, wx: number, wy: number): RefPoint => ({
  image: { x: ix, y: iy },
  world: { x: wx, y: wy },
})

describe('placing an image by two reference points', () => {
  it('takes both reference points to their world places', () => {
    const refs = [ref(120, 880, 136_010, 455_020), ref(1710, 140, 136_790, 455_410)] as const
    const m = placementFromRefs(refs)
    for (const r of refs) {
      const [x, y] = applyAffine(m, r.image.x, r.image.y)
      expect(x).toBeCloseTo(r.world.x, 6)
      expect(y).toBeCloseTo(r.world.y, 6)
    }
  })

  it('keeps an upright image upright: image y down is world y south', () => {
    // 1 px = 0.5 m, the top-left pixel at (1000, 2000).
    const m = placementFromRefs([ref(0, 0, 1000, 2000), ref(100, 0, 1050, 2000)])
    expect(placementScale(m)).toBeCloseTo(0.5, 12)
    expect(placementRotation(m)).toBeCloseTo(0, 12)
    const [x, y] = applyAffine(m, 0, 100)
    expect(x).toBeCloseTo(1000, 9)
    expect(y).toBeCloseTo(1950, 9)
    expect(imageCorners(200, 100, m).map(([px, py]) => [Math.round(px), Math.round(py)])).toEqual([
      [1000, 2000],
      [1100, 2000],
      [1100, 1950],
      [1000, 1950],
    ])
  })

  it('finds the rotation and scale of a turned image', () => {
    // The image's x axis points north-east in the world: turned 45° counter-clockwise, 2 m a pixel.
    const s = Math.SQRT2
    const m = placementFromRefs([ref(10, 10, 0, 0), ref(110, 10, 100 * s, 100 * s)])
    expect(placementRotation(m)).toBeCloseTo(45, 9)
    expect(placementScale(m)).toBeCloseTo(2, 9)
    // The image's down (v) is the world's south-east: a right angle clockwise of its x axis.
    const [x, y] = applyAffine(m, 10, 110)
    expect(x).toBeCloseTo(100 * s, 9)
    expect(y).toBeCloseTo(-100 * s, 9)
    // Turned upside down: 180°.
    const flipped = placementFromRefs([ref(0, 0, 100, 0), ref(100, 0, 0, 0)])
    expect(placementRotation(flipped)).toBeCloseTo(180, 9)
  })

  it('rejects reference points that coincide on the image or in the world', () => {
    expect(() => placementFromRefs([ref(5, 5, 0, 0), ref(5, 5, 10, 10)])).toThrow(/coincide on the image/)
    expect(() => placementFromRefs([ref(5, 5, 0, 0), ref(5.5, 5, 10, 10)])).toThrow(RangeError)
    expect(() => placementFromRefs([ref(5, 5, 10, 10), ref(50, 5, 10, 10)])).toThrow(/coincide in the world/)
    expect(() => placementFromRefs([ref(5, 5, 10, 10), ref(50, 5, Number.NaN, 10)])).toThrow(RangeError)
  })
})

describe('where a new upload appears', () => {
  it('fits upright and centred in the view, with a margin', () => {
    const box = { minX: 1000, maxX: 2000, minY: 500, maxY: 1000 }
    const refs = refsFitting(400, 100, box, 0.8)
    const m = placementFromRefs(refs)
    expect(placementRotation(m)).toBeCloseTo(0, 12)
    // 800 m of view width for 400 px (the height would allow 4 m a pixel): 2 m a pixel.
    expect(placementScale(m)).toBeCloseTo(2, 12)
    const corners = imageCorners(400, 100, m)
    expect(corners[0]?.[0]).toBeCloseTo(1100, 9)
    expect(corners[0]?.[1]).toBeCloseTo(850, 9)
    expect(corners[2]?.[0]).toBeCloseTo(1900, 9)
    expect(corners[2]?.[1]).toBeCloseTo(650, 9)
  })
})
