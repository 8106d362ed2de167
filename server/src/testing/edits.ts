import {
  addArea,
  addBlock,
  asBlockId,
  type BlockId,
  blocksMap,
  deleteBlock,
  moveBlock,
  newId,
  rectangle,
  rotateBlock,
  seededBytes,
  updateBlock,
} from '@gebiedsbord/model'
import type * as Y from 'yjs'

/**
 * Makes one random edit of the kinds people make on a board (place, move, rotate, relabel,
 * delete a block; add an area) through the model's commands, driven by a seeded PRNG.
 */
export function randomEdit(doc: Y.Doc, random: () => number): void {
  const ids = [...blocksMap(doc).keys()].sort()
  const pick = (): BlockId | undefined =>
    ids.length > 0 ? asBlockId(ids[Math.floor(random() * ids.length)] as string) : undefined
  const r = random()
  const x = Math.round(random() * 1000)
  const y = Math.round(random() * 1000)
  const target = pick()
  if (r < 0.3 || !target) {
    addBlock(doc, {
      id: newId<BlockId>(seededBytes(random)),
      kind: 'housing',
      dwellings: Math.floor(random() * 200),
      segment: random() < 0.3 ? 'social' : 'private',
      x,
      y,
      rotation: 0,
      shape: rectangle(20 + random() * 40, 10 + random() * 20),
      floors: 1 + Math.floor(random() * 6),
    })
  } else if (r < 0.6) moveBlock(doc, target, [x, y])
  else if (r < 0.7) rotateBlock(doc, target, random() * 360)
  else if (r < 0.85) updateBlock(doc, target, { label: `blok ${Math.floor(random() * 100)}` })
  else if (r < 0.95) deleteBlock(doc, target)
  else
    addArea(doc, {
      id: newId(seededBytes(random)),
      name: `gebied ${Math.floor(random() * 100)}`,
      polygon: [
        [x, y],
        [x + 100, y],
        [x + 100, y + 100],
      ],
    })
}

/** Adds the `n`th of a stream of blocks, through the model's command; their ids sort in creation order. */
export function addNumberedBlock(doc: Y.Doc, n: number): void {
  addBlock(doc, {
    id: `b${String(n).padStart(15, '0')}` as BlockId,
    kind: 'parking',
    places: n,
    x: n,
    y: 0,
    rotation: 0,
    shape: rectangle(5, 5),
    floors: 1,
  })
}
