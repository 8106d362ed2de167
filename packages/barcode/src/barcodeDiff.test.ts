import { describe, expect, it } from 'vitest'
import { diffBarcodes } from './barcodeDiff.ts'
import { checkPlan } from './evaluator.ts'
import type { BarcodeReport } from './report.ts'
import { hectare, housing, plan, rectArea } from './testPlans.ts'

// One hectare of stedelijk with 100 dwellings: 26 social, 40 mid, 34 private.
const homes = [
  housing('h-social', { x: 20, y: 20 }, 26, 'social'),
  housing('h-mid', { x: 50, y: 20 }, 40, 'mid'),
  housing('h-private', { x: 80, y: 20 }, 34, 'private'),
]
const before = checkPlan(plan([hectare()], homes))
// The same plan after adding a block of 8 social homes: 34 of 108.
const after = checkPlan(plan([hectare()], [...homes, housing('h-extra', { x: 20, y: 60 }, 8, 'social')]))

describe('diffBarcodes', () => {
  it('social-share 26% → 31.48%, fail → pass, per area and for the plan', () => {
    const d = diffBarcodes(before, after)
    const [area] = d.areas
    expect(area).toMatchObject({ id: 'A', presence: 'both', changed: true })
    expect(area?.rules.find((r) => r.ruleId === 'social-share')).toEqual({
      ruleId: 'social-share',
      description: expect.any(String),
      unit: '%',
      condition: false,
      valueBefore: 26,
      valueAfter: 31.48,
      statusBefore: 'fail',
      statusAfter: 'pass',
      changed: true,
    })
    expect(d.plan.rules.find((r) => r.ruleId === 'social-share')).toMatchObject({
      statusBefore: 'fail',
      statusAfter: 'pass',
    })
  })

  it('lists every status change flat, areas first, then the plan', () => {
    const d = diffBarcodes(before, after)
    // affordable-share: 66/100 = 66% warns (pass from 66.7%); 74/108 = 68.5% passes.
    expect(
      d.statusChanges.map((c) => [
        c.area,
        c.ruleId,
        c.valueBefore,
        c.valueAfter,
        c.statusBefore,
        c.statusAfter,
      ]),
    ).toEqual([
      ['A', 'social-share', 26, 31.48, 'fail', 'pass'],
      ['A', 'affordable-share', 66, 68.52, 'warn', 'pass'],
      [null, 'social-share', 26, 31.48, 'fail', 'pass'],
      [null, 'affordable-share', 66, 68.52, 'warn', 'pass'],
    ])
    expect(d.statusChanges[0]).toMatchObject({ areaName: 'A', unit: '%', condition: false })
  })

  it('marks rules whose value moved without changing status, and leaves unchanged rules unmarked', () => {
    const rules = diffBarcodes(before, after).areas[0]?.rules ?? []
    // mid-share 40% → 37.04%: still passing, but changed.
    expect(rules.find((r) => r.ruleId === 'mid-share')).toMatchObject({
      valueBefore: 40,
      valueAfter: 37.04,
      statusBefore: 'pass',
      statusAfter: 'pass',
      changed: true,
    })
    // No green either side: green-per-dwelling measures 0 both times and fails both times.
    expect(rules.find((r) => r.ruleId === 'green-per-dwelling')).toMatchObject({
      valueBefore: 0,
      valueAfter: 0,
      statusBefore: 'fail',
      statusAfter: 'fail',
      changed: false,
    })
  })

  it('finds no change between a report and itself', () => {
    const d = diffBarcodes(before, before)
    expect(d.statusChanges).toEqual([])
    expect(d.plan.changed).toBe(false)
    expect(d.normSet.changed).toBe(false)
    expect(d.areas.every((a) => !a.changed && a.rules.every((r) => !r.changed))).toBe(true)
  })

  it('reports areas present on one side only as added or removed, without status changes', () => {
    const east = rectArea('B', [200, 0, 300, 100], { areaType: 'stedelijk', name: 'Oost' })
    const withB = checkPlan(
      plan([hectare(), east], [...homes, housing('h-east', { x: 250, y: 50 }, 30, 'social')]),
    )
    const d = diffBarcodes(before, withB)
    const b = d.areas.find((a) => a.id === 'B')
    expect(b).toMatchObject({ name: 'Oost', presence: 'added', statusBefore: null, changed: true })
    expect(b?.statusAfter).toBe(withB.areas.find((a) => a.id === 'B')?.summary.status)
    expect(b?.rules.find((r) => r.ruleId === 'social-share')).toMatchObject({
      valueBefore: null,
      statusBefore: null,
      valueAfter: 100,
      statusAfter: 'pass',
      changed: true,
    })
    expect(d.statusChanges.filter((c) => c.area === 'B')).toEqual([])
    const back = diffBarcodes(withB, before)
    expect(back.areas.map((a) => [a.id, a.presence])).toEqual([
      ['A', 'both'],
      ['B', 'removed'],
    ])
  })

  it('a rule evaluated on one side only (another area type or norm set) is a change, not a status change', () => {
    const area = before.areas[0] as BarcodeReport['areas'][number]
    const withoutMid: BarcodeReport = {
      ...before,
      areas: [{ ...area, rules: area.rules.filter((r) => r.id !== 'mid-share') }],
    }
    const d = diffBarcodes(withoutMid, before)
    expect(d.areas[0]?.rules.find((r) => r.ruleId === 'mid-share')).toMatchObject({
      statusBefore: null,
      statusAfter: 'pass',
      changed: true,
    })
    expect(d.statusChanges).toEqual([])
    // Rules only in the earlier report come after the later report's rules.
    expect(diffBarcodes(before, withoutMid).areas[0]?.rules.at(-1)?.ruleId).toBe('mid-share')
  })

  it('notes a change of norm set', () => {
    const amsterdam = checkPlan(plan([hectare()], homes, 'amsterdam-40-40-20'))
    const d = diffBarcodes(before, amsterdam)
    expect(d.normSet).toMatchObject({
      before: { id: 'nl-reference' },
      after: { id: 'amsterdam-40-40-20' },
      changed: true,
    })
  })
})
