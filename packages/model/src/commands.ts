import type * as Y from 'yjs'
import {
  type Decoded,
  decodeArea,
  decodeBlock,
  decodeParty,
  decodeRing,
  type RecordSource,
} from './decode.ts'
import type { Ring, Vec2 } from './geometry.ts'
import type { AreaId, BlockId, PartyId } from './ids.ts'
import { migrate } from './migrations.ts'
import { areasMap, BoardKey, blocksMap, boardMap, partiesMap, toRecordMap } from './schema.ts'
import {
  type AmenityUse,
  type Area,
  type AreaPatch,
  type Block,
  type BlockPatch,
  type Board,
  type GreenUse,
  PARTY_ROLES,
  type Party,
  type PartyPatch,
  type Plan,
  type Segment,
} from './types.ts'

/**
 * Commands are plain functions over a Y.Doc. Each runs in one transaction with an optional origin,
 * so that an UndoManager can track one user's edits only. A command on a record that no longer
 * exists (deleted by someone else meanwhile) changes nothing and returns false.
 *
 * A command never writes a record that the decoders would reject: the doc is shared, and a bad
 * value (a NaN from a drag, a green use on an amenity) would make the record unreadable, so gone,
 * for every peer. Such arguments throw a RangeError before anything is written.
 */
type Origin = unknown

const copyRing = (ring: Ring): number[][] => ring.map(([x, y]) => [x, y])

/** Rotation in degrees, normalised to [0, 360). */
const normaliseDegrees = (degrees: number): number => ((degrees % 360) + 360) % 360

/** A plain object seen as a record, to decode it before it is written. */
const view = (props: Record<string, unknown>): RecordSource => ({ get: (k) => props[k] })

function check<T>(what: string, id: string, decoded: Decoded<T>): void {
  if (!decoded.ok) throw new RangeError(`invalid ${what} ${JSON.stringify(id)}: ${decoded.reason}`)
}

/**
 * A record's properties after applying a patch (`null` deletes, `undefined` skips), keeping to the
 * keys a patch may name.
 */
function patched(
  what: string,
  m: RecordSource & { toJSON(): Record<string, unknown> },
  patch: Record<string, unknown>,
  keys: ReadonlySet<string>,
): Record<string, unknown> {
  const next = { ...m.toJSON() }
  for (const [k, v] of Object.entries(patch)) {
    if (!keys.has(k)) throw new RangeError(`${what} patch may not change ${JSON.stringify(k)}`)
    if (v === undefined) continue
    if (v === null) delete next[k]
    else next[k] = v
  }
  return next
}

const AREA_PATCH_KEYS: ReadonlySet<string> = new Set([
  'name',
  'areaType',
  'normSetId',
  'catchment',
  'polygon',
])
const BLOCK_PATCH_KEYS: ReadonlySet<string> = new Set([
  'floors',
  'party',
  'label',
  'dwellings',
  'segment',
  'use',
  'places',
])

function finitePair(what: string, p: Vec2): void {
  if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
    throw new RangeError(`${what} must be finite numbers, got ${p[0]}, ${p[1]}`)
}

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

function areaProps(area: Area): Record<string, unknown> {
  return {
    name: area.name,
    areaType: area.areaType,
    normSetId: area.normSetId,
    catchment: area.catchment,
    polygon: copyRing(area.polygon),
  }
}

function checkArea(area: Area): Record<string, unknown> {
  const props = areaProps(area)
  check('area', area.id, decodeArea(area.id, view(props)))
  return props
}

/** Adds an area (gebied). Throws a RangeError for an area that could not be read back. */
export function addArea(doc: Y.Doc, area: Area, origin?: Origin): void {
  const props = checkArea(area)
  doc.transact(() => areasMap(doc).set(area.id, toRecordMap(props)), origin)
}

