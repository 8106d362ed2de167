import { builtinNormSets, checkPlan, type NormSet } from '@gebiedsbord/barcode'
import type { Plan } from '@gebiedsbord/model'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { barcodeCsv } from './barcodeCsv.ts'
import { bidPlan, south } from './testBid.ts'

const sets = builtinNormSets()
const nlReference = sets.get('nl-reference') as NormSet
const amsterdam = sets.get('amsterdam-40-40-20') as NormSet
const rows = (text: string, delimiter: string) => parse(text, { delimiter, bom: true }) as string[][]
const find = (body: string[][], scope: string, rule: string) =>
  body.find((r) => r[0] === scope && r[1] === rule)

describe('barcodeCsv', () => {
  const report = checkPlan(bidPlan, { lang: 'nl' })
  const [header, ...body] = rows(barcodeCsv(report, { lang: 'nl', normSets: [nlReference] }), ';')

  it('writes one row per rule of each area and then of the plan', () => {
    expect(header).toEqual([
      'Deel',
      'Regel-id',
      'Norm',
      'Waarde',
      'Eenheid',
      'Voldoet vanaf',
      'Voldoet tot',
      'Bijna vanaf',
      'Bijna tot',
      'Status',
      'Groeivoorwaarde',
      'Nodig (aantal)',
      'Nodig',
      'Bron',
      'Status',
    ])
    const count = report.areas.reduce((n, a) => n + a.rules.length, 0) + report.plan.rules.length
    expect(body).toHaveLength(count)
    expect(body.at(-1)?.[0]).toBe('Hele plan')
  })

  it('social-share: value, bands and source of Noord (90 of 200 social = 45%)', () => {
    expect(find(body, 'Noord', 'social-share')).toEqual([
      'Noord',
      'social-share',
      'Aandeel sociale huur in de nieuwe woningen',
      '45',
      '%',
      '30',
      '',
      '27',
      '',
      'voldoet',
      'nee',
      '',
      '',
      'Aedes / NEPROM; Ministerie van BZK — Six principles for area development; regional housing deals (woondeals) (2022)',
      'gevonden',
    ])
    // 110 of 240 in the plan.
    expect(find(body, 'Hele plan', 'social-share')?.slice(3, 10)).toEqual([
      '45,83',
      '%',
      '30',
      '',
      '27',
      '',
      'voldoet',
    ])
  })

  it('green-per-dwelling: an unmet condition of growth with the amount needed', () => {
    // Noord: 200 dwellings, no green; 75 m² each is 15,000 m². The hint is kept as text in Excel.
    expect(find(body, 'Noord', 'green-per-dwelling')?.slice(3, 13)).toEqual([
      '0',
      'm²/wo',
      '75',
      '',
      '60',
      '',
      'voldoet niet',
      'ja',
      '15000',
      "'+15.000 m² groen",
    ])
  })

  it('primary-school-m2: bands in m² for the catchment’s pupils (240 dwellings × 0.25 = 60)', () => {
    // 6.5 m² per pupil to pass, 5.5 to warn; Noord's 1,600 m² school serves both areas.
    expect(find(body, 'Zuid', 'primary-school-m2')?.slice(3, 11)).toEqual([
      '1600',
      'm²',
      '390',
      '',
      '330',
      '',
      'voldoet',
      'ja',
    ])
  })

  it('parking-per-dwelling: a band with a minimum and a maximum', () => {
    expect(find(body, 'Noord', 'parking-per-dwelling')?.slice(3, 10)).toEqual([
      '0,8',
      'pp/wo',
      '0,8',
      '1,2',
      '0,6',
      '1,4',
      'voldoet',
    ])
  })

  it('reads each area’s bands from its own norm set (Zuid on amsterdam-40-40-20: social 40%)', () => {
    const plan: Plan = {
      ...bidPlan,
      areas: bidPlan.areas.map((a) => (a.id === south.id ? { ...a, normSetId: amsterdam.id } : a)),
    }
    const en = rows(
      barcodeCsv(checkPlan(plan, { lang: 'en' }), { lang: 'en', normSets: [nlReference, amsterdam] }),
      ',',
    )
    expect(en[0]?.slice(0, 4)).toEqual(['Scope', 'Rule id', 'Norm', 'Value'])
    expect(find(en, 'Zuid', 'social-share')?.slice(2, 11)).toEqual([
      'Share of social rent (40-40-20)',
      '50',
      '%',
      '40',
      '',
      '36',
      '',
      'pass',
      'no',
    ])
    expect(find(en, 'Noord', 'social-share')?.slice(5, 8)).toEqual(['30', '', '27'])
    expect(find(en, 'Whole plan', 'social-share')?.[9]).toBe('pass')
  })

  it('leaves the warn band empty when the norm set is not given, rather than guessing', () => {
    const [, ...noSets] = rows(barcodeCsv(report, { lang: 'nl', normSets: [] }), ';')
    expect(find(noSets, 'Noord', 'social-share')?.slice(5, 9)).toEqual(['30', '', '', ''])
  })
})
