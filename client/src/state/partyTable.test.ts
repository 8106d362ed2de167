import { partyProgramme } from '@gebiedsbord/barcode'
import {
  addParty,
  asBlockId,
  asPartyId,
  type BlockId,
  moveBlock,
  type Party,
  readPlan,
  updateBlock,
} from '@gebiedsbord/model'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { normSets } from './barcodeStore.ts'
import { Cell } from './observable.ts'
import { PartyTableStore, totalRow } from './partyTable.ts'
import { PlanMirror } from './planMirror.ts'
import { NOORD, PRIVATE, SOCIAL, testDoc, ZUID } from './testPlan.ts'

// Ids in the order of the names, so that the store's order (by name) is readPlan's (by id).
const GEMEENTE: Party = {
  id: asPartyId('a-gemeente'),
  name: 'Gemeente',
  role: 'municipality',
  colour: '#7c3aed',
}
const CORPORATIE: Party = {
  id: asPartyId('b-corporatie'),
  name: 'Woonstichting',
  role: 'housing-corporation',
  colour: '#db2777',
}

function setup() {
  const doc = testDoc()
  addParty(doc, GEMEENTE)
  addParty(doc, CORPORATIE)
  updateBlock(doc, PRIVATE, { party: GEMEENTE.id })
  updateBlock(doc, SOCIAL, { party: CORPORATIE.id })
  const mirror = new PlanMirror(doc)
  const gesture = new Cell<ReadonlySet<BlockId>>(new Set())
  const store = new PartyTableStore({ mirror, gesture })
  return { doc, mirror, gesture, store }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('party table', () => {
  it('is the programme of the area or the plan, as partyProgramme gives it for the whole plan', () => {
    const { doc, store } = setup()
    const whole = partyProgramme(readPlan(doc), { registry: normSets() })
    expect(store.table(NOORD)).toEqual(whole.areas.find((a) => a.area === NOORD))
    expect(store.table(ZUID)).toEqual(whole.areas.find((a) => a.area === ZUID))
    expect(store.table(null)).toEqual(whole.plan)
    expect(store.table(asBlockId('nowhere') as never)).toBeNull()
    const zuid = store.table(ZUID)
    expect(zuid?.rows.map((r) => [r.party?.name, r.dwellingsBySegment.social])).toEqual([
      ['Woonstichting', 120],
    ])
    expect(zuid?.rows[0]?.social.ofScope).toBe(100)
  })

  it('reads the total as a row: the scope’s programme and how far it meets its own targets', () => {
    const { doc, store } = setup()
    moveBlock(doc, SOCIAL, [100, 100])
    store.flush()
    const noord = store.table(NOORD)
    if (!noord) throw new Error('no table')
    const total = totalRow(noord)
    expect(total.dwellings).toBe(220)
    expect(total.social.dwellings).toBe(120)
    // The target is the social-share rule's minimum for the area times its dwellings.
    const required = noord.targets.social.requiredDwellings as number
    expect(required).toBeGreaterThan(0)
    expect(total.social.ofRequired).toBeCloseTo((100 * 120) / required, 6)
    expect(total.social.own).toBeCloseTo((100 * 120) / 220, 6)
    const corporatie = noord.rows.find((r) => r.party?.id === CORPORATIE.id)
    expect(corporatie?.social.ofRequired).toBeCloseTo(total.social.ofRequired as number, 1)
  })

  it('follows the plan after a wait, telling listeners once for many changes', () => {
    vi.useFakeTimers()
    const { doc, store } = setup()
    let told = 0
    store.subscribe(() => told++)
    const before = store.table(NOORD)
    for (let i = 0; i < 5; i++) moveBlock(doc, SOCIAL, [100, 100 + i])
    // The same object until the refresh: React's snapshot stays stable meanwhile.
    expect(store.table(NOORD)).toBe(before)
    vi.advanceTimersByTime(300)
    expect(told).toBe(1)
    const after = store.table(NOORD)
    expect(after?.total.dwellingsBySegment).toEqual({ social: 120, mid: 0, private: 100 })
    expect(after?.rows.map((r) => r.party?.id)).toEqual([GEMEENTE.id, CORPORATIE.id])
    expect(store.table(NOORD)).toBe(after)
  })

  it('waits while this user drags, and catches up when the drag ends', () => {
    vi.useFakeTimers()
    const { doc, gesture, store } = setup()
    let told = 0
    store.subscribe(() => told++)
    expect(store.table(NOORD)?.total.dwellings).toBe(100)
    gesture.set(new Set([SOCIAL]))
    moveBlock(doc, SOCIAL, [100, 100])
    vi.advanceTimersByTime(1000)
    expect(told).toBe(0)
    expect(store.table(NOORD)?.total.dwellings).toBe(100)
    gesture.set(new Set())
    vi.advanceTimersByTime(300)
    expect(told).toBe(1)
    expect(store.table(NOORD)?.total.dwellings).toBe(220)
  })
})
