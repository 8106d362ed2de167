import { areasMap, blocksMap, boardMap, moveBlock, partiesMap, readBlock } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { History } from './history.ts'
import { PRIVATE, SOCIAL, testDoc } from './testPlan.ts'

/** Two replicas of one board, each with its user's origin and history, connected both ways. */
function twoUsers() {
  const a = testDoc()
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'from-b' && Y.applyUpdate(b, u, 'from-a'))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'from-a' && Y.applyUpdate(a, u, 'from-b'))
  const scope = (d: Y.Doc) =>
    [boardMap(d), areasMap(d), blocksMap(d), partiesMap(d)] as Y.AbstractType<unknown>[]
  const anna = { doc: a, origin: {}, history: undefined as unknown as History }
  const bram = { doc: b, origin: {}, history: undefined as unknown as History }
  anna.history = new History(scope(a), anna.origin)
  bram.history = new History(scope(b), bram.origin)
  return { anna, bram }
}

describe('per-user undo', () => {
  it('reverts only one’s own edit', () => {
    const { anna, bram } = twoUsers()
    moveBlock(anna.doc, PRIVATE, [10, 10], anna.origin)
    moveBlock(bram.doc, SOCIAL, [150, -150], bram.origin)
    expect(anna.history.get().canUndo).toBe(true)
    anna.history.undo()
    for (const d of [anna.doc, bram.doc]) {
      expect(readBlock(d, PRIVATE)).toMatchObject({ x: 60, y: 140 })
      expect(readBlock(d, SOCIAL)).toMatchObject({ x: 150, y: -150 })
    }
    anna.history.redo()
    expect(readBlock(bram.doc, PRIVATE)).toMatchObject({ x: 10, y: 10 })
  })

  it('makes one step of a whole gesture, however long it pauses', () => {
    const { anna } = twoUsers()
    anna.history.beginGesture()
    for (let i = 1; i <= 30; i++)
      anna.doc.transact(() => moveBlock(anna.doc, PRIVATE, [60 + i, 140], anna.origin), anna.origin)
    anna.history.endGesture()
    moveBlock(anna.doc, SOCIAL, [0, -250], anna.origin)
    anna.history.undo()
    expect(readBlock(anna.doc, SOCIAL)).toMatchObject({ x: 100, y: -200 })
    expect(readBlock(anna.doc, PRIVATE)).toMatchObject({ x: 90, y: 140 })
    anna.history.undo()
    expect(readBlock(anna.doc, PRIVATE)).toMatchObject({ x: 60, y: 140 })
    expect(anna.history.get()).toEqual({ canUndo: false, canRedo: true })
  })
})
