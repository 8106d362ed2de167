import { builtinNormSets, METRIC_NAMES, type NormSet } from '@gebiedsbord/barcode'
import { describe, expect, it } from 'vitest'
import type { Translate } from '../i18n/lang.ts'
import { type MessageKey, translate } from '../i18n/messages.ts'
import {
  formatSetDate,
  intervalText,
  metricLabel,
  normSetsInUse,
  ruleDefinitions,
  sourceLine,
} from './normSetDefinitions.ts'

const en: Translate = (key: MessageKey, vars) => translate('en', key, vars)
const nl: Translate = (key: MessageKey, vars) => translate('nl', key, vars)
const registry = builtinNormSets()
const reference = registry.get('nl-reference') as NormSet

const definition = (id: string, lang: 'en' | 'nl' = 'en', set = reference) => {
  const d = ruleDefinitions(set, lang, lang === 'en' ? en : nl).find((r) => r.id === id)
  if (!d) throw new Error(`no rule ${id}`)
  return d
}

describe('the norm sets a board uses', () => {
  it('lists the board set first with the areas that name it, then each other set by id', () => {
    const uses = normSetsInUse(
      'amsterdam-40-40-20',
      [
        { name: 'Zuid', normSetId: 'nl-reference' },
        { name: 'Noord' },
        { name: '', normSetId: 'my-city' },
        { name: 'Oost', normSetId: 'amsterdam-40-40-20' },
        { name: 'Centrum', normSetId: 'nl-reference' },
      ],
      registry,
      'Unnamed area',
    )
    expect(uses.map((u) => [u.id, u.board, u.areas, u.set?.id])).toEqual([
      ['amsterdam-40-40-20', true, ['Oost'], 'amsterdam-40-40-20'],
      ['my-city', false, ['Unnamed area'], undefined],
      ['nl-reference', false, ['Centrum', 'Zuid'], 'nl-reference'],
    ])
  })

  it('takes the shipped default when the board names no set', () => {
    expect(normSetsInUse(undefined, [], registry, '-')).toMatchObject([{ id: 'nl-reference', board: true }])
  })
})

describe('rule definitions', () => {
  it('social-share: what it measures, its bands and a found source', () => {
    expect(definition('social-share')).toMatchObject({
      name: 'Share of social rent in new dwellings',
      measures: 'social-rent dwellings as a share of all dwellings',
      unit: '%',
      pass: '≥ 30%',
      warn: '≥ 27%',
      condition: false,
      catchment: false,
      status: 'found',
      byAreaType: [],
      areaTypes: null,
    })
    expect(definition('social-share').source.text).toBe(
      'Aedes / NEPROM; Ministerie van BZK — Six principles for area development; regional housing deals (woondeals) (2022)',
    )
  })

  it('green-per-dwelling is a condition of growth, per dwelling, in Dutch number format', () => {
    expect(definition('green-per-dwelling', 'nl')).toMatchObject({
      measures: 'm² openbaar groen (parken, speelruimte, sportvelden) per woning',
      pass: '≥ 75 m²/wo',
      warn: '≥ 60 m²/wo',
      condition: true,
    })
  })

  it('play-share reads as a percentage of the gross area', () => {
    expect(definition('play-share')).toMatchObject({
      measures: 'm² play space as a percentage of m² gross area',
      pass: '≥ 3%',
      warn: '≥ 2.5%',
      condition: true,
    })
  })

  it('density lists its bands per area type, with the override status and source where given', () => {
    const d = definition('density', 'nl')
    expect(d.measures).toBe('woningen per hectare bruto')
    expect(d.byAreaType.map((b) => [b.areaType, b.pass, b.warn])).toEqual([
      ['centrum-stedelijk', '≥ 100 wo/ha', '≥ 80 wo/ha'],
      ['stedelijk', '≥ 60 wo/ha', '≥ 50 wo/ha'],
      ['groen-stedelijk', '25 – 35 wo/ha', '20 – 45 wo/ha'],
      ['dorps', '15 – 25 wo/ha', '12 – 30 wo/ha'],
    ])
    expect(d.byAreaType.find((b) => b.areaType === 'dorps')).toMatchObject({
      status: 'estimated',
      source: { text: 'Rule of thumb for village extensions, below the Vinex range' },
    })
    expect(d.byAreaType.find((b) => b.areaType === 'stedelijk')?.status).toBeUndefined()
  })

  it('provision rules state their bands per unit of demand, not as the reported amount', () => {
    expect(definition('primary-school-m2')).toMatchObject({
      measures: 'm² school (GFA) for the primary-school pupils',
      unit: 'm²',
      pass: '≥ 6.5 m² per pupil',
      catchment: true,
      condition: true,
    })
    expect(definition('gp-fte', 'nl')).toMatchObject({
      measures: 'm² huisarts (BVO), 115 per FTE, voor de inwoners',
      pass: '≥ 1 FTE per 2.095 inwoners',
      warn: '≥ 0,8 FTE per 2.095 inwoners',
    })
    expect(definition('sports-hall')).toMatchObject({
      measures: 'sports blocks for the residents',
      pass: '≥ 1 halls per 17,500 residents',
      condition: false,
    })
  })

  it('parking-per-dwelling shows a minimum and a maximum', () => {
    expect(definition('parking-per-dwelling')).toMatchObject({
      pass: '0.8 – 1.2 pp/wo',
      warn: '0.6 – 1.4 pp/wo',
      status: 'estimated',
    })
  })

  it('amsterdam-40-40-20 states its maximum for private-sector dwellings', () => {
    const ams = registry.get('amsterdam-40-40-20') as NormSet
    expect(definition('private-share', 'en', ams)).toMatchObject({ pass: '≤ 20%', warn: '≤ 24%' })
  })

  it('has words for every metric a norm set may name, in both languages', () => {
    for (const name of METRIC_NAMES)
      for (const t of [en, nl]) {
        const label = metricLabel(name, t)
        expect(label, name).not.toMatch(/[{}]|metric\./)
        expect(label.length, name).toBeGreaterThan(2)
      }
    expect(metricLabel('amenityM2.childcare', nl)).toBe('m² kinderopvang (BVO)')
    expect(metricLabel('greenM2.park', en)).toBe('m² green: park')
    // An acronym keeps its capitals mid-sentence.
    expect(metricLabel('amenityM2.gp', en)).toBe('m² GP (GFA)')
  })
})

describe('texts of the definitions page', () => {
  it('writes bands with their bounds', () => {
    expect(intervalText({ min: 0.25 }, 'm²', 'nl')).toBe('≥ 0,25 m²')
    expect(intervalText({ max: 20 }, '%', 'en')).toBe('≤ 20%')
    expect(intervalText({}, '%', 'en')).toBe('')
  })

  it('keeps a source link apart from its text', () => {
    expect(
      sourceLine({ title: 'Groenvisie', publisher: 'Gemeente Amsterdam', url: 'https://example.org/g' }),
    ).toEqual({ text: 'Gemeente Amsterdam — Groenvisie', url: 'https://example.org/g' })
  })

  it('writes the date a set was fixed in words, whatever the time zone', () => {
    expect(formatSetDate('2026-11-23', 'nl')).toBe('23 november 2026')
    expect(formatSetDate('2026-11-23', 'en')).toBe('23 November 2026')
    expect(formatSetDate('soon', 'en')).toBe('soon')
  })
})
