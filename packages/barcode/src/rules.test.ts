import type { Block } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { checkPlan } from './evaluator.ts'
import type { RuleReport } from './rule.ts'
import { amenity, green, hectare, housing, parking, plan, rectArea } from './testPlans.ts'

/** Evaluates blocks in one area and returns the named rule of that area. */
function rule(id: string, blocks: Block[], areaType = 'stedelijk', lang: 'en' | 'nl' = 'en'): RuleReport {
  const report = checkPlan(plan([hectare(areaType)], blocks), { lang })
  const r = report.areas[0]?.rules.find((x) => x.id === id)
  if (!r) throw new Error(`rule ${id} not in report`)
  return r
}

// Housing blocks placed well inside the 1 ha area, split by segment.
const homes = (social: number, mid: number, priv: number): Block[] =>
  [
    housing('h-social', { x: 20, y: 20 }, social, 'social'),
    housing('h-mid', { x: 50, y: 20 }, mid, 'mid'),
    housing('h-private', { x: 80, y: 20 }, priv, 'private'),
  ].filter((b) => b.kind === 'housing' && b.dwellings > 0)

describe('social-share (≥ 30% social rent; warn from 27%)', () => {
  it('passes at exactly 30%', () => {
    const r = rule('social-share', homes(30, 40, 30))
    expect(r).toMatchObject({ status: 'pass', actual: 30, required: 30, unit: '%', needed: null })
  })
  it('warns at 27% and says how many social dwellings to add', () => {
    const r = rule('social-share', homes(27, 40, 33))
    expect(r.status).toBe('warn')
    // (27 + x) / (100 + x) ≥ 0.30 → x ≥ 4.29 → 5
    expect(r.needed).toBe(5)
    expect(r.hint).toBe('+5 social dwellings (or convert 3 existing)')
  })
  it('fails below 27% with the amount in plain Dutch', () => {
    const r = rule('social-share', homes(100, 200, 700), 'stedelijk', 'nl')
    expect(r.status).toBe('fail')
    // (100 + x) / (1000 + x) ≥ 0.3 → x ≥ 285.7 → 286
    expect(r.hint).toBe('+286 sociale huurwoningen (of 200 bestaande omzetten)')
  })
  it('is not applicable (and passes) without dwellings', () => {
    const r = rule('social-share', [])
    expect(r).toMatchObject({
      status: 'pass',
      applicable: false,
      actual: null,
      hint: 'not applicable: no dwellings',
    })
  })
})

describe('affordable-share (≥ 2/3 social + mid)', () => {
  it('passes at 66.7%', () => {
    expect(rule('affordable-share', homes(300, 367, 333)).status).toBe('pass')
  })
  it('fails at 50% and counts social and mid together', () => {
    const r = rule('affordable-share', homes(30, 20, 50))
    expect(r.status).toBe('fail')
    expect(r.actual).toBe(50)
    // (50 + x) / (100 + x) ≥ 0.667 → x ≥ 50.15 → 51
    expect(r.needed).toBe(51)
  })
})

describe('mid-share (≥ 36.7% mid rent)', () => {
  it('passes at 40% and warns at 35%', () => {
    expect(rule('mid-share', homes(30, 40, 30)).status).toBe('pass')
    expect(rule('mid-share', homes(30, 35, 35)).status).toBe('warn')
  })
})

