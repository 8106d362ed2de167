import { deleteBlock, moveBlock, readPlan, updateBlock } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { VersionList } from '../api/versions.ts'
import { visibleBox } from '../geometry/camera.ts'
import {
  type CompareState,
  formatPlanRef,
  PlanCompare,
  type PlanRef,
  type PlanSource,
  parsePlanRef,
  planOptions,
  sideBySide,
} from './compare.ts'
import { addSchool, NOORD, PRIVATE, SCHOOL, SOCIAL, testDoc, ZUID } from './testPlan.ts'

/** Variant "B": Noord's private homes become social rent, a school is added in Zuid, Zuid's social homes go. */
function variantB(): Y.Doc {
  const doc = testDoc()
  updateBlock(doc, PRIVATE, { segment: 'social' })
  addSchool(doc)
  deleteBlock(doc, SOCIAL)
  return doc
}

describe('comparing two versions side by side', () => {
  it('marks blocks added on the right, removed on the left and changed on both', () => {
    const r = sideBySide(readPlan(testDoc()), readPlan(variantB()), 'en')
    expect([...r.marksBefore]).toEqual(
      expect.arrayContaining([
        [PRIVATE, 'changed'],
        [SOCIAL, 'removed'],
      ]),
    )
    expect(r.marksBefore.size).toBe(2)
    expect([...r.marksAfter].sort()).toEqual(
      [
        [PRIVATE, 'changed'],
        [SCHOOL, 'added'],
      ].sort(),
    )
    expect(r.blocks.map((b) => [b.id, b.mark, b.moved, b.properties])).toEqual([
      [PRIVATE, 'changed', false, ['segment']],
      [SCHOOL, 'added', false, []],
      [SOCIAL, 'removed', false, []],
    ])
    // The removed block is listed as it was, the changed one as it is now.
    expect(r.blocks.find((b) => b.id === SOCIAL)?.block).toMatchObject({ segment: 'social', dwellings: 120 })
    expect(r.blocks.find((b) => b.id === PRIVATE)?.block).toMatchObject({ segment: 'social' })
  })

  it('gives social-share per area with its value and status before and after', () => {
    const r = sideBySide(readPlan(testDoc()), readPlan(variantB()), 'en')
    const noord = r.areas.find((a) => a.id === NOORD)
    expect(noord).toMatchObject({ changed: true, blocks: { added: 0, removed: 0, changed: 1, moved: 0 } })
    const share = noord?.rules.find((x) => x.ruleId === 'social-share')
    // Noord's 100 private homes (0% social) are now 100 social homes.
    expect(share).toMatchObject({
      unit: '%',
      valueBefore: 0,
      valueAfter: 100,
      statusBefore: 'fail',
      statusAfter: 'pass',
      changed: true,
    })
    expect(share?.description).toMatch(/social/i)
    expect(r.comparison.areas.find((a) => a.area === NOORD)?.statusChanges.map((c) => c.ruleId)).toContain(
      'social-share',
    )
    // Every rule is in the table, the unchanged ones too.
    expect(noord?.rules.length).toBeGreaterThan(1)
    expect(noord?.rules.some((x) => !x.changed)).toBe(true)
    expect(r.statusBefore.get(NOORD)).toBe('fail')
  })

  it('counts a block moved within an area as changed, and leaves untouched areas unchanged', () => {
    const after = testDoc()
    moveBlock(after, SOCIAL, [120, -180])
    const r = sideBySide(readPlan(testDoc()), readPlan(after), 'nl')
    expect(r.blocks).toMatchObject([{ id: SOCIAL, mark: 'changed', moved: true, properties: [] }])
    expect(r.marksBefore.get(SOCIAL)).toBe('changed')
    expect(r.marksAfter.get(SOCIAL)).toBe('changed')
    const noord = r.areas.find((a) => a.id === NOORD)
    const zuid = r.areas.find((a) => a.id === ZUID)
    expect(noord?.changed).toBe(false)
    expect(zuid).toMatchObject({ changed: true, blocks: { moved: 1 } })
    // Areas that differ come first.
    expect(r.areas.map((a) => a.id)).toEqual([ZUID, NOORD])
  })

  it('finds nothing between a plan and itself', () => {
    const plan = readPlan(testDoc())
    const r = sideBySide(plan, plan, 'en')
    expect(r.blocks).toEqual([])
    expect(r.areas.every((a) => !a.changed && a.rules.every((x) => !x.changed))).toBe(true)
    expect(r.comparison.unchanged).toBe(true)
    expect(r.extent).toEqual({ minX: 0, minY: -300, maxX: 200, maxY: 200 })
  })
})

