import { asPartyId, type Block, type Party, type PartyId, type Plan } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { checkPlan } from './evaluator.ts'
import { AFFORDABLE_SHARE_RULE, partyProgramme, SOCIAL_SHARE_RULE } from './partyProgramme.ts'
import { builtinNormSets } from './registry.ts'
import { amenity, green, housing, parking, plan, rectArea, work } from './testPlans.ts'

const corp: Party = {
  id: asPartyId('corp'),
  name: 'Woonstad',
  role: 'housing-corporation',
  colour: '#c2410c',
}
const dev: Party = { id: asPartyId('dev'), name: 'Bouwfonds', role: 'developer', colour: '#1f77b4' }
const city: Party = { id: asPartyId('city'), name: 'Gemeente', role: 'municipality', colour: '#2f855a' }

const of = (party: Party, b: Block): Block => ({ ...b, party: party.id })
const withParties = (p: Plan, parties: Party[]): Plan => ({ ...p, parties })
const rowOf = <R extends { party: Party | null }>(rows: readonly R[], id: PartyId | null): R | undefined =>
  rows.find((r) => (r.party?.id ?? null) === id)

/** Area A (1 ha, stedelijk): the corporation 60 social + 40 private, the developer 100 mid. */
const twoParties = withParties(
  plan(
    [rectArea('A', [0, 0, 100, 100], { areaType: 'stedelijk', name: 'Noord' })],
    [
      of(corp, housing('h1', { x: 20, y: 20 }, 60, 'social')),
      of(corp, housing('h2', { x: 40, y: 20 }, 40, 'private')),
      of(dev, housing('h3', { x: 60, y: 20 }, 100, 'mid')),
    ],
  ),
  [corp, dev, city],
)

describe(SOCIAL_SHARE_RULE, () => {
  it('states each party’s social dwellings as a share of the area’s, of the 30% required and of its own', () => {
    const area = partyProgramme(twoParties).areas[0]
    // nl-reference social-share: pass from 30% → 0.30 × 200 dwellings = 60 required.
    expect(area?.targets.social).toEqual({
      rule: 'social-share',
      minPercent: 30,
      requiredDwellings: 60,
      dwellings: 60,
    })
    expect(rowOf(area?.rows ?? [], corp.id)?.social).toEqual({
      dwellings: 60,
      ofScope: 100,
      ofRequired: 100,
      own: 60,
    })
    expect(rowOf(area?.rows ?? [], dev.id)?.social).toEqual({
      dwellings: 0,
      ofScope: 0,
      ofRequired: 0,
      own: 0,
    })
  })

  it('takes the target from the area’s own norm set (amsterdam-40-40-20: 40%)', () => {
    const p = {
      ...twoParties,
      areas: [{ ...(twoParties.areas[0] as Plan['areas'][0]), normSetId: 'amsterdam-40-40-20' }],
    }
    const area = partyProgramme(p).areas[0]
    expect(area?.targets.social.minPercent).toBe(40)
    expect(area?.targets.social.requiredDwellings).toBe(80)
    expect(rowOf(area?.rows ?? [], corp.id)?.social.ofRequired).toBe(75)
  })

  it('has no target where the norm set has no social-share rule', () => {
    const registry = builtinNormSets()
    const base = registry.get('nl-reference')
    if (!base) throw new Error('nl-reference is shipped')
    registry.add({ ...base, id: 'no-social', rules: base.rules.filter((r) => r.id !== SOCIAL_SHARE_RULE) })
    const area = partyProgramme(
      { ...twoParties, board: { ...twoParties.board, normSetId: 'no-social' } },
      { registry },
    ).areas[0]
    expect(area?.targets.social).toEqual({
      rule: 'social-share',
      minPercent: null,
      requiredDwellings: null,
      dwellings: 60,
    })
    expect(rowOf(area?.rows ?? [], corp.id)?.social).toMatchObject({
      ofScope: 100,
      ofRequired: null,
      own: 60,
    })
    // The affordable target still comes from the set.
    expect(area?.targets.affordable.minPercent).toBe(66.7)
  })
})

describe(AFFORDABLE_SHARE_RULE, () => {
  it('counts social and mid rent towards the two-thirds target', () => {
    const area = partyProgramme(twoParties).areas[0]
    // affordable-share: pass from 66.7% → 0.667 × 200 = 133.4 required; 160 affordable in the area.
    expect(area?.targets.affordable).toEqual({
      rule: 'affordable-share',
      minPercent: 66.7,
      requiredDwellings: 133.4,
      dwellings: 160,
    })
    expect(rowOf(area?.rows ?? [], corp.id)?.affordable).toEqual({
      dwellings: 60,
      ofScope: 37.5,
      ofRequired: 44.98,
      own: 60,
    })
    expect(rowOf(area?.rows ?? [], dev.id)?.affordable).toEqual({
      dwellings: 100,
      ofScope: 62.5,
      ofRequired: 74.96,
      own: 100,
    })
  })
})