/** Edits an area's properties or outline; `null` clears an optional property. */
export function updateArea(doc: Y.Doc, id: AreaId, patch: AreaPatch, origin?: Origin): boolean {
  const m = areasMap(doc).get(id)
  if (!m) return false
  const next = patched('area', m, patch, AREA_PATCH_KEYS)
  // A record that is already unreadable (written by a faulty peer) may still be edited towards repair.
  if (decodeArea(id, m).ok) check('area', id, decodeArea(id, view(next)))
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

function checkBlock(block: Block): Record<string, unknown> {
  const { id: _id, shape, ...rest } = block
  const props = {
    ...rest,
    rotation: Number.isFinite(rest.rotation) ? normaliseDegrees(rest.rotation) : rest.rotation,
    shape: copyRing(shape),
  }
  check('block', block.id, decodeBlock(block.id, view(props)))
  if (!Number.isFinite(block.rotation) || !(Number.isFinite(block.floors) && block.floors > 0))
    throw new RangeError(`invalid block ${JSON.stringify(block.id)}: rotation must be finite and floors > 0`)
  return props
}

/** Places a programme block; its rotation is normalised to [0, 360). Throws a RangeError for a
 * block that could not be read back. */
export function addBlock(doc: Y.Doc, block: Block, origin?: Origin): void {
  const props = checkBlock(block)
  doc.transact(() => blocksMap(doc).set(block.id, toRecordMap(props)), origin)
}

/** Moves a block's centre to a world position in metres. */
export function moveBlock(doc: Y.Doc, id: BlockId, to: Vec2, origin?: Origin): boolean {
  finitePair('a block position', to)
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
 * Factors must be finite and positive (else a RangeError); the shape is replaced as a whole.
 * Returns false, changing nothing, when the block is missing or its stored shape is unreadable.
 */
export function resizeBlock(
  doc: Y.Doc,
  id: BlockId,
  scaleX: number,
  scaleY: number,
  origin?: Origin,
): boolean {
  if (!(Number.isFinite(scaleX) && scaleX > 0 && Number.isFinite(scaleY) && scaleY > 0))
    throw new RangeError(`resize factors must be finite and positive, got ${scaleX}, ${scaleY}`)
  const m = blocksMap(doc).get(id)
  if (!m) return false
  const shape = decodeRing(m.get('shape'))
  if (!shape.ok) return false
  const scaled = shape.value.map(([x, y]): Vec2 => [x * scaleX, y * scaleY])
  check('block', id, decodeRing(scaled))
  doc.transact(() => m.set('shape', copyRing(scaled)), origin)
  return true
}

/** Replaces a block's local footprint (metres relative to its centre). */
export function setBlockShape(doc: Y.Doc, id: BlockId, shape: Ring, origin?: Origin): boolean {
  check('block', id, decodeRing(shape))
  const m = blocksMap(doc).get(id)
  if (!m) return false
  doc.transact(() => m.set('shape', copyRing(shape)), origin)
  return true
}

/** Sets a block's rotation in degrees (counter-clockwise), normalised to [0, 360). */
export function rotateBlock(doc: Y.Doc, id: BlockId, degrees: number, origin?: Origin): boolean {
  if (!Number.isFinite(degrees)) throw new RangeError(`rotation must be a finite number, got ${degrees}`)
  const m = blocksMap(doc).get(id)
  if (!m) return false
  const normalised = normaliseDegrees(degrees)
  doc.transact(() => m.set('rotation', normalised), origin)
  return true
}

/**
 * Edits a block's properties; `null` clears an optional property (label, party).
 * Throws a RangeError for a patch the block's kind cannot take (a green use on an amenity,
 * fractional dwellings, floors ≤ 0).
 */
export function updateBlock(doc: Y.Doc, id: BlockId, patch: BlockPatch, origin?: Origin): boolean {
  const m = blocksMap(doc).get(id)
  if (!m) return false
  const next = patched('block', m, patch, BLOCK_PATCH_KEYS)
  if (patch.floors !== undefined && !(Number.isFinite(patch.floors) && patch.floors > 0))
    throw new RangeError(`floors must be a finite number > 0, got ${patch.floors}`)
  // A record that is already unreadable (written by a faulty peer) may still be edited towards repair.
  if (decodeBlock(id, m).ok) check('block', id, decodeBlock(id, view(next)))
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue
      if (v === null) m.delete(k)
      else m.set(k, v)
    }
  }, origin)
  return true
}