describe('plans to compare', () => {
  it('writes and reads references to the board, a version and another board', () => {
    const refs: PlanRef[] = [
      { kind: 'current' },
      { kind: 'version', id: 'v1_a-b' },
      { kind: 'board', id: 'AbCd1234' },
    ]
    for (const ref of refs) expect(parsePlanRef(formatPlanRef(ref))).toEqual(ref)
    expect(parsePlanRef(null)).toBeNull()
    expect(parsePlanRef('x:1')).toBeNull()
    expect(parsePlanRef('v:')).toBeNull()
    expect(parsePlanRef('v:a/b')).toBeNull()
  })

  it('offers the board now, its versions, its variants and its parent', () => {
    const list: VersionList = {
      versions: [
        { id: 'vb', name: 'B', at: 2, author: 'Anna' },
        { id: 'va', name: 'A', at: 1, author: 'Anna' },
      ],
      variants: [{ id: 'Variant000000001', name: 'B: meer groen', createdAt: 3, parentVersion: 'va' }],
      parent: { boardId: 'Parent0000000001', versionId: 'p1', versionName: 'Start' },
    }
    expect(planOptions(list, 'Merwedekanaalzone')).toEqual([
      { ref: 'current', kind: 'current', name: '', at: null },
      { ref: 'v:vb', kind: 'version', name: 'B', at: 2 },
      { ref: 'v:va', kind: 'version', name: 'A', at: 1 },
      { ref: 'b:Variant000000001', kind: 'variant', name: 'B: meer groen', at: 3 },
      { ref: 'b:Parent0000000001', kind: 'parent', name: 'Merwedekanaalzone', at: null },
    ])
    expect(planOptions(null, null)).toEqual([{ ref: 'current', kind: 'current', name: '', at: null }])
  })
})

/** Plans by reference, as a server would hold them; unknown references fail as the server's 404. */
function source(plans: Record<string, Y.Doc>): { load: PlanSource; asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    load: async (ref) => {
      const key = formatPlanRef(ref)
      asked.push(key)
      const doc = plans[key]
      if (!doc) throw new Error(`no plan ${key}`)
      return Y.encodeStateAsUpdate(doc)
    },
  }
}

const ready = (s: CompareState) => {
  if (s.status !== 'ready') throw new Error(`not ready: ${JSON.stringify(s)}`)
  return s.result
}

describe('the compare store', () => {
  const A: PlanRef = { kind: 'version', id: 'a' }
  const B: PlanRef = { kind: 'version', id: 'b' }

  it('loads both plans, compares them and fits both maps to them', async () => {
    const { load, asked } = source({ 'v:a': testDoc(), 'v:b': variantB() })
    const c = new PlanCompare(load)
    c.size.set({ width: 500, height: 400 })
    await c.load(A, B, 'en')
    const r = ready(c.state.get())
    expect(asked.sort()).toEqual(['v:a', 'v:b'])
    expect(r.marksAfter.get(SCHOOL)).toBe('added')
    const seen = visibleBox(c.camera.get(), c.size.get())
    expect(seen.minX).toBeLessThanOrEqual(0)
    expect(seen.maxX).toBeGreaterThanOrEqual(200)
    expect(seen.minY).toBeLessThanOrEqual(-300)
    expect(seen.maxY).toBeGreaterThanOrEqual(200)
  })

  it('fits again when the maps are measured, until someone moves the camera', async () => {
    const { load } = source({ 'v:a': testDoc(), 'v:b': variantB() })
    const c = new PlanCompare(load)
    await c.load(A, B, 'en')
    c.size.set({ width: 1000, height: 1000 })
    const fitted = c.camera.get()
    expect(visibleBox(fitted, c.size.get()).maxY).toBeGreaterThanOrEqual(200)
    expect(fitted.scale).toBeGreaterThan(1)
    const moved = { ...fitted, x: fitted.x + 50 }
    c.camera.set(moved)
    c.size.set({ width: 800, height: 600 })
    expect(c.camera.get()).toBe(moved)
  })

  it('zooms both maps to one block', async () => {
    const { load } = source({ 'v:a': testDoc(), 'v:b': variantB() })
    const c = new PlanCompare(load)
    await c.load(A, B, 'en')
    const before = c.camera.get().scale
    const school = ready(c.state.get()).blocks.find((b) => b.id === SCHOOL)
    if (!school) throw new Error('no school')
    c.focus(school.block)
    const seen = visibleBox(c.camera.get(), c.size.get())
    expect(c.camera.get().scale).toBeGreaterThan(before)
    expect(seen.minX).toBeLessThan(150)
    expect(seen.maxX).toBeGreaterThan(150)
    expect(seen.minY).toBeLessThan(-150)
    expect(seen.maxY).toBeGreaterThan(-150)
  })

  it('reports a plan that cannot be loaded, and shows only the latest request', async () => {
    const { load } = source({ 'v:a': testDoc(), 'v:b': variantB(), current: variantB() })
    const c = new PlanCompare(load)
    await c.load(A, { kind: 'version', id: 'gone' }, 'en')
    expect(c.state.get()).toMatchObject({ status: 'error', message: 'no plan v:gone' })
    const first = c.load(A, B, 'en')
    const second = c.load(A, { kind: 'current' }, 'en')
    await Promise.all([first, second])
    expect(c.state.get()).toMatchObject({ status: 'ready', b: { kind: 'current' } })
  })
})
