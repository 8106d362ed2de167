import {
  type AreaId,
  addArea,
  addBlock,
  asAreaId,
  asBlockId,
  type BlockId,
  deleteBlock,
  initBoard,
  moveBlock,
  rectangle,
} from '@gebiedsbord/model'
import * as Y from 'yjs'

/** Ids of the test plan. */
export const NOORD: AreaId = asAreaId('noord')
export const ZUID: AreaId = asAreaId('zuid')
export const SOCIAL: BlockId = asBlockId('social')
export const PRIVATE: BlockId = asBlockId('private')
export const SCHOOL: BlockId = asBlockId('school')

/**
 * A doc with two 200 × 200 m areas (Noord at y 0…200, Zuid at y −300…−100), 100 private homes in
 * Noord and 120 social homes in Zuid: moving the social block north makes Noord's social share pass.
 */
export function testDoc(): Y.Doc {
  const doc = new Y.Doc()
  initBoard(doc, { name: 'Test', frame: { kind: 'local' } })
  const square = (y: number) =>
    [
      [0, y],
      [200, y],
      [200, y + 200],
      [0, y + 200],
    ] as const
  addArea(doc, { id: NOORD, name: 'Noord', areaType: 'stedelijk', polygon: square(0) })
  addArea(doc, { id: ZUID, name: 'Zuid', areaType: 'stedelijk', polygon: square(-300) })
  const common = { rotation: 0, shape: rectangle(40, 20), floors: 4 }
  addBlock(doc, {
    ...common,
    id: PRIVATE,
    x: 60,
    y: 140,
    kind: 'housing',
    segment: 'private',
    dwellings: 100,
  })
  addBlock(doc, {
    ...common,
    id: SOCIAL,
    x: 100,
    y: -200,
    kind: 'housing',
    segment: 'social',
    dwellings: 120,
  })
  return doc
}

/** Adds a 30 × 30 m school in Zuid. */
export function addSchool(doc: Y.Doc): void {
  addBlock(doc, {
    id: SCHOOL,
    x: 150,
    y: -150,
    rotation: 0,
    shape: rectangle(30, 30),
    floors: 2,
    kind: 'amenity',
    use: 'school',
  })
}

/** The test plan after a working session: social homes moved north, a school added, private homes gone. */
export function afterSession(doc: Y.Doc): Y.Doc {
  moveBlock(doc, SOCIAL, [100, 100])
  addSchool(doc)
  deleteBlock(doc, PRIVATE)
  return doc
}
