import type * as Y from 'yjs'
import type { Ring, Vec2 } from './geometry.ts'
import type { AreaId, BlockId, PartyId } from './ids.ts'
import { migrate } from './migrations.ts'
import { areasMap, BoardKey, blocksMap, boardMap, partiesMap, type RecordMap, toRecordMap } from './schema.ts'
import type { Area, AreaPatch, Block, BlockPatch, Board, Party, Plan } from './types.ts'

/**
 * Commands are plain functions over a Y.Doc. Each runs in one transaction with an optional origin,
 * so that an UndoManager can track one user's edits only. A command on a record that no longer
 * exists (deleted by someone else meanwhile) changes nothing and returns false.
 */
type Origin = unknown

const copyRing = (ring: Ring): number[][] => ring.map(([x, y]) => [x, y])

/** Makes a doc a v1 board (migrating older docs) and sets its name, frame and default norm set. */
export function initBoard(doc: Y.Doc, board: Board, origin?: Origin): void {
  doc.transact(() => {
    migrate(doc)
    setBoard(doc, board, origin)
  }, origin)
}

/** Updates the board's name, frame or default norm set. */
export function setBoard(doc: Y.Doc, patch: Partial<Board>, origin?: Origin): void {
  doc.transact(() => {
    const m = boardMap(doc)
    if (patch.name !== undefined) m.set(BoardKey.name, patch.name)
    if (patch.frame !== undefined) m.set(BoardKey.frame, { kind: patch.frame.kind })
    if (patch.normSetId !== undefined) m.set(BoardKey.normSetId, patch.normSetId)
  }, origin)
}

function areaRecord(area: Area): RecordMap {
  return toRecordMap({
    name: area.name,
    areaType: area.areaType,
    normSetId: area.normSetId,
    catchment: area.catchment,
    polygon: copyRing(area.polygon),
  })
}

/** Adds an area (gebied). */
export function addArea(doc: Y.Doc, area: Area, origin?: Origin): void {
  doc.transact(() => areasMap(doc).set(area.id, areaRecord(area)), origin)
}

/** Edits an area's properties or outline; `null` clears an optional property. */
export function updateArea(doc: Y.Doc, id: AreaId, patch: AreaPatch, origin?: Origin): boolean {
  const m = areasMap(doc).get(id)
  if (!m) return false
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue
      if (v === null) m.delete(k)
      else m.set(k, k === 'polygon' ? copyRing(v as Ring) : v)
    }
  }, origin)
  return true
}

/** Removes an area; its blocks stay where they are. */
export function deleteArea(doc: Y.Doc, id: AreaId, origin?: Origin): boolean {
  if (!areasMap(doc).has(id)) return false
  doc.transact(() => areasMap(doc).delete(id), origin)
  return true
}

function blockRecord(block: Block): RecordMap {
  const { id: _id, shape, ...rest } = block
  return toRecordMap({ ...rest, shape: copyRing(shape) })
}

/** Places a programme block. */
export function addBlock(doc: Y.Doc, block: Block, origin?: Origin): void {
  doc.transact(() => blocksMap(doc).set(block.id, blockRecord(block)), origin)
}

/** Moves a block's centre to a world position in metres. */
export function moveBlock(doc: Y.Doc, id: BlockId, to: Vec2, origin?: Origin): boolean {
  const m = blocksMap(doc).get(id)
  if (!m) return false
  doc.transact(() => {
    m.set('x', to[0])
    m.set('y', to[1])
  }, origin)
  return true
}

/**
 * Scales a block's footprint about its centre, along its own (unrotated) axes.
 * Factors must be positive; the shape is replaced as a whole.
 */
export function resizeBlock(
  doc: Y.Doc,
  id: BlockId,
  scaleX: number,
  scaleY: number,
  origin?: Origin,
): boolean {
  const m = blocksMap(doc).get(id)
  const shape = m?.get('shape')
  if (!m || !Array.isArray(shape)) return false
  doc.transact(() => {
    m.set(
      'shape',
      (shape as number[][]).map(([x, y]) => [(x ?? 0) * scaleX, (y ?? 0) * scaleY]),
    )
  }, origin)
  return true
}

/** Replaces a block's local footprint (metres relative to its centre). */
export function setBlockShape(doc: Y.Doc, id: BlockId, shape: Ring, origin?: Origin): boolean {
  const m = blocksMap(doc).get(id)
  if (!m) return false
  doc.transact(() => m.set('shape', copyRing(shape)), origin)
  return true
}

/** Sets a block's rotation in degrees (counter-clockwise), normalised to [0, 360). */
export function rotateBlock(doc: Y.Doc, id: BlockId, degrees: number, origin?: Origin): boolean {
  const m = blocksMap(doc).get(id)
  if (!m) return false
  const normalised = ((degrees % 360) + 360) % 360
  doc.transact(() => m.set('rotation', normalised), origin)
  return true
}

/** Edits a block's properties; `null` clears an optional property (label, party). */
export function updateBlock(doc: Y.Doc, id: BlockId, patch: BlockPatch, origin?: Origin): boolean {
  const m = blocksMap(doc).get(id)
  if (!m) return false
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue
      if (v === null) m.delete(k)
      else m.set(k, v)
    }
  }, origin)
  return true
}

/** Removes a block. */
export function deleteBlock(doc: Y.Doc, id: BlockId, origin?: Origin): boolean {
  if (!blocksMap(doc).has(id)) return false
  doc.transact(() => blocksMap(doc).delete(id), origin)
  return true
}

/** Adds a party (municipality, corporation, developer …) that can own blocks. */
export function addParty(doc: Y.Doc, party: Party, origin?: Origin): void {
  const { id, ...rest } = party
  doc.transact(() => partiesMap(doc).set(id, toRecordMap(rest)), origin)
}

/** Removes a party; blocks keep the id, which then names no party. */
export function deleteParty(doc: Y.Doc, id: PartyId, origin?: Origin): boolean {
  if (!partiesMap(doc).has(id)) return false
  doc.transact(() => partiesMap(doc).delete(id), origin)
  return true
}

/** Writes a whole plan into a doc (a new board from a file), in one transaction. */
export function writePlan(doc: Y.Doc, plan: Plan, origin?: Origin): void {
  doc.transact(() => {
    initBoard(doc, plan.board, origin)
    for (const p of plan.parties) addParty(doc, p, origin)
    for (const a of plan.areas) addArea(doc, a, origin)
    for (const b of plan.blocks) addBlock(doc, b, origin)
  }, origin)
}
