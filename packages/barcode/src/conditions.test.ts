import type { Block } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { checkPlan } from './evaluator.ts'
import { NormSetError, parseNormSet } from './normSetSchema.ts'
import { builtinNormSets } from './registry.ts'
import type { AreaReport } from './report.ts'
import { green, hectare, housing, plan } from './testPlans.ts'

// The rules of nl-reference that express Delft's Kompas voor Goede Groei: housing proceeds only
// with public space (green, play) and amenities (school, GP, childcare) in proportion.
const KOMPAS = ['green-per-dwelling', 'play-share', 'primary-school-m2', 'gp-fte', 'childcare-m2']

/** 100 dwellings in a 1 ha stedelijk area: 27 social (social-share warns), 40 mid, 33 private. */
const homes: Block[] = [
  housing('h-social', { x: 20, y: 90 }, 27, 'social'),
  housing('h-mid', { x: 50, y: 90 }, 40, 'mid'),
  housing('h-private', { x: 80, y: 90 }, 33, 'private'),
]
// 7,500 m² of park below the homes: 75 m² per dwelling, exactly the green-per-dwelling norm.
const park = green('park', { x: 50, y: 37.5, w: 100, h: 75 })

function area(blocks: Block[]): AreaReport {
  const a = checkPlan(plan([hectare('stedelijk')], blocks), { lang: 'en' }).areas[0]
  if (!a) throw new Error('no area report')
  return a
}
const ruleOf = (a: AreaReport, id: string) => a.rules.find((r) => r.id === id)

describe('conditions of growth in nl-reference', () => {
  const set = builtinNormSets().get('nl-reference')

  it('marks exactly the Kompas rules, with Delft as the basis of the marking', () => {
    expect(set?.rules.filter((r) => r.condition).map((r) => r.id)).toEqual(KOMPAS)
    // Retail follows the market; a sports hall serves a catchment far larger than most areas.
    expect(set?.rules.find((r) => r.id === 'retail-m2')?.condition).toBeUndefined()
    expect(set?.rules.find((r) => r.id === 'sports-hall')?.condition).toBeUndefined()
    expect(set?.conditions?.source.publisher).toBe('Gemeente Delft')
    expect(set?.conditions?.source.title).toMatch(/^Kompas voor Goede Groei/)
    // The principle is Delft's; which of these rules express it is the set's own reading.
    expect(set?.conditions?.status).toBe('estimated')
    expect(set?.conditions?.note?.nl && set?.conditions?.note?.en).toBeTruthy()
  })

  it('amsterdam-40-40-20 keeps the basis and keeps its own green-per-dwelling a condition', () => {
    const ams = builtinNormSets().get('amsterdam-40-40-20')
    expect(ams?.conditions).toEqual(set?.conditions)
    expect(ams?.rules.filter((r) => r.condition).map((r) => r.id)).toEqual(expect.arrayContaining(KOMPAS))
    expect(ams?.rules.find((r) => r.id === 'green-per-dwelling')?.bands.pass.min).toBe(16)
  })
})

describe('an area with housing but no green, play or amenities', () => {
  const a = area(homes)

  it('fails condition green-per-dwelling and counts it in conditionsUnmet', () => {
    expect(ruleOf(a, 'green-per-dwelling')).toMatchObject({ status: 'fail', condition: true, actual: 0 })
    for (const id of KOMPAS) expect(ruleOf(a, id)).toMatchObject({ status: 'fail', condition: true })
    expect(a.summary.conditionsUnmet).toBe(KOMPAS.length)
  })

  it('does not count an ordinary rule: social-share warns and parking fails without being conditions', () => {
    expect(ruleOf(a, 'social-share')).toMatchObject({ status: 'warn', condition: false })
    expect(ruleOf(a, 'parking-per-dwelling')).toMatchObject({ status: 'fail', condition: false })
    // 5 conditions + social-share, parking, retail and sports hall: 9 rules do not pass, 5 are conditions.
    expect(a.summary.warn + a.summary.fail).toBe(9)
    expect(a.summary.conditionsUnmet).toBe(5)
  })

  it('meets condition green-per-dwelling at exactly 75 m² per dwelling, leaving four unmet', () => {
    const withPark = area([...homes, park])
    expect(ruleOf(withPark, 'green-per-dwelling')).toMatchObject({ status: 'pass', actual: 75 })
    expect(withPark.summary.conditionsUnmet).toBe(4)
  })

  it('counts the plan-level conditions the same way', () => {
    const report = checkPlan(plan([hectare('stedelijk')], homes), { lang: 'en' })
    expect(report.plan.summary.conditionsUnmet).toBe(5)
  })
})

describe('an area without housing', () => {
  it('has no unmet condition of growth, though play-share fails as an ordinary verdict', () => {
    const a = area([park])
    expect(ruleOf(a, 'play-share')).toMatchObject({ status: 'fail', condition: true })
    expect(a.summary.fail).toBeGreaterThan(0)
    expect(a.summary.conditionsUnmet).toBe(0)
  })
})

describe('the conditions basis of a norm set file', () => {
  const base = builtinNormSets().get('nl-reference')
  const known = (id: string) => (id === base?.id ? base : undefined)
  const rule = {
    id: 'park-nearby',
    description: { nl: 'Park dichtbij', en: 'Park nearby' },
    measure: { type: 'ratio', numerator: 'greenM2.park', denominator: 'dwellings' },
    unit: 'm²/wo',
    bands: { pass: { min: 10 } },
    hint: { noun: { nl: 'm² park', en: 'm² park' } },
    condition: true,
    source: { title: 'Own policy' },
    status: 'found',
  }
  const own = {
    id: 'my-city',
    version: '1',
    date: '2026-11-23',
    name: { nl: 'Mijn stad', en: 'My city' },
    areaTypes: ['stedelijk'],
    defaultAreaType: 'stedelijk',
    population: base?.population,
    rules: [rule],
  }

  it('is required when a rule is a condition, so the policy behind it is named', () => {
    let issues: readonly { path: string }[] = []
    try {
      parseNormSet(own, 'my-city.json')
    } catch (e) {
      if (e instanceof NormSetError) issues = e.issues
    }
    expect(issues.map((i) => i.path)).toEqual(['conditions'])
    const fixed = parseNormSet(
      { ...own, conditions: { source: { title: 'Groeiakkoord', publisher: 'Mijn stad' }, status: 'found' } },
      'my-city.json',
    )
    expect(fixed.conditions).toMatchObject({ status: 'found', source: { publisher: 'Mijn stad' } })
  })

  it('is inherited through extends, and a set may give its own', () => {
    const ext = { id: 'my-ext', version: '1', date: '2026-11-23', name: own.name, extends: 'nl-reference' }
    expect(parseNormSet(ext, 'ext.json', known).conditions).toEqual(base?.conditions)
    const mine = { source: { title: 'Eigen kompas' }, status: 'found' }
    expect(parseNormSet({ ...ext, conditions: mine }, 'ext.json', known).conditions).toEqual(mine)
  })
})
