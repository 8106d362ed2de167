import { builtinNormSets } from '@gebiedsbord/barcode'
import { describe, expect, it } from 'vitest'
import { normSetsUsed } from './normSetsUsed.ts'
import { bidPlan, north, south } from './testBid.ts'

const registry = builtinNormSets()
const ids = (plan: typeof bidPlan) => normSetsUsed(plan, registry).map((s) => s.id)

describe('normSetsUsed', () => {
  it('is the default set for a board and areas that name none', () => {
    expect(ids(bidPlan)).toEqual(['nl-reference'])
  })

  it('adds an area’s own set after the board’s, each once', () => {
    const areas = [
      { ...north, normSetId: 'amsterdam-40-40-20' },
      { ...south, normSetId: 'amsterdam-40-40-20' },
    ]
    expect(ids({ ...bidPlan, areas })).toEqual(['nl-reference', 'amsterdam-40-40-20'])
    expect(ids({ ...bidPlan, board: { ...bidPlan.board, normSetId: 'amsterdam-40-40-20' } })).toEqual([
      'amsterdam-40-40-20',
    ])
  })

  it('falls back to the default for an unknown set, as the engine does', () => {
    expect(ids({ ...bidPlan, areas: [{ ...north, normSetId: 'gone' }] })).toEqual(['nl-reference'])
  })
})
