import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addBlock,
  asBlockId,
  type Block,
  blocksMap,
  createPlanUndoManager,
  type DocProblem,
  deleteBlock,
  initBoard,
  moveBlock,
  readBlock,
  readPlan,
  rectangle,
  setBoard,
  updateBlock,
} from './index.ts'

const B1 = asBlockId('b1')
const block: Block = {
  id: B1,
  kind: 'work',
  x: 10,
  y: 20,
  rotation: 0,
  shape: rectangle(10, 10),
  floors: 2,
}
const REMOTE = 'remote'

/** Two replicas of one board, each with its own user and undo manager, synced by hand. */
function twoReplicas(undoFor: (doc: Y.Doc, user: object) => Y.UndoManager) {
  const anna = { user: 'anna' }
  const bram = { user: 'bram' }
  const a = new Y.Doc()
  a.clientID = 1
  const b = new Y.Doc()
  b.clientID = 2
  initBoard(a, { name: 'bord', frame: { kind: 'local' } })
  addBlock(a, block)
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE)
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), REMOTE)
  }
  return { a, b, anna, bram, sync, undoA: undoFor(a, anna), undoB: undoFor(b, bram) }
}

const problems = (doc: Y.Doc): DocProblem[] => {
  const found: DocProblem[] = []
  readPlan(doc, found)
  return found
}

describe('createPlanUndoManager', () => {
  it('undoes and redoes only its own user’s edits, also with remote edits in between', () => {
    const { a, b, anna, bram, sync, undoA } = twoReplicas((doc, user) =>
      createPlanUndoManager(doc, user, { captureTimeout: 0 }),
    )
    moveBlock(a, B1, [100, 100], anna)
    setBoard(a, { name: 'Anna’s naam' }, anna)
    sync()
    updateBlock(b, B1, { label: 'Bram' }, bram)
    sync()
    undoA.undo()
    expect(a.getMap('board').get('name')).toBe('bord')
    undoA.undo()
    sync()
    for (const doc of [a, b]) expect(readBlock(doc, B1)).toMatchObject({ x: 10, y: 20, label: 'Bram' })
    undoA.redo()
    sync()
    for (const doc of [a, b]) expect(readBlock(doc, B1)).toMatchObject({ x: 100, y: 100, label: 'Bram' })
  })

  it('merges edits within the capture timeout into one step', () => {
    const doc = new Y.Doc()
    const anna = { user: 'anna' }
    initBoard(doc, { name: 'bord', frame: { kind: 'local' } })
    addBlock(doc, block)
    const undo = createPlanUndoManager(doc, anna, { captureTimeout: 60_000 })
    moveBlock(doc, B1, [1, 1], anna)
    moveBlock(doc, B1, [2, 2], anna)
    undo.undo()
    expect(readBlock(doc, B1)).toMatchObject({ x: 10, y: 20 })
  })

  it('undoing a delete restores a block someone else had moved meanwhile, whole and readable', () => {
    const { a, b, anna, bram, sync, undoA } = twoReplicas((doc, user) =>
      createPlanUndoManager(doc, user, { captureTimeout: 0 }),
    )
    deleteBlock(a, B1, anna)
    moveBlock(b, B1, [99, 99], bram) // concurrently
    sync()
    undoA.undo()
    sync()
    for (const doc of [a, b]) {
      expect(problems(doc)).toEqual([])
      expect(readBlock(doc, B1)).toStrictEqual(block)
    }
  })

  it('redoing an undone add restores the block as it was when undone, with others’ edits', () => {
    const { a, b, anna, bram, sync, undoA } = twoReplicas((doc, user) =>
      createPlanUndoManager(doc, user, { captureTimeout: 0 }),
    )
    const b2 = { ...block, id: asBlockId('b2') }
    addBlock(a, b2, anna)
    sync()
    moveBlock(b, b2.id, [5, 5], bram)
    sync()
    undoA.undo()
    sync()
    expect(readBlock(b, b2.id)).toBeUndefined()
    undoA.redo()
    sync()
    for (const doc of [a, b]) {
      expect(problems(doc)).toEqual([])
      expect(readBlock(doc, b2.id)).toStrictEqual({ ...b2, x: 5, y: 5 })
    }
  })

  it('(why: a plain UndoManager restores such a block without the properties others changed)', () => {
    // Documents the Yjs behaviour the helper works around; should a Yjs upgrade change it, this
    // test says so and createPlanUndoManager may be revisited.
    const { a, b, anna, bram, sync, undoA } = twoReplicas(
      (doc, user) =>
        new Y.UndoManager(blocksMap(doc), { trackedOrigins: new Set([user]), captureTimeout: 0 }),
    )
    deleteBlock(a, B1, anna)
    moveBlock(b, B1, [99, 99], bram)
    sync()
    undoA.undo()
    sync()
    expect(blocksMap(a).has(B1)).toBe(true)
    expect(problems(a)).toEqual([
      { collection: 'blocks', id: B1, reason: 'position x/y is not a pair of finite numbers' },
    ])
  })
})
