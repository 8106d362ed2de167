import {
  type Area,
  type AreaId,
  type AreaPatch,
  addArea,
  addBlock,
  type BBox,
  type Block,
  type BlockId,
  type BlockKind,
  type BlockPatch,
  type BlockProgramme,
  changeBlockKind as changeKind,
  deleteArea,
  deleteBlock,
  moveBlock,
  newId,
  type Ring,
  ringBBox,
  rotateBlock,
  setBlockShape,
  setBoard,
  updateArea,
  updateBlock,
  type Vec2,
} from '@gebiedsbord/model'
import { PALETTE, type PaletteId } from '../blocks/catalogue.ts'
import { type Alignment, align, distribute } from '../geometry/arrange.ts'
import { interiorPoint } from '../geometry/hitTest.ts'
import { type BoardSession, cryptoBytes } from './session.ts'

/**
 * The edits a user can make, as plain functions over a session. Each is one transaction with
 * this user's origin and one undo step; each skips silently in a read-only session, so that no
 * caller can write through a view link (the server would refuse it anyway).
 */

/** Places a new block of a palette entry centred at a world point, selects it, and returns its id. */
export function placeBlock(s: BoardSession, paletteId: PaletteId, at: Vec2): BlockId | undefined {
  const item = PALETTE.find((p) => p.id === paletteId)
  if (!item || s.readOnly) return undefined
  const id = newId<BlockId>(cryptoBytes)
  s.edit(() => addBlock(s.doc, item.make(id, at), s.origin))
  s.selection.selectBlocks([id])
  return id
}

/** Moves blocks by a world offset (keyboard nudging, arrange). */
export function moveBlocksBy(s: BoardSession, ids: Iterable<BlockId>, dx: number, dy: number): void {
  s.edit(() => {
    for (const id of ids) {
      const b = s.mirror.blocks.get(id)
      if (b) moveBlock(s.doc, id, [b.x + dx, b.y + dy], s.origin)
    }
  })
}

/** Moves one block's centre to a world point. */
export function moveBlockTo(s: BoardSession, id: BlockId, to: Vec2): void {
  s.edit(() => moveBlock(s.doc, id, to, s.origin))
}

/** Moves a block into an area, to a point well inside it (the keyboard way to move between areas). */
export function moveBlockToArea(s: BoardSession, id: BlockId, areaId: AreaId): void {
  const area = s.mirror.areas.get(areaId)
  if (area) moveBlockTo(s, id, interiorPoint(area.polygon))
}

/** Rotates blocks about their own centres. */
export function rotateBlocksBy(s: BoardSession, ids: Iterable<BlockId>, degrees: number): void {
  s.edit(() => {
    for (const id of ids) {
      const b = s.mirror.blocks.get(id)
      if (b) rotateBlock(s.doc, id, b.rotation + degrees, s.origin)
    }
  })
}

/** Deletes blocks; returns how many there were. */
export function deleteBlocks(s: BoardSession, ids: Iterable<BlockId>): number {
  let n = 0
  s.edit(() => {
    for (const id of ids) if (deleteBlock(s.doc, id, s.origin)) n++
  })
  return n
}

/** Edits a block's properties (the inspector validated them; the model checks again). */
export function updateBlockProps(s: BoardSession, id: BlockId, patch: BlockPatch): void {
  s.edit(() => updateBlock(s.doc, id, patch, s.origin))
}

/**
 * Changes a block's kind (housing to green, say) in place: its own place, footprint, floors, label
 * and party stay, so a concurrent edit by someone else survives; the new kind's properties start at
 * the palette's defaults. One transaction, one undo step.
 */
export function changeBlockKind(s: BoardSession, id: BlockId, kind: BlockKind): void {
  const b = s.mirror.blocks.get(id)
  const item = PALETTE.find((p) => p.make(id, [0, 0]).kind === kind)
  if (!b || !item || b.kind === kind) return
  s.edit(() => changeKind(s.doc, id, programmeOf(item.make(id, [b.x, b.y])), s.origin))
}

/** The kind and kind-specific properties of a block, as the model's changeBlockKind takes them. */
function programmeOf(b: Block): BlockProgramme {
  switch (b.kind) {
    case 'housing':
      return { kind: b.kind, dwellings: b.dwellings, segment: b.segment }
    case 'amenity':
      return { kind: b.kind, use: b.use }
    case 'green':
      return { kind: b.kind, use: b.use }
    case 'parking':
      return { kind: b.kind, places: b.places }
    default:
      return { kind: b.kind }
  }
}

