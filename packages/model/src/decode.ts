import type { Ring, Vec2 } from './geometry.ts'
import { asAreaId, asBlockId, asPartyId, type PartyId } from './ids.ts'
import {
  AMENITY_USES,
  type AmenityUse,
  type Area,
  type Block,
  GREEN_USES,
  type GreenUse,
  PARTY_ROLES,
  type Party,
  type PartyRole,
  SEGMENTS,
  type Segment,
} from './types.ts'

/**
 * A Y.Doc arrives from the network, so its records are a boundary: any peer with write access could
 * have stored anything. Decoders turn a record into a typed value or say exactly what is wrong.
 */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string }

/** What a decoder reads a record from: a record's Y.Map, or a plain view of one (commands check
 * a record before writing it, so that a bad argument never reaches the shared doc). */
export interface RecordSource {
  get(key: string): unknown
}

// ok, bad and oneOf are shared by the model's other decoders; index.ts does not export them.
export const ok = <T>(value: T): Decoded<T> => ({ ok: true, value })
export const bad = <T>(reason: string): Decoded<T> => ({ ok: false, reason })

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const optString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
export const oneOf = <T extends string>(values: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (values as readonly string[]).includes(v)

/** Checks that a value is a ring of at least three finite [x, y] vertices. */
export function decodeRing(v: unknown): Decoded<Ring> {
  if (!Array.isArray(v)) return bad('polygon is not an array of vertices')
  if (v.length < 3) return bad(`polygon has ${v.length} vertices; at least 3 are needed`)
  const ring: Vec2[] = []
  for (const [i, p] of v.entries()) {
    if (!Array.isArray(p) || p.length < 2 || !isFiniteNumber(p[0]) || !isFiniteNumber(p[1]))
      return bad(`polygon vertex ${i} is not a pair of finite numbers`)
    ring.push([p[0], p[1]])
  }
  return ok(ring)
}

/** Decodes an area record. */
export function decodeArea(id: string, m: RecordSource): Decoded<Area> {
  const polygon = decodeRing(m.get('polygon'))
  if (!polygon.ok) return bad(polygon.reason)
  const name = m.get('name')
  const areaType = optString(m.get('areaType'))
  const normSetId = optString(m.get('normSetId'))
  const catchment = optString(m.get('catchment'))
  // Absent optional properties are left out (not set to undefined), as for blocks and the board.
  return ok({
    id: asAreaId(id),
    name: typeof name === 'string' ? name : '',
    ...(areaType ? { areaType } : {}),
    ...(normSetId ? { normSetId } : {}),
    ...(catchment ? { catchment } : {}),
    polygon: polygon.value,
  })
}

/** Decodes a block record, checking the properties its kind requires. */
export function decodeBlock(id: string, m: RecordSource): Decoded<Block> {
  const shape = decodeRing(m.get('shape'))
  if (!shape.ok) return bad(shape.reason)
  const x = m.get('x')
  const y = m.get('y')
  if (!isFiniteNumber(x) || !isFiniteNumber(y)) return bad('position x/y is not a pair of finite numbers')
  const rotationValue = m.get('rotation')
  const floorsValue = m.get('floors')
  const rotation = isFiniteNumber(rotationValue) ? rotationValue : 0
  const floors = isFiniteNumber(floorsValue) && floorsValue > 0 ? floorsValue : 1
  const blockId = asBlockId(id)
  const ring = shape.value
  // Each kind is built by one object literal, not by spreading a common part: spread-built
  // objects read up to 15× slower in V8, and the norm engine reads every block of a plan.
  let block: Block
  const kind = m.get('kind')
  switch (kind) {
    case 'housing': {
      const dwellings = m.get('dwellings')
      const segment = m.get('segment')
      if (!isFiniteNumber(dwellings) || dwellings < 0 || !Number.isInteger(dwellings))
        return bad('housing block needs dwellings as a whole number ≥ 0')
      if (!oneOf<Segment>(SEGMENTS, segment))
        return bad(`housing block needs segment ${SEGMENTS.join(' | ')}`)
      block = { id: blockId, kind, x, y, rotation, shape: ring, floors, dwellings, segment }
      break
    }
    case 'amenity': {
      const use = m.get('use')
      if (!oneOf<AmenityUse>(AMENITY_USES, use))
        return bad(`amenity block needs use ${AMENITY_USES.join(' | ')}`)
      block = { id: blockId, kind, x, y, rotation, shape: ring, floors, use }
      break
    }
    case 'green': {
      const use = m.get('use')
      if (!oneOf<GreenUse>(GREEN_USES, use)) return bad(`green block needs use ${GREEN_USES.join(' | ')}`)
      block = { id: blockId, kind, x, y, rotation, shape: ring, floors, use }
      break
    }
    case 'parking': {
      const places = m.get('places')
      if (!isFiniteNumber(places) || places < 0 || !Number.isInteger(places))
        return bad('parking block needs places as a whole number ≥ 0')
      block = { id: blockId, kind, x, y, rotation, shape: ring, floors, places }
      break
    }
    case 'work':
    case 'water':
      block = { id: blockId, kind, x, y, rotation, shape: ring, floors }
      break
    default:
      return bad(`unknown block kind ${JSON.stringify(kind)}`)
  }
  const party = optString(m.get('party'))
  const label = optString(m.get('label'))
  const optional = block as { party?: PartyId; label?: string }
  if (party) optional.party = asPartyId(party)
  if (label) optional.label = label
  return ok(block)
}

/** Decodes a party record. */
export function decodeParty(id: string, m: RecordSource): Decoded<Party> {
  const name = m.get('name')
  const role = m.get('role')
  const colour = m.get('colour')
  if (typeof name !== 'string' || name === '') return bad('party needs a name')
  return ok({
    id: asPartyId(id),
    name,
    role: oneOf<PartyRole>(PARTY_ROLES, role) ? role : 'other',
    colour: typeof colour === 'string' ? colour : '#888888',
  })
}
