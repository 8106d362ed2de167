import { describe, expect, it } from 'vitest'
import { type Affine, applyAffine, composeAffine } from './affine.ts'

const M: Affine = { a: 2, b: 0.5, c: -1, d: 3, e: 10, f: -4 }

describe('affine maps', () => {
  it('apply as the canvas does: (a·u + c·v + e, b·u + d·v + f)', () => {
    expect(applyAffine(M, 1, 0)).toEqual([12, -3.5])
    expect(applyAffine(M, 0, 1)).toEqual([9, -1])
  })

  it('compose inner first, then outer', () => {
    const shift: Affine = { a: 1, b: 0, c: 0, d: 1, e: 5, f: 7 }
    const [x, y] = applyAffine(composeAffine(shift, M), 3, -2)
    const [mx, my] = applyAffine(M, 3, -2)
    expect([x, y]).toEqual([mx + 5, my + 7])
    const [sx, sy] = applyAffine(composeAffine(M, shift), 3, -2)
    expect([sx, sy]).toEqual(applyAffine(M, 8, 5))
  })
})
