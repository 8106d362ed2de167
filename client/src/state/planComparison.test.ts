import { readPlan } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { comparePlans } from './planComparison.ts'
import { afterSession, NOORD, SCHOOL, SOCIAL, testDoc, ZUID } from './testPlan.ts'

describe('comparing two states of a plan', () => {
  it('counts block changes per area and names the rules whose status changed', () => {
    const before = readPlan(testDoc())
    const after = readPlan(afterSession(testDoc()))
    const c = comparePlans(before, after, 'en')
    expect(c.unchanged).toBe(false)
    const noord = c.areas.find((a) => a.area === NOORD)
    const zuid = c.areas.find((a) => a.area === ZUID)
    expect(noord).toMatchObject({ name: 'Noord', added: 0, moved: 1, removed: 1, changed: 0 })
    expect(zuid).toMatchObject({ name: 'Zuid', added: 1, moved: 1, removed: 0 })
    // Noord had 100 private homes (0% social); it now has 120 social ones.
    const share = noord?.statusChanges.find((s) => s.ruleId === 'social-share')
    expect(share).toMatchObject({
      statusBefore: 'fail',
      statusAfter: 'pass',
      valueBefore: 0,
      valueAfter: 100,
    })
    expect(share?.description).toMatch(/social/i)
    expect([...c.changedBlocks].sort()).toEqual([SCHOOL, SOCIAL].sort())
  })

  it('reports nothing for the same plan twice', () => {
    const plan = readPlan(testDoc())
    expect(comparePlans(plan, plan, 'nl')).toMatchObject({ unchanged: true, areas: [], changedBlocks: [] })
  })
})
