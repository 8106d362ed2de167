import {
  addArea,
  addBlock,
  asAreaId,
  type BlockId,
  initBoard,
  rectangle,
  setBoard,
  updateArea,
} from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { normSetChanges } from './normSetChanges.ts'

const NOORD = asAreaId('noord')
const square = [
  [0, 0],
  [100, 0],
  [100, 100],
  [0, 100],
] as const

/** A server doc and an editor's doc in sync; `edit` makes a change on the editor's side and returns its update. */
function pair() {
  const server = new Y.Doc()
  const editor = new Y.Doc()
  initBoard(editor, { name: 'Werksessie', frame: { kind: 'local' } })
  addArea(editor, { id: NOORD, name: 'Noord', polygon: square })
  Y.applyUpdate(server, Y.encodeStateAsUpdate(editor))
  const edit = (change: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(editor)
    change(editor)
    return Y.encodeStateAsUpdate(editor, before)
  }
  const apply = (update: Uint8Array) => normSetChanges(server, () => Y.applyUpdate(server, update))
  return { server, edit, apply }
}

describe('norm-set changes read from an applied update', () => {
  it("names the board's set before and after; none before is the default", () => {
    const { edit, apply } = pair()
    expect(apply(edit((d) => setBoard(d, { normSetId: 'amsterdam-40-40-20' })))).toEqual([
      { to: 'amsterdam-40-40-20' },
    ])
    expect(apply(edit((d) => setBoard(d, { normSetId: 'nl-reference' })))).toEqual([
      { from: 'amsterdam-40-40-20', to: 'nl-reference' },
    ])
  })

  it("names an existing area's own set, with the area's id and name, and back to the board's", () => {
    const { edit, apply } = pair()
    expect(apply(edit((d) => updateArea(d, NOORD, { normSetId: 'amsterdam-40-40-20' })))).toEqual([
      { to: 'amsterdam-40-40-20', area: 'noord', areaName: 'Noord' },
    ])
    expect(apply(edit((d) => updateArea(d, NOORD, { normSetId: null, name: 'Noordkwartier' })))).toEqual([
      { from: 'amsterdam-40-40-20', area: 'noord', areaName: 'Noordkwartier' },
    ])
  })

  it('finds nothing in updates that leave the norm sets alone, nor in a new area with its own set', () => {
    const { edit, apply } = pair()
    const block = {
      kind: 'green',
      use: 'park',
      x: 5,
      y: 5,
      rotation: 0,
      shape: rectangle(5, 5),
      floors: 1,
    } as const
    expect(apply(edit((d) => addBlock(d, { ...block, id: 'park000000000001' as BlockId })))).toEqual([])
    expect(apply(edit((d) => updateArea(d, NOORD, { name: 'Noord-West', areaType: 'dorps' })))).toEqual([])
    expect(apply(edit((d) => setBoard(d, { name: 'Bouwoverleg' })))).toEqual([])
    const zuid = asAreaId('zuid')
    expect(
      apply(edit((d) => addArea(d, { id: zuid, name: 'Zuid', normSetId: 'nl-reference', polygon: square }))),
    ).toEqual([])
  })

  it('reports each change of one update: the board and two areas at once', () => {
    const { edit, apply } = pair()
    const west = asAreaId('west')
    apply(edit((d) => addArea(d, { id: west, name: 'West', polygon: square })))
    const update = edit((d) =>
      d.transact(() => {
        setBoard(d, { normSetId: 'amsterdam-40-40-20' })
        updateArea(d, NOORD, { normSetId: 'nl-reference' })
        updateArea(d, west, { normSetId: 'nl-reference' })
      }),
    )
    const changes = apply(update)
    expect(changes).toContainEqual({ to: 'amsterdam-40-40-20' })
    expect(changes).toContainEqual({ to: 'nl-reference', area: 'noord', areaName: 'Noord' })
    expect(changes).toContainEqual({ to: 'nl-reference', area: 'west', areaName: 'West' })
    expect(changes).toHaveLength(3)
  })
})
