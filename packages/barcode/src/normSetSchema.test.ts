import { describe, expect, it } from 'vitest'
import { NormSetError, parseNormSet } from './normSetSchema.ts'
import { builtinNormSets } from './registry.ts'

const REQUIRED_RULES = [
  'social-share',
  'affordable-share',
  'mid-share',
  'density',
  'green-per-dwelling',
  'play-share',
  'parking-per-dwelling',
  'primary-school-m2',
  'gp-fte',
  'childcare-m2',
  'retail-m2',
  'sports-hall',
]

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn()
  } catch (e) {
    if (e instanceof NormSetError) return [...e.issues]
    throw e
  }
  throw new Error('expected a NormSetError')
}

describe('shipped norm sets', () => {
  const registry = builtinNormSets()
  it('nl-reference has every required rule, each with a source, a status and both languages', () => {
    const set = registry.get('nl-reference')
    expect(set?.rules.map((r) => r.id)).toEqual(REQUIRED_RULES)
    for (const r of set?.rules ?? []) {
      expect(r.source.title.length).toBeGreaterThan(5)
      expect(['found', 'estimated']).toContain(r.status)
      expect(r.description.nl && r.description.en).toBeTruthy()
    }
    expect(set).toMatchObject({ version: '1.0.0', date: '2026-11-23', defaultAreaType: 'stedelijk' })
  })
  it('parking-per-dwelling has a minimum and a maximum for every area type', () => {
    const rule = registry.get('nl-reference')?.rules.find((r) => r.id === 'parking-per-dwelling')
    for (const type of ['centrum-stedelijk', 'stedelijk', 'groen-stedelijk', 'dorps']) {
      const pass = rule?.byAreaType?.[type]?.bands.pass
      expect(pass?.min).toBeTypeOf('number')
      expect(pass?.max).toBeTypeOf('number')
    }
  })
  it('amsterdam-40-40-20 extends nl-reference with its own mix and drops mid-share', () => {
    const set = registry.get('amsterdam-40-40-20')
    const ids = set?.rules.map((r) => r.id) ?? []
    expect(ids).toContain('private-share')
    expect(ids).toContain('sports-hall')
    expect(ids).not.toContain('mid-share')
    expect(set?.rules.find((r) => r.id === 'social-share')?.bands.pass.min).toBe(40)
    expect(set?.population.personsPerDwelling.value).toBe(2.1)
  })
})

describe('loading a user norm set from JSON', () => {
  const registry = builtinNormSets()
  it('names every bad field with its path', () => {
    const issues = issuesOf(() =>
      parseNormSet(
        {
          id: 'Mijn Set',
          version: '1',
          date: '23-11-2026',
          name: { nl: 'x' },
          extends: 'nl-reference',
          rules: [
            {
              id: 'green',
              description: { nl: 'a', en: 'b' },
              measure: { type: 'ratio', numerator: 'trees', denominator: 'dwellings' },
              unit: 'm²',
              bands: { pass: { min: 'veel' } },
              hint: { noun: { nl: 'a', en: 'b' } },
              source: { title: 'x' },
              status: 'guessed',
            },
          ],
        },
        'mine.json',
        (id) => registry.get(id),
      ),
    )
    const paths = issues.map((i) => i.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'id',
        'date',
        'name.en',
        'rules[0].measure.numerator',
        'rules[0].bands.pass.min',
        'rules[0].status',
      ]),
    )
  })
  it('checks bands, duplicates and area types after the shape', () => {
    const rule = (id: string, bands: object, extra: object = {}) => ({
      id,
      description: { nl: 'a', en: 'b' },
      measure: { type: 'share', of: 'dwellings.social', in: 'dwellings' },
      unit: '%',
      bands,
      hint: { noun: { nl: 'a', en: 'b' } },
      source: { title: 'x' },
      status: 'found',
      ...extra,
    })
    const issues = issuesOf(() =>
      parseNormSet(
        {
          id: 'mine',
          version: '1',
          date: '2026-01-01',
          name: { nl: 'a', en: 'b' },
          extends: 'nl-reference',
          rules: [
            rule('a', { pass: { min: 30 }, warn: { min: 35 } }),
            rule('a', { pass: {} }),
            rule(
              'b',
              { pass: { min: 5, max: 1 } },
              { byAreaType: { suburb: { bands: { pass: { min: 1 } } } } },
            ),
          ],
        },
        'mine.json',
        (id) => registry.get(id),
      ),
    )
    expect(issues).toEqual([
      { path: 'rules[0].bands.warn.min', message: '35 must be at most pass.min 30' },
      { path: 'rules[1].id', message: 'duplicate rule id "a"' },
      { path: 'rules[1].bands.pass', message: 'needs a min, a max or both' },
      { path: 'rules[2].bands.pass', message: 'min 5 is above max 1' },
      { path: 'rules[2].byAreaType.suburb', message: '"suburb" is not one of areaTypes' },
    ])
  })
  it('rejects an unknown base set and invalid JSON', () => {
    expect(
      issuesOf(() =>
        registry.addFromJson(
          '{"id":"x","version":"1","date":"2026-01-01","name":{"nl":"a","en":"b"},"extends":"rotterdam"}',
          'x.json',
        ),
      ),
    ).toEqual([{ path: 'extends', message: 'unknown norm set "rotterdam"' }])
    expect(issuesOf(() => registry.addFromJson('{ nope', 'x.json'))[0]?.message).toMatch(/^not valid JSON/)
  })
  it('adds a valid set that then evaluates like a shipped one', () => {
    const set = registry.addFromJson(
      JSON.stringify({
        id: 'zuid-holland',
        version: '2024.1',
        date: '2024-03-01',
        name: { nl: 'Zuid-Holland woondeal', en: 'Zuid-Holland housing deal' },
        extends: 'nl-reference',
        rules: [
          {
            id: 'social-share',
            description: { nl: 'Aandeel sociale huur', en: 'Social rent share' },
            measure: { type: 'share', of: 'dwellings.social', in: 'dwellings' },
            unit: '%',
            bands: { pass: { min: 33 }, warn: { min: 30 } },
            hint: { noun: { nl: 'sociale huurwoningen', en: 'social dwellings' } },
            source: { publisher: 'Provincie Zuid-Holland', title: 'Woondeal' },
            status: 'found',
          },
        ],
      }),
      'zh.json',
    )
    expect(set.rules.find((r) => r.id === 'social-share')?.bands.pass.min).toBe(33)
    expect(set.rules).toHaveLength(12)
    expect(registry.get('zuid-holland')).toBe(set)
  })
})
