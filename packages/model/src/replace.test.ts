import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  type Area,
  asAreaId,
  asBlockId,
  asDecisionId,
  asPartyId,
  type Block,
  BoardKey,
  blocksMap,
  boardMap,
  moveBlock,
  type Party,
  type Plan,
  planFromUpdate,
  readDecisions,
  readPlan,
  recordDecision,
  rectangle,
  replacePlan,
  signoffsMap,
  toRecordMap,
  updateBlock,
  writePlan,
} from './index.ts'

const P1 = asPartyId('party-1')
const P2 = asPartyId('party-2')

const area = (id: string, name: string): Area => ({
  id: asAreaId(id),
  name,
  areaType: 'stedelijk',
  polygon: [
    [0, 0],
    [100, 0],
    [100, 100],
    [0, 100],
  ],
})

const block = (id: string, x: number, extra: Partial<Block> = {}): Block =>
  ({
    id: asBlockId(id),
    kind: 'housing',
    dwellings: 40,
    segment: 'social',
    x,
    y: 10,
    rotation: 0,
    shape: rectangle(20, 10),
    floors: 4,
    ...extra,
  }) as Block

const party = (id: Party['id'], name: string): Party => ({ id, name, role: 'developer', colour: '#1f77b4' })

const base: Plan = {
  board: { name: 'Gebiedsbod', frame: { kind: 'rd-new' }, normSetId: 'nl-2024' },
  areas: [area('a1', 'Noord'), area('a2', 'Zuid')],
  blocks: [block('b1', 0, { party: P1, label: 'Blok 1' }), block('b2', 50), block('b3', 90)],
  parties: [party(P1, 'Corporatie'), party(P2, 'Ontwikkelaar')],
}

function docOf(plan: Plan): Y.Doc {
  const doc = new Y.Doc()
  writePlan(doc, plan)
  return doc
}

/** Copies every update of `from` into `to` (one direction of a sync). */
function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

/** The updates a doc emits while `run` runs. */
function updatesDuring(doc: Y.Doc, run: () => void): { update: Uint8Array; origin: unknown }[] {
  const seen: { update: Uint8Array; origin: unknown }[] = []
  const listen = (update: Uint8Array, origin: unknown) => seen.push({ update, origin })
  doc.on('update', listen)
  try {
    run()
  } finally {
    doc.off('update', listen)
  }
  return seen
}

