import { type Block, type HousingBlock, type ParkingBlock, type Plan, rectangle } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { diffPlans } from './planDiff.ts'
import { green, housing, parking, plan, rectArea } from './testPlans.ts'

// Two areas side by side, A west of B, sharing the edge x = 100.
const A = rectArea('A', [0, 0, 100, 100], { areaType: 'stedelijk' })
const B = rectArea('B', [100, 0, 200, 100], { areaType: 'stedelijk' })

const social = housing('h1', { x: 20, y: 20 }, 120, 'social') as HousingBlock
const park = green('g1', { x: 50, y: 50, w: 20, h: 20 })
const garage = parking('p1', { x: 80, y: 80 }, 40) as ParkingBlock

const before: Plan = plan([A, B], [social, park, garage])

const counts = (p: Plan, q: Plan) =>
  Object.fromEntries(diffPlans(p, q).byArea.map(({ area, ...c }) => [area, c]))

describe('diffPlans', () => {
  it('finds nothing between a plan and itself', () => {
    const d = diffPlans(before, before)
    expect(d.board).toEqual([])
    expect(d.blocks).toEqual({ added: [], removed: [], moved: [], changed: [] })
    expect(d.areas).toEqual({ added: [], removed: [], reshaped: [], changed: [] })
    expect(counts(before, before)).toEqual({
      A: { added: 0, moved: 0, removed: 0, changed: 0 },
      B: { added: 0, moved: 0, removed: 0, changed: 0 },
    })
  })

  it('a block dragged from A to B is one move, counted in both areas', () => {
    const after = plan([A, B], [{ ...social, x: 150 }, park, garage])
    const d = diffPlans(before, after)
    expect(d.blocks.moved).toEqual([
      { id: 'h1', before: social, after: { ...social, x: 150 }, changes: ['position'] },
    ])
    expect(d.blocks.changed).toEqual([])
    expect(counts(before, after)).toEqual({
      A: { added: 0, moved: 1, removed: 0, changed: 0 },
      B: { added: 0, moved: 1, removed: 0, changed: 0 },
    })
  })

  it('tells rotation and shape apart from position', () => {
    const after = plan([A, B], [{ ...social, rotation: 90 }, { ...park, shape: rectangle(30, 20) }, garage])
    expect(diffPlans(before, after).blocks.moved.map((m) => [m.id, m.changes])).toEqual([
      ['g1', ['shape']],
      ['h1', ['rotation']],
    ])
  })

  it('lists which other properties changed, also a change of kind', () => {
    const relabelled: Block = { ...social, dwellings: 100, segment: 'mid', label: 'Blok A' }
    const { dwellings: _d, segment: _s, ...common } = social
    const toGreen: Block = { ...common, kind: 'green', use: 'play' }
    const after = plan([A, B], [relabelled, park, { ...garage, x: 120, places: 60 }])
    const d = diffPlans(before, after)
    expect(d.blocks.changed.map((c) => [c.id, c.properties])).toEqual([
      ['h1', ['dwellings', 'label', 'segment']],
      ['p1', ['places']],
    ])
    // The garage also moved: from A into B, so both areas count its move and its change.
    expect(d.blocks.moved.map((m) => m.id)).toEqual(['p1'])
    expect(counts(before, after)).toEqual({
      A: { added: 0, moved: 1, removed: 0, changed: 2 },
      B: { added: 0, moved: 1, removed: 0, changed: 1 },
    })
    const kind = diffPlans(before, plan([A, B], [toGreen, park, garage]))
    expect(kind.blocks.changed[0]?.properties).toEqual(['dwellings', 'kind', 'segment', 'use'])
  })

  it('counts added and removed blocks where they are, a block on the shared edge in both areas', () => {
    const onEdge = housing('h2', { x: 100, y: 50, w: 20 }, 10, 'private')
    const outside = housing('h3', { x: 500, y: 500 }, 10, 'private')
    const after = plan([A, B], [social, park, onEdge, outside])
    const d = diffPlans(before, after)
    expect(d.blocks.added.map((b) => b.id)).toEqual(['h2', 'h3'])
    expect(d.blocks.removed.map((b) => b.id)).toEqual(['p1'])
    expect(counts(before, after)).toEqual({
      A: { added: 1, moved: 0, removed: 1, changed: 0 },
      B: { added: 1, moved: 0, removed: 0, changed: 0 },
    })
  })

  it('reports areas added, removed, reshaped and changed, and counts blocks against each version’s areas', () => {
    const wider = rectArea('A', [0, 0, 120, 100], { areaType: 'stedelijk' })
    const C = rectArea('C', [0, 100, 100, 200])
    const renamedB = { ...B, name: 'Stationskwartier', areaType: 'centrum-stedelijk' }
    const d = diffPlans(
      before,
      plan([wider, renamedB, C], [social, park, garage, green('g2', { x: 50, y: 150 })]),
    )
    expect(d.areas.added.map((a) => a.id)).toEqual(['C'])
    expect(d.areas.removed).toEqual([])
    expect(d.areas.reshaped.map((a) => [a.id, a.properties])).toEqual([['A', ['polygon']]])
    expect(d.areas.changed.map((a) => [a.id, a.properties])).toEqual([['B', ['areaType', 'name']]])
    expect(d.byArea.map((c) => c.area)).toEqual(['A', 'B', 'C'])
    expect(d.byArea.find((c) => c.area === 'C')).toEqual({
      area: 'C',
      added: 1,
      moved: 0,
      removed: 0,
      changed: 0,
    })
    const gone = diffPlans(before, plan([A], [social, park, garage]))
    expect(gone.areas.removed.map((a) => a.id)).toEqual(['B'])
  })

  it('reports changed board properties', () => {
    const after: Plan = { ...before, board: { ...before.board, normSetId: 'amsterdam-40-40-20' } }
    expect(diffPlans(before, after).board).toEqual(['normSetId'])
  })

  it('matches blocks by id whatever order the plans list them in', () => {
    const shuffled = plan([B, A], [garage, park, social])
    const d = diffPlans(before, shuffled)
    expect([...d.blocks.added, ...d.blocks.removed, ...d.blocks.moved, ...d.blocks.changed]).toEqual([])
  })
})