describe('density (dwellings per ha, by area type)', () => {
  it('stedelijk: ≥ 60 per ha passes, 55 warns, 40 fails with +20 dwellings', () => {
    expect(rule('density', [housing('h', { x: 50, y: 50 }, 60, 'mid')]).status).toBe('pass')
    expect(rule('density', [housing('h', { x: 50, y: 50 }, 55, 'mid')]).status).toBe('warn')
    const r = rule('density', [housing('h', { x: 50, y: 50 }, 40, 'mid')])
    expect(r).toMatchObject({
      status: 'fail',
      actual: 40,
      required: 60,
      unit: 'wo/ha',
      hint: '+20 dwellings',
    })
  })
  it('groen-stedelijk: 25–35 passes; 40 warns above the maximum with a minus hint', () => {
    expect(rule('density', [housing('h', { x: 50, y: 50 }, 25, 'mid')], 'groen-stedelijk').status).toBe(
      'pass',
    )
    const r = rule('density', [housing('h', { x: 50, y: 50 }, 40, 'mid')], 'groen-stedelijk')
    expect(r).toMatchObject({ status: 'warn', required: 35, range: { min: 25, max: 35 }, needed: -5 })
    expect(r.hint).toBe('−5 dwellings')
  })
  it('centrum-stedelijk asks for 100 per ha', () => {
    expect(rule('density', [housing('h', { x: 50, y: 50 }, 90, 'mid')], 'centrum-stedelijk').status).toBe(
      'warn',
    )
  })
})

describe('green-per-dwelling (≥ 75 m² public green per dwelling)', () => {
  const h100 = housing('h', { x: 10, y: 10 }, 100, 'mid')
  it('passes with 7,500 m² for 100 dwellings', () => {
    // 75 × 100 m² park inside the area
    const r = rule('green-per-dwelling', [h100, green('g', { x: 50, y: 62.5, w: 100, h: 75 })])
    expect(r).toMatchObject({ status: 'pass', actual: 75, unit: 'm²/wo' })
  })
  it('fails with 4,000 m² and asks for +3,500 m² green', () => {
    const r = rule('green-per-dwelling', [h100, green('g', { x: 50, y: 70, w: 100, h: 40 })])
    expect(r).toMatchObject({ status: 'fail', actual: 40, needed: 3500, hint: '+3,500 m² green' })
  })
  it('counts play space and sports fields as green too', () => {
    const r = rule('green-per-dwelling', [
      h100,
      green('g1', { x: 50, y: 70, w: 100, h: 40 }, 'play'),
      green('g2', { x: 50, y: 35, w: 100, h: 35 }, 'sports'),
    ])
    expect(r.status).toBe('pass')
  })
})

describe('play-share (play space ≥ 3% of the gross area)', () => {
  it('passes at exactly 3% (300 m² in 1 ha)', () => {
    const r = rule('play-share', [green('p', { x: 50, y: 50, w: 30, h: 10 }, 'play')])
    expect(r).toMatchObject({ status: 'pass', actual: 3, unit: '%' })
  })
  it('fails without play space and asks for +300 m²', () => {
    const r = rule('play-share', [green('p', { x: 50, y: 50, w: 30, h: 10 }, 'park')])
    expect(r).toMatchObject({ status: 'fail', actual: 0, needed: 300, hint: '+300 m² play space' })
  })
})

describe('parking-per-dwelling (min and max per area type)', () => {
  const h100 = housing('h', { x: 10, y: 10 }, 100, 'private')
  it('stedelijk 0.8–1.2: 80 places pass, 130 warn (−10), 150 fail, 50 fail (+30)', () => {
    expect(rule('parking-per-dwelling', [h100, parking('p', { x: 50, y: 50 }, 80)]).status).toBe('pass')
    const over = rule('parking-per-dwelling', [h100, parking('p', { x: 50, y: 50 }, 130)])
    expect(over).toMatchObject({ status: 'warn', needed: -10, hint: '−10 parking places', required: 1.2 })
    expect(rule('parking-per-dwelling', [h100, parking('p', { x: 50, y: 50 }, 150)]).status).toBe('fail')
    const under = rule('parking-per-dwelling', [h100, parking('p', { x: 50, y: 50 }, 50)])
    expect(under).toMatchObject({ status: 'fail', needed: 30, hint: '+30 parking places', required: 0.8 })
  })
  it('centrum-stedelijk allows at most 0.5', () => {
    expect(
      rule('parking-per-dwelling', [h100, parking('p', { x: 50, y: 50 }, 80)], 'centrum-stedelijk').status,
    ).toBe('fail')
  })
})

