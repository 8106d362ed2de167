import { checkPlan } from '@gebiedsbord/barcode'
import { addArea, asAreaId, readPlan } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { NOORD, testDoc, ZUID } from '../state/testPlan.ts'
import { areasWithUnmetConditions, splitConditions } from './barcodeConditions.ts'

const OOST = asAreaId('oost')

/** The test plan (homes in Noord and Zuid, no green or amenities) and Oost, an area without housing. */
function report() {
  const doc = testDoc()
  addArea(doc, {
    id: OOST,
    name: 'Oost',
    areaType: 'stedelijk',
    polygon: [
      [300, 0],
      [500, 0],
      [500, 200],
      [300, 200],
    ],
  })
  return checkPlan(readPlan(doc), { lang: 'en' })
}

describe('conditions of growth in the barcode panel', () => {
  const r = report()
  const area = (id: string) => r.areas.find((a) => a.id === id)

  it('puts the unmet conditions of an area with housing first, and every other rule after', () => {
    const noord = area(NOORD)
    if (!noord) throw new Error('no Noord')
    const { unmet, others } = splitConditions(noord)
    expect(unmet.map((x) => x.id)).toEqual([
      'green-per-dwelling',
      'play-share',
      'primary-school-m2',
      'gp-fte',
      'childcare-m2',
    ])
    expect(unmet.length).toBe(noord.summary.conditionsUnmet)
    // Ordinary verdicts stay with the other rules, in the set's order: social-share fails in Noord (0%).
    expect(others.map((x) => x.id)).toContain('social-share')
    expect(others.find((x) => x.id === 'social-share')?.status).toBe('fail')
    expect(others.every((x) => !x.condition || x.status === 'pass')).toBe(true)
    expect(unmet.length + others.length).toBe(noord.rules.length)
  })

  it('leaves an area without housing without a conditions section, though play-share fails there', () => {
    const oost = area(OOST)
    if (!oost) throw new Error('no Oost')
    expect(oost.rules.find((x) => x.id === 'play-share')).toMatchObject({ status: 'fail', condition: true })
    expect(splitConditions(oost)).toEqual({ unmet: [], others: oost.rules })
  })

  it('splits the plan barcode the same way', () => {
    expect(splitConditions(r.plan).unmet.map((x) => x.id)).toContain('green-per-dwelling')
  })

  it('lists the areas with unmet conditions by name, for the plan view', () => {
    expect(areasWithUnmetConditions(r.areas)).toEqual([
      { id: NOORD, name: 'Noord', count: 5 },
      { id: ZUID, name: 'Zuid', count: 5 },
    ])
  })
})
