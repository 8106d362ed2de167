import { areaFingerprints } from '@gebiedsbord/barcode'
import {
  addBlock,
  asBlockId,
  type BlockId,
  deleteBlock,
  moveBlock,
  readPlan,
  rectangle,
  seededRandom,
  setBoard,
  updateArea,
  updateBlock,
} from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { LiveFingerprints, mirrorAreaFingerprint } from './liveFingerprints.ts'
import { PlanMirror } from './planMirror.ts'
import { NOORD, PRIVATE, SOCIAL, testDoc, ZUID } from './testPlan.ts'

const STRADDLING = asBlockId('straddling')

/** The test plan with a block half in Noord (y ≥ 0) and half outside both areas. */
function docWithStraddler() {
  const doc = testDoc()
  addBlock(doc, {
    id: STRADDLING,
    kind: 'housing',
    segment: 'mid',
    dwellings: 30,
    x: 100,
    y: 0,
    rotation: 0,
    shape: rectangle(40, 20),
    floors: 3,
  })
  return doc
}

describe('live area fingerprints', () => {
  it('equal the whole plan’s fingerprints, blocks across an edge included', () => {
    const doc = docWithStraddler()
    const mirror = new PlanMirror(doc)
    const whole = areaFingerprints(readPlan(doc))
    for (const area of mirror.areas.values())
      expect(mirrorAreaFingerprint(mirror, area)).toBe(whole.get(area.id))
  })

  it('forget an area only when a change can have touched it', () => {
    const doc = testDoc()
    const mirror = new PlanMirror(doc)
    const live = new LiveFingerprints(mirror)
    const results: boolean[] = []
    mirror.changes.subscribe((c) => results.push(live.apply(c)))
    const noord = live.get(NOORD)
    expect(live.size).toBe(1)

    moveBlock(doc, SOCIAL, [120, -220]) // within Zuid, far from Noord
    expect(results.pop()).toBe(false)
    expect(live.size).toBe(1)

    moveBlock(doc, SOCIAL, [100, 100]) // into Noord
    expect(results.pop()).toBe(true)
    expect(live.get(NOORD)).not.toBe(noord)

    moveBlock(doc, SOCIAL, [100, -200]) // and out again: Noord is as it was
    expect(results.pop()).toBe(true)
    expect(live.get(NOORD)).toBe(noord)

    setBoard(doc, { normSetId: 'amsterdam-40-40-20' })
    expect(results.pop()).toBe(true)
    expect(live.get(NOORD)).not.toBe(noord)
  })

  it('stay equal to a full recomputation through random edits (seed 11)', () => {
    const random = seededRandom(11)
    const doc = docWithStraddler()
    const mirror = new PlanMirror(doc)
    const live = new LiveFingerprints(mirror)
    mirror.changes.subscribe((c) => live.apply(c))
    const ids: BlockId[] = [PRIVATE, SOCIAL, STRADDLING]
    for (let step = 0; step < 60; step++) {
      const r = random()
      const id = ids[Math.floor(random() * ids.length)] as BlockId
      const exists = mirror.blocks.has(id)
      if (!exists)
        addBlock(doc, {
          id,
          kind: 'green',
          use: 'park',
          x: random() * 300 - 50,
          y: random() * 600 - 350,
          rotation: 0,
          shape: rectangle(30, 30),
          floors: 1,
        })
      else if (r < 0.5) moveBlock(doc, id, [random() * 300 - 50, random() * 600 - 350])
      else if (r < 0.65) updateBlock(doc, id, { label: `label ${step}` })
      else if (r < 0.8) updateBlock(doc, id, { floors: 1 + Math.floor(random() * 6) })
      else if (r < 0.9) deleteBlock(doc, id)
      else
        updateArea(doc, random() < 0.5 ? NOORD : ZUID, {
          areaType: random() < 0.5 ? 'stedelijk' : 'dorps',
        })
      const whole = areaFingerprints(readPlan(doc))
      expect(live.get(NOORD), `step ${step}`).toBe(whole.get(NOORD))
      expect(live.get(ZUID), `step ${step}`).toBe(whole.get(ZUID))
    }
  })
})
