import { asPartyId, type HousingBlock, type Plan, type SignOff } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { areaFingerprints, hash64, signOffStates } from './fingerprint.ts'
import { green, housing, plan, rectArea } from './testPlans.ts'

// Two areas side by side, A west of B, sharing the edge x = 100.
const A = rectArea('A', [0, 0, 100, 100], { areaType: 'stedelijk' })
const B = rectArea('B', [100, 0, 200, 100], { areaType: 'stedelijk' })
const homes = housing('h1', { x: 20, y: 20 }, 120, 'social') as HousingBlock
const park = green('g1', { x: 150, y: 50, w: 20, h: 20 })
const base: Plan = plan([A, B], [homes, park])

const prints = (p: Plan) => Object.fromEntries(areaFingerprints(p))

describe('hash64', () => {
  it('gives 16 hex digits, equal for equal text and different for a one-letter change', () => {
    expect(hash64('gebiedsbod')).toMatch(/^[0-9a-f]{16}$/)
    expect(hash64('gebiedsbod')).toBe(hash64('gebiedsbod'))
    expect(hash64('gebiedsbod')).not.toBe(hash64('gebiedsbos'))
    // FNV-1a's published offset basis is the hash of the empty string.
    expect(hash64('')).toBe('cbf29ce484222325')
  })
})

describe('areaFingerprints', () => {
  it('is the same for the same plan whatever the order of blocks', () => {
    expect(prints(plan([A, B], [park, homes]))).toEqual(prints(base))
  })

  it('changes only for the area whose blocks changed', () => {
    const before = prints(base)
    const after = prints(plan([A, B], [{ ...homes, dwellings: 121 }, park]))
    expect(after.A).not.toBe(before.A)
    expect(after.B).toBe(before.B)
  })

  it('a block dragged from A to B changes both', () => {
    const before = prints(base)
    const after = prints(plan([A, B], [{ ...homes, x: 130 }, park]))
    expect(after.A).not.toBe(before.A)
    expect(after.B).not.toBe(before.B)
  })

  it('ignores renaming the area and relabelling a block, not a new outline or area type', () => {
    const before = prints(base)
    expect(prints(plan([{ ...A, name: 'Noord' }, B], [{ ...homes, label: 'Blok 1' }, park])).A).toBe(before.A)
    expect(prints(plan([{ ...A, areaType: 'centrum' }, B], [homes, park])).A).not.toBe(before.A)
    const bigger = rectArea('A', [0, 0, 100, 120], { areaType: 'stedelijk' })
    expect(prints(plan([bigger, B], [homes, park])).A).not.toBe(before.A)
  })

  it('follows the board norm set for an area that names none', () => {
    expect(prints(plan([A, B], [homes, park], 'amsterdam-40-40-20')).A).not.toBe(prints(base).A)
  })
})

describe('signOffStates', () => {
  const signed = (fingerprint: string): SignOff => ({
    area: A.id,
    party: asPartyId('corporatie'),
    version: 'v1',
    versionName: 'Variant B',
    name: 'Bram',
    at: 1,
    fingerprint,
  })

  it('is current while the area is as agreed and outdated after a change in it', () => {
    const agreed = signed(areaFingerprints(base).get(A.id) as string)
    expect(signOffStates([agreed], areaFingerprints(base))[0]?.state).toBe('current')
    // A change in B leaves A's agreement standing.
    const elsewhere = plan([A, B], [homes, { ...park, floors: 2 }])
    expect(signOffStates([agreed], areaFingerprints(elsewhere))[0]?.state).toBe('current')
    const moved = plan([A, B], [{ ...homes, x: 30 }, park])
    expect(signOffStates([agreed], areaFingerprints(moved))[0]?.state).toBe('outdated')
  })

  it('is outdated when the area was removed', () => {
    const agreed = signed(areaFingerprints(base).get(A.id) as string)
    expect(signOffStates([agreed], areaFingerprints(plan([B], [park])))[0]?.state).toBe('outdated')
  })
})