// Provision rules on a 10 ha area so that a thousand dwellings fit.
function provision(id: string, blocks: Block[]): RuleReport {
  const r = checkPlan(
    plan([rectArea('A', [0, 0, 1000, 100], { areaType: 'stedelijk' })], blocks),
  ).areas[0]?.rules.find((x) => x.id === id)
  if (!r) throw new Error(id)
  return r
}
const thousand = housing('h', { x: 100, y: 50 }, 1000, 'mid')

describe('primary-school-m2 (6.5 m² BVO per pupil; 0.25 pupils per stedelijk dwelling)', () => {
  it('1,000 dwellings → 250 pupils → 1,625 m²: a 1,625 m² school passes', () => {
    // 812.5 m² footprint × 2 floors
    const r = provision('primary-school-m2', [
      thousand,
      amenity('s', { x: 500, y: 50, w: 32.5, h: 25, floors: 2 }, 'school'),
    ])
    expect(r).toMatchObject({ status: 'pass', actual: 1625, required: 1625, unit: 'm²' })
  })
  it('without a school it fails and asks for the m²', () => {
    const r = provision('primary-school-m2', [thousand])
    expect(r).toMatchObject({ status: 'fail', actual: 0, needed: 1625 })
    expect(r.hint).toBe('+1,625 m² school floor area (or share with a neighbouring area (same catchment))')
  })
})

describe('gp-fte (1 FTE per 2,095 residents; 115 m² per FTE)', () => {
  it('1,000 dwellings × 2.1 = 2,100 residents need 1.0 FTE: 115 m² warns, 230 m² passes', () => {
    const one = provision('gp-fte', [thousand, amenity('gp', { x: 500, y: 50, w: 11.5, h: 10 }, 'gp')])
    expect(one.status).toBe('warn')
    expect(one.actual).toBe(1)
    expect(one.needed).toBe(0.1)
    expect(provision('gp-fte', [thousand, amenity('gp', { x: 500, y: 50, w: 23, h: 10 }, 'gp')]).status).toBe(
      'pass',
    )
  })
})

describe('childcare-m2 (3.5 m² per place; 0.08 places per dwelling)', () => {
  it('1,000 dwellings → 80 places → 280 m²', () => {
    const r = provision('childcare-m2', [
      thousand,
      amenity('c', { x: 500, y: 50, w: 28, h: 10 }, 'childcare'),
    ])
    expect(r).toMatchObject({ status: 'pass', required: 280 })
  })
})

describe('retail-m2 (0.3 m² shop floor per resident)', () => {
  it('2,100 residents need 630 m²; 600 m² warns', () => {
    const r = provision('retail-m2', [thousand, amenity('r', { x: 500, y: 50, w: 30, h: 20 }, 'retail')])
    expect(r).toMatchObject({ status: 'warn', required: 630, actual: 600, needed: 30 })
  })
})

describe('sports-hall (one per 17,500 residents)', () => {
  it('8,333 dwellings (17,499 residents) need one hall: one sports block passes, none fails', () => {
    const many = housing('h', { x: 100, y: 50 }, 8333, 'mid')
    expect(
      provision('sports-hall', [many, amenity('s', { x: 500, y: 50, w: 40, h: 40 }, 'sports')]).status,
    ).toBe('pass')
    const r = provision('sports-hall', [many])
    expect(r).toMatchObject({
      status: 'fail',
      unit: 'halls',
      needed: 1,
      hint: expect.stringMatching(/^\+1 sports hall/),
    })
  })
  it('8,334 dwellings (17,501 residents) need just over one hall: one block warns', () => {
    const many = housing('h', { x: 100, y: 50 }, 8334, 'mid')
    const r = provision('sports-hall', [many, amenity('s', { x: 500, y: 50, w: 40, h: 40 }, 'sports')])
    expect(r).toMatchObject({ status: 'warn', actual: 1, needed: 0.1 })
  })
})