/** Sets a block's width and depth in metres by scaling its footprint along its own axes. */
export function setBlockSize(s: BoardSession, id: BlockId, width: number, depth: number): void {
  const b = s.mirror.blocks.get(id)
  if (!b || !(width > 0 && depth > 0)) return
  const box = ringBBox(b.shape)
  const sx = width / (box.maxX - box.minX)
  const sy = depth / (box.maxY - box.minY)
  const shape: Ring = b.shape.map(([x, y]): Vec2 => [x * sx, y * sy])
  s.edit(() => setBlockShape(s.doc, id, shape, s.origin))
}

/** Sets a block's rotation in degrees. */
export function setBlockRotation(s: BoardSession, id: BlockId, degrees: number): void {
  s.edit(() => rotateBlock(s.doc, id, degrees, s.origin))
}

/** A copied block: everything but its id, with its position kept so a paste can offset it. */
export type BlockTemplate = Omit<Block, 'id'>

/** Copies blocks as templates (for the clipboard). */
export function copyBlocks(s: BoardSession, ids: Iterable<BlockId>): BlockTemplate[] {
  const out: BlockTemplate[] = []
  for (const id of ids) {
    const b = s.mirror.blocks.get(id)
    if (!b) continue
    const { id: _id, ...rest } = b
    out.push(rest)
  }
  return out
}

/**
 * Adds copies of templates, shifted by `offset` metres, selects them and returns their ids.
 * Paste and duplicate both come here.
 */
export function addCopies(s: BoardSession, templates: readonly BlockTemplate[], offset: Vec2): BlockId[] {
  if (s.readOnly || templates.length === 0) return []
  const ids: BlockId[] = []
  s.edit(() => {
    for (const t of templates) {
      const id = newId<BlockId>(cryptoBytes)
      addBlock(s.doc, { ...t, id, x: t.x + offset[0], y: t.y + offset[1] } as Block, s.origin)
      ids.push(id)
    }
  })
  s.selection.selectBlocks(ids)
  return ids
}

/** Duplicates blocks beside the originals (10 m east and south, so the copy is visibly apart). */
export function duplicateBlocks(s: BoardSession, ids: Iterable<BlockId>): BlockId[] {
  return addCopies(s, copyBlocks(s, ids), [10, -10])
}

/** Aligns the selected blocks' boxes. */
export function alignBlocks(
  s: BoardSession,
  ids: Iterable<BlockId>,
  how: Alignment | 'distribute-x' | 'distribute-y',
): void {
  const items: { id: BlockId; box: BBox }[] = []
  for (const id of ids) {
    const box = s.mirror.index.box(id)
    if (box) items.push({ id, box })
  }
  const shifts =
    how === 'distribute-x'
      ? distribute(items, 'x')
      : how === 'distribute-y'
        ? distribute(items, 'y')
        : align(items, how)
  s.edit(() => {
    for (const { id, dx, dy } of shifts) {
      const b = s.mirror.blocks.get(id)
      if (b) moveBlock(s.doc, id, [b.x + dx, b.y + dy], s.origin)
    }
  })
}

/** Adds an area drawn on the map, selects it and returns its id. */
export function addDrawnArea(s: BoardSession, polygon: Ring, name: string): AreaId | undefined {
  if (s.readOnly || polygon.length < 3) return undefined
  const id = newId<AreaId>(cryptoBytes)
  const area: Area = { id, name, polygon }
  s.edit(() => addArea(s.doc, area, s.origin))
  s.selection.selectArea(id)
  return id
}

/** Edits an area's properties or outline. */
export function updateAreaProps(s: BoardSession, id: AreaId, patch: AreaPatch): void {
  s.edit(() => updateArea(s.doc, id, patch, s.origin))
}

/** Deletes an area (its blocks stay where they are). */
export function removeArea(s: BoardSession, id: AreaId): void {
  s.edit(() => deleteArea(s.doc, id, s.origin))
}

/** Renames the board or changes its default norm set. */
export function updateBoard(s: BoardSession, patch: { name?: string; normSetId?: string }): void {
  s.edit(() => setBoard(s.doc, patch, s.origin))
}