describe('replacePlan', () => {
  it('makes the plan equal to the given one: records deleted, changed and added', () => {
    const doc = docOf(base)
    const next: Plan = {
      board: { name: 'Gebiedsbod, variant B', frame: { kind: 'rd-new' } },
      areas: [{ ...area('a1', 'Noord-West'), areaType: undefined } as unknown as Area, area('a3', 'Oost')],
      blocks: [block('b1', 5), block('b4', 70, { party: P2 })],
      parties: [party(P2, 'Ontwikkelaar BV')],
    }
    replacePlan(doc, next)
    expect(readPlan(doc)).toStrictEqual(readPlan(docOf(next)))
    // Keys the new plan lacks are gone, not left behind: the label and party of b1, the norm set.
    expect(blocksMap(doc).get('b1')?.has('label')).toBe(false)
    expect(blocksMap(doc).get('b1')?.has('party')).toBe(false)
    expect(boardMap(doc).has(BoardKey.normSetId)).toBe(false)
  })

  it('writes nothing when the plan is already the doc', () => {
    const doc = docOf(base)
    expect(updatesDuring(doc, () => replacePlan(doc, readPlan(doc)))).toEqual([])
  })

  it('writes the change in one transaction with the given origin', () => {
    const doc = docOf(base)
    const origin = { restore: 'v1' }
    const seen = updatesDuring(doc, () =>
      replacePlan(doc, { ...base, blocks: base.blocks.filter((b) => b.id !== 'b3') }, origin),
    )
    expect(seen.map((s) => s.origin)).toEqual([origin])
  })

  it('keeps the Y.Map of a record it changes, so that a concurrent edit of another key survives', () => {
    const a = docOf(base)
    const b = new Y.Doc()
    sync(a, b)
    // Replica b moves b1 while a sets b1's dwellings back: both edits are kept after the merge.
    moveBlock(b, asBlockId('b1'), [33, 44])
    const before = readPlan(a).blocks.find((x) => x.id === 'b1')
    replacePlan(a, { ...base, blocks: base.blocks.map((x) => (x.id === 'b1' ? { ...x, dwellings: 12 } : x)) })
    sync(a, b)
    sync(b, a)
    const merged = readPlan(a).blocks.find((x) => x.id === 'b1')
    expect(merged).toMatchObject({ x: 33, y: 44, dwellings: 12, label: before?.label })
    expect(readPlan(b)).toStrictEqual(readPlan(a))
  })

  it('leaves untouched records alone: a concurrent edit of one on another replica survives', () => {
    const a = docOf(base)
    const b = new Y.Doc()
    sync(a, b)
    updateBlock(b, asBlockId('b2'), { label: 'door b hernoemd' })
    moveBlock(b, asBlockId('b3'), [1, 2])
    // The restored plan has b2 and b3 as they are on a (before b's edits): nothing to write for them.
    replacePlan(a, { ...base, areas: [area('a1', 'Noord')] })
    sync(a, b)
    sync(b, a)
    const blocks = readPlan(a).blocks
    expect(blocks.find((x) => x.id === 'b2')?.label).toBe('door b hernoemd')
    expect(blocks.find((x) => x.id === 'b3')).toMatchObject({ x: 1, y: 2 })
    expect(readPlan(a).areas.map((x) => x.id)).toEqual(['a1'])
    expect(readPlan(b)).toStrictEqual(readPlan(a))
  })

  it('leaves decisions, sign-offs, the base map and the schema stamp alone', () => {
    const doc = docOf(base)
    recordDecision(
      doc,
      {
        id: asDecisionId('d1'),
        kind: 'decision',
        text: '30% sociaal',
        author: { name: 'Anna', colour: '#000000' },
      },
      1_700_000_000_000,
    )
    signoffsMap(doc).set('a1|party-1', toRecordMap({ area: 'a1', party: 'party-1', at: 1 }))
    boardMap(doc).set(BoardKey.baseMap, { kind: 'none' })
    const stamp = boardMap(doc).get(BoardKey.schemaVersion)
    const decisions = readDecisions(doc)
    replacePlan(doc, {
      board: { name: 'Leeg', frame: { kind: 'local' } },
      areas: [],
      blocks: [],
      parties: [],
    })
    expect(readPlan(doc)).toStrictEqual({
      board: { name: 'Leeg', frame: { kind: 'local' } },
      areas: [],
      blocks: [],
      parties: [],
    })
    expect(readDecisions(doc)).toStrictEqual(decisions)
    expect(signoffsMap(doc).get('a1|party-1')?.toJSON()).toEqual({ area: 'a1', party: 'party-1', at: 1 })
    expect(boardMap(doc).get(BoardKey.baseMap)).toEqual({ kind: 'none' })
    expect(boardMap(doc).get(BoardKey.schemaVersion)).toBe(stamp)
  })

  it('refuses a plan with an unreadable record and writes nothing', () => {
    const doc = docOf(base)
    const bad = { ...base, blocks: [block('b1', Number.NaN)] }
    expect(updatesDuring(doc, () => expect(() => replacePlan(doc, bad)).toThrow(RangeError))).toEqual([])
    expect(readPlan(doc)).toStrictEqual(readPlan(docOf(base)))
  })

  it('replaces a record that a faulty peer wrote as a plain value', () => {
    const doc = docOf(base)
    ;(blocksMap(doc) as Y.Map<unknown>).set('b2', 'not a record')
    replacePlan(doc, base)
    expect(readPlan(doc)).toStrictEqual(readPlan(docOf(base)))
  })
})

describe('planFromUpdate', () => {
  it('reads the plan a stored update holds, as readPlan reads the doc it came from', () => {
    const doc = docOf(base)
    const plan = planFromUpdate(Y.encodeStateAsUpdate(doc))
    expect(plan).toEqual(readPlan(doc))
    expect(plan.blocks.map((b) => b.id)).toEqual(['b1', 'b2', 'b3'])
  })
})
