import { addBlock, asBlockId, deleteBlock, moveBlock, rectangle, updateArea } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BlockRows } from '../ui/blockRows.ts'
import { BarcodeStore } from './barcodeStore.ts'
import type { MirrorChange } from './planMirror.ts'
import { PlanMirror } from './planMirror.ts'
import { NOORD, PRIVATE, SOCIAL, testDoc, ZUID } from './testPlan.ts'

describe('plan mirror', () => {
  it('reads the plan and indexes blocks by area and position', () => {
    const m = new PlanMirror(testDoc())
    expect(m.blocks.size).toBe(2)
    expect(m.areaOf(SOCIAL)).toBe(ZUID)
    expect(m.blocksIn(NOORD).map((b) => b.id)).toEqual([PRIVATE])
    expect(m.blockAt([100, -200])?.id).toBe(SOCIAL)
    expect(m.blockAt([100, -250])).toBeUndefined()
    expect(m.areaAt([10, 10])?.id).toBe(NOORD)
    expect(m.extent()).toEqual({ minX: 0, minY: -300, maxX: 200, maxY: 200 })
  })

  it('follows moves, deletes and reshaped areas, reporting exactly the touched ids', () => {
    const doc = testDoc()
    const m = new PlanMirror(doc)
    const changes: MirrorChange[] = []
    m.changes.subscribe((c) => changes.push(c))
    moveBlock(doc, SOCIAL, [100, 100])
    expect([...(changes[0]?.blocks ?? [])]).toEqual([SOCIAL])
    expect(changes[0]?.local).toBe(true)
    expect(m.areaOf(SOCIAL)).toBe(NOORD)
    expect(m.blocksIn(ZUID)).toEqual([])
    expect(m.blockAt([100, 100])?.id).toBe(SOCIAL)
    // Shrinking Noord leaves the private block (at y 140) outside every area.
    updateArea(doc, NOORD, {
      polygon: [
        [0, 0],
        [200, 0],
        [200, 120],
        [0, 120],
      ],
    })
    expect(m.areaOf(PRIVATE)).toBeNull()
    expect(m.blocksIn(null).map((b) => b.id)).toEqual([PRIVATE])
    deleteBlock(doc, SOCIAL)
    expect(m.blocks.has(SOCIAL)).toBe(false)
    expect(m.blockAt([100, 100])).toBeUndefined()
  })

  it('sees remote updates', () => {
    const a = testDoc()
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const m = new PlanMirror(b)
    const changes: MirrorChange[] = []
    m.changes.subscribe((c) => changes.push(c))
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u, 'remote'))
    addBlock(a, {
      id: asBlockId('new'),
      x: 50,
      y: 50,
      rotation: 0,
      shape: rectangle(10, 10),
      floors: 1,
      kind: 'water',
    })
    expect(m.blocks.get(asBlockId('new'))?.kind).toBe('water')
    expect(changes.at(-1)).toMatchObject({ local: false, origin: 'remote' })
  })
})

describe('live barcode', () => {
  it('turns a rule from fail to pass when a block moves between areas', () => {
    const doc = testDoc()
    const m = new PlanMirror(doc)
    const barcode = new BarcodeStore(m, 'en')
    const noord = () => barcode.report().areas.find((a) => a.id === NOORD)
    const rule = () => noord()?.rules.find((r) => r.id === 'social-share')
    expect(rule()?.status).toBe('fail')
    expect(rule()?.hint).toMatch(/^\+43 social/)
    moveBlock(doc, SOCIAL, [100, 100])
    expect(rule()?.status).toBe('pass')
    barcode.setLang('nl')
    expect(rule()?.description).toMatch(/sociale huur/i)
    barcode.destroy()
  })
})

describe('block list rows', () => {
  it('stay the same objects while blocks only move', () => {
    const doc = testDoc()
    const m = new PlanMirror(doc)
    const rows = new BlockRows()
    const read = () => rows.rows(m, 'all', 100, new Set(), 'nl', (id) => id)
    const first = read()
    expect(first.map((r) => [r.id, r.figure])).toEqual([
      [PRIVATE, '100 wo'],
      [SOCIAL, '120 wo'],
    ])
    moveBlock(doc, SOCIAL, [120, -210])
    expect(read()).toBe(first)
    moveBlock(doc, SOCIAL, [100, 100])
    expect(rows.rows(m, NOORD, 100, new Set(), 'nl', (id) => id).map((r) => r.id)).toEqual([PRIVATE, SOCIAL])
    expect(rows.count).toBe(2)
  })
})