describe('party programme', () => {
  it('splits a block straddling two areas by footprint share, and the totals equal the barcode’s metrics', () => {
    const p = withParties(
      plan(
        [
          rectArea('A', [0, 0, 100, 100], { name: 'West' }),
          rectArea('B', [100, 0, 200, 100], { name: 'Oost' }),
        ],
        [
          // 40 m wide, centred 10 m left of the shared edge: 3/4 in A, 1/4 in B.
          of(corp, housing('h', { x: 90, y: 50, w: 40, h: 10 }, 100, 'social')),
          of(dev, amenity('s', { x: 30, y: 80, w: 20, h: 10, floors: 2 }, 'school')),
          of(city, green('g', { x: 150, y: 50, w: 20, h: 20 }, 'play')),
          of(city, parking('p', { x: 150, y: 80 }, 30)),
          work('w', { x: 20, y: 20, floors: 3 }),
        ],
      ),
      [corp, dev, city],
    )
    const programme = partyProgramme(p)
    const [a, b] = programme.areas
    expect(rowOf(a?.rows ?? [], corp.id)).toMatchObject({ dwellings: 75, dwellingsBySegment: { social: 75 } })
    expect(rowOf(b?.rows ?? [], corp.id)).toMatchObject({ dwellings: 25, dwellingsBySegment: { social: 25 } })
    expect(rowOf(a?.rows ?? [], dev.id)).toMatchObject({ amenityM2: { school: 400 }, amenityM2Total: 400 })
    expect(rowOf(b?.rows ?? [], city.id)).toMatchObject({ greenM2: 400, parkingPlaces: 30 })
    // The work block has no party: a row of its own, last.
    expect(a?.rows.at(-1)).toMatchObject({ party: null, workM2: 300 })
    // Only parties with a block in the area are listed there.
    expect(a?.rows.map((r) => r.party?.name ?? null)).toEqual(['Woonstad', 'Bouwfonds', null])
    expect(b?.rows.map((r) => r.party?.name ?? null)).toEqual(['Woonstad', 'Gemeente'])

    const report = checkPlan(p)
    for (const [i, scope] of programme.areas.entries()) {
      const m = report.areas[i]?.metrics
      expect(scope.total).toMatchObject({
        dwellings: m?.dwellings,
        dwellingsBySegment: m?.dwellingsBySegment,
        amenityM2: m?.amenityM2,
        greenM2: m?.greenM2,
        parkingPlaces: m?.parkingPlaces,
        workM2: m?.workM2,
      })
    }
    expect(programme.plan.total.dwellings).toBe(report.plan.metrics.dwellings)
    expect(rowOf(programme.plan.rows, corp.id)?.dwellings).toBe(100)
  })

  it('lists every party in the plan, even one without blocks, and sums the areas’ requirements', () => {
    const p = withParties(
      plan(
        [
          rectArea('A', [0, 0, 100, 100], { areaType: 'stedelijk' }),
          rectArea('B', [200, 0, 300, 100], { normSetId: 'amsterdam-40-40-20' }),
        ],
        [
          of(corp, housing('a1', { x: 50, y: 50 }, 100, 'social')),
          of(dev, housing('b1', { x: 250, y: 50 }, 100, 'private')),
          // Outside every area: counts nowhere, as in the barcode.
          of(dev, housing('out', { x: 1000, y: 1000 }, 500, 'social')),
        ],
      ),
      [corp, dev, city],
    )
    const { plan: whole } = partyProgramme(p)
    expect(whole.name).toBe('test')
    expect(whole.area).toBeNull()
    expect(whole.rows.map((r) => r.party?.id)).toEqual(['corp', 'dev', 'city'])
    expect(rowOf(whole.rows, city.id)).toMatchObject({ dwellings: 0, social: { own: null } })
    // 30% of A's 100 plus 40% of B's 100 (Amsterdam) = 70 of 200: a weighted 35%.
    expect(whole.targets.social).toEqual({
      rule: 'social-share',
      minPercent: 35,
      requiredDwellings: 70,
      dwellings: 100,
    })
    expect(rowOf(whole.rows, corp.id)?.social).toEqual({
      dwellings: 100,
      ofScope: 100,
      ofRequired: 142.86,
      own: 100,
    })
    expect(rowOf(whole.rows, dev.id)).toMatchObject({ dwellings: 100, social: { dwellings: 0, own: 0 } })
  })

  it('counts blocks of a removed party under the row without a party', () => {
    const p = withParties(
      plan(
        [rectArea('A', [0, 0, 100, 100])],
        [
          of(corp, housing('h', { x: 50, y: 50 }, 10, 'mid')),
          of(dev, housing('k', { x: 20, y: 20 }, 5, 'mid')),
        ],
      ),
      [dev],
    )
    const area = partyProgramme(p).areas[0]
    expect(area?.rows.map((r) => [r.party?.id ?? null, r.dwellings])).toEqual([
      ['dev', 5],
      [null, 10],
    ])
    expect(area?.rows.find((r) => r.party === null)?.affordable.ofScope).toBeCloseTo(66.67, 2)
  })

  it('gives no shares in an area without dwellings', () => {
    const area = partyProgramme(
      withParties(plan([rectArea('A', [0, 0, 100, 100])], [of(city, green('g', { x: 50, y: 50 }))]), [city]),
    ).areas[0]
    expect(area?.targets.social).toEqual({
      rule: 'social-share',
      minPercent: 30,
      requiredDwellings: 0,
      dwellings: 0,
    })
    expect(area?.rows[0]?.social).toEqual({ dwellings: 0, ofScope: null, ofRequired: null, own: null })
  })
})