/** A block kind with the properties it requires, e.g. `{ kind: 'housing', dwellings: 120, segment: 'social' }`. */
export type BlockProgramme =
  | { readonly kind: 'housing'; readonly dwellings: number; readonly segment: Segment }
  | { readonly kind: 'amenity'; readonly use: AmenityUse }
  | { readonly kind: 'green'; readonly use: GreenUse }
  | { readonly kind: 'parking'; readonly places: number }
  | { readonly kind: 'work' }
  | { readonly kind: 'water' }

/** The properties that belong to one kind only. */
const KIND_KEYS = ['dwellings', 'segment', 'use', 'places'] as const

/**
 * Changes what a block is (housing to green, say) in place: the new kind and its properties are set
 * and the old kind's removed in one transaction, while position, footprint, floors, label and party
 * stay untouched, so that someone else's concurrent move or rename of the block survives.
 */
export function changeBlockKind(
  doc: Y.Doc,
  id: BlockId,
  programme: BlockProgramme,
  origin?: Origin,
): boolean {
  const m = blocksMap(doc).get(id)
  if (!m) return false
  const next: Record<string, unknown> = { ...m.toJSON() }
  for (const k of KIND_KEYS) delete next[k]
  Object.assign(next, programme)
  check('block', id, decodeBlock(id, view(next)))
  doc.transact(() => {
    for (const k of KIND_KEYS) if (!(k in programme) && m.has(k)) m.delete(k)
    for (const [k, v] of Object.entries(programme)) m.set(k, v)
  }, origin)
  return true
}

/** Removes a block. */
export function deleteBlock(doc: Y.Doc, id: BlockId, origin?: Origin): boolean {
  if (!blocksMap(doc).has(id)) return false
  doc.transact(() => blocksMap(doc).delete(id), origin)
  return true
}

function checkParty(party: Party): void {
  check('party', party.id, decodeParty(party.id, view({ ...party })))
}

/** Adds a party (municipality, corporation, developer …) that can own blocks. */
export function addParty(doc: Y.Doc, party: Party, origin?: Origin): void {
  checkParty(party)
  const { id, ...rest } = party
  doc.transact(() => partiesMap(doc).set(id, toRecordMap(rest)), origin)
}

const PARTY_PATCH_KEYS: ReadonlySet<string> = new Set(['name', 'role', 'colour'])

/**
 * Renames a party, changes its role or colour. Throws a RangeError for a patch the decoder would
 * reject (an empty name) or a key a party does not have.
 */
export function updateParty(doc: Y.Doc, id: PartyId, patch: PartyPatch, origin?: Origin): boolean {
  const m = partiesMap(doc).get(id)
  if (!m) return false
  // A party's properties are all required: none may be cleared.
  for (const [k, v] of Object.entries(patch))
    if (v === null) throw new RangeError(`party ${JSON.stringify(k)} cannot be cleared`)
  const next = patched('party', m, patch, PARTY_PATCH_KEYS)
  if (patch.role !== undefined && !(PARTY_ROLES as readonly string[]).includes(patch.role))
    throw new RangeError(`party role must be ${PARTY_ROLES.join(' | ')}, got ${JSON.stringify(patch.role)}`)
  if (patch.colour !== undefined && (typeof patch.colour !== 'string' || patch.colour.trim() === ''))
    throw new RangeError('party colour must be a non-empty string')
  check('party', id, decodeParty(id, view(next)))
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) m.set(k, v)
  }, origin)
  return true
}

/** Removes a party; blocks keep the id, which then names no party. */
export function deleteParty(doc: Y.Doc, id: PartyId, origin?: Origin): boolean {
  if (!partiesMap(doc).has(id)) return false
  doc.transact(() => partiesMap(doc).delete(id), origin)
  return true
}

/**
 * Writes a whole plan into a doc (a new board from a file), in one transaction. Every record is
 * checked first: a plan with an unreadable record throws a RangeError and writes nothing.
 */
export function writePlan(doc: Y.Doc, plan: Plan, origin?: Origin): void {
  for (const p of plan.parties) checkParty(p)
  for (const a of plan.areas) checkArea(a)
  for (const b of plan.blocks) checkBlock(b)
  doc.transact(() => {
    initBoard(doc, plan.board, origin)
    for (const p of plan.parties) addParty(doc, p, origin)
    for (const a of plan.areas) addArea(doc, a, origin)
    for (const b of plan.blocks) addBlock(doc, b, origin)
  }, origin)
}
