import { asBlockId, readBlock } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addCopies,
  alignBlocks,
  changeBlockKind,
  copyBlocks,
  deleteBlocks,
  duplicateBlocks,
  moveBlocksBy,
  moveBlockToArea,
  placeBlock,
  updateBlockProps,
} from './editing.ts'
import { NOORD, PRIVATE, SOCIAL } from './testPlan.ts'
import { destroyTestSessions, testSession as session } from './testSession.ts'

afterEach(destroyTestSessions)

describe('edits', () => {
  it('places a palette block, selects it, and undoes it as one step', () => {
    const s = session()
    const id = placeBlock(s, 'amenity-school', [10, 20])
    expect(id && s.mirror.blocks.get(id)).toMatchObject({ kind: 'amenity', use: 'school', x: 10, y: 20 })
    expect([...s.selection.get().blocks]).toEqual([id])
    s.history.undo()
    expect(id && s.mirror.blocks.has(id)).toBe(false)
  })

  it('moves, duplicates, copies and deletes', () => {
    const s = session()
    moveBlocksBy(s, [PRIVATE, SOCIAL], 5, -5)
    expect(s.mirror.blocks.get(PRIVATE)).toMatchObject({ x: 65, y: 135 })
    const [copy] = duplicateBlocks(s, [PRIVATE])
    expect(copy && s.mirror.blocks.get(copy)).toMatchObject({ x: 75, y: 125, dwellings: 100 })
    const pasted = addCopies(s, copyBlocks(s, [SOCIAL]), [0, 400])
    expect(s.mirror.areaOf(pasted[0] as never)).toBe(NOORD)
    expect(deleteBlocks(s, [PRIVATE, SOCIAL, asBlockId('gone')])).toBe(2)
    expect(s.mirror.blocks.size).toBe(2)
  })

  it('moves a block into an area from the keyboard and aligns a selection', () => {
    const s = session()
    moveBlockToArea(s, SOCIAL, NOORD)
    expect(s.mirror.areaOf(SOCIAL)).toBe(NOORD)
    alignBlocks(s, [PRIVATE, SOCIAL], 'left')
    const a = s.mirror.index.box(PRIVATE)
    const b = s.mirror.index.box(SOCIAL)
    expect(a?.minX).toBeCloseTo(b?.minX as number)
  })

  it('refuses what the model would not read back', () => {
    const s = session()
    expect(() => updateBlockProps(s, PRIVATE, { dwellings: -3 })).toThrow(RangeError)
    expect(() => updateBlockProps(s, PRIVATE, { dwellings: 2.5 })).toThrow(RangeError)
    expect(s.mirror.blocks.get(PRIVATE)).toMatchObject({ dwellings: 100 })
  })

  it('changes a block’s kind, keeping where it is', () => {
    const s = session()
    changeBlockKind(s, PRIVATE, 'green')
    expect(readBlock(s.doc, PRIVATE)).toMatchObject({ kind: 'green', use: 'park', x: 60, y: 140, floors: 4 })
    s.history.undo()
    expect(readBlock(s.doc, PRIVATE)).toMatchObject({ kind: 'housing', dwellings: 100 })
  })

  it('writes nothing through a view link', () => {
    const s = session('view')
    const before = Y.encodeStateVector(s.doc)
    expect(placeBlock(s, 'water', [0, 0])).toBeUndefined()
    moveBlocksBy(s, [PRIVATE], 10, 10)
    deleteBlocks(s, [SOCIAL])
    expect(Y.encodeStateVector(s.doc)).toEqual(before)
  })
})
