import {
  AMENITY_USES,
  type AmenityUse,
  BLOCK_KINDS,
  type Block,
  type BlockKind,
  GREEN_USES,
  type GreenUse,
  type PartyId,
  SEGMENTS,
  type Segment,
} from '@gebiedsbord/model'
import { z } from 'zod'

/**
 * The GeoJSON contract of a plan, checked at the boundary. Structure is checked with zod; the
 * messages are written here because they reach planners in QGIS, who need to know which property
 * of which feature to fix, not which zod path failed.
 */

/** A check that either gives a value or says, in plain words, what is wrong. */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string }

/** A successful check. */
export const ok = <T>(value: T): Checked<T> => ({ ok: true, value })
/** A failed check with its plain-words reason. */
export const bad = <T>(message: string): Checked<T> => ({ ok: false, message })

const MAX_QUOTED_LENGTH = 60

/** A value as it appears in a message: strings quoted, anything else as compact JSON, cut when long. */
export function describeValue(v: unknown): string {
  const text = v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v))
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text
}

/** What kind of JSON value something is, for "expected X, got Y" messages about structure. */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  return `${typeof v} ${describeValue(v)}`
}

/** The outside of a FeatureCollection: only what is needed to read it feature by feature. */
export const featureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
  name: z.unknown().optional(),
  crs: z.unknown().optional(),
})

/** A feature before its properties and geometry are read. Null properties are allowed by RFC 7946. */
export const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.unknown().optional(),
  geometry: z.unknown(),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
})

/** A geometry before its coordinates are read. */
export const geometrySchema = z.object({ type: z.string(), coordinates: z.unknown() })

const position = z.array(z.number()).min(2)
/** Polygon coordinates: rings of positions, the first ring the exterior. */
export const polygonCoordinatesSchema = z.array(z.array(position)).min(1)
export const multiPolygonCoordinatesSchema = z.array(polygonCoordinatesSchema)

/** What a feature of the contract is, from its `type` property. */
export type FeatureType = 'area' | 'block'

/** A feature's properties as found in the file. */
export type Properties = Readonly<Record<string, unknown>>

// QGIS writes null for an empty attribute and some tools write "": both mean "not given".
const isAbsent = (v: unknown): boolean => v === undefined || v === null || v === ''

interface FieldSpec<T> {
  readonly schema: z.ZodType<T>
  /** The rule in words, completing "dwellings must be …". */
  readonly expected: string
}

const wholeNumber: FieldSpec<number> = { schema: z.number().int().min(0), expected: 'a whole number ≥ 0' }
const positiveNumber: FieldSpec<number> = { schema: z.number().positive(), expected: 'a number > 0' }
const text: FieldSpec<string> = { schema: z.string(), expected: 'a text' }
const oneOf = <T extends string>(values: readonly [T, ...T[]]): FieldSpec<T> => ({
  schema: z.enum(values),
  expected: `one of ${values.join(', ')}`,
})

/**
 * Reads an optional property: undefined when absent, else the checked value.
 * `context` is appended to the rule, e.g. "for an amenity block".
 */
function optionalField<T>(
  props: Properties,
  who: FeatureType,
  name: string,
  spec: FieldSpec<T>,
  context = '',
): Checked<T | undefined> {
  const v = props[name]
  if (isAbsent(v)) return ok(undefined)
  const parsed = spec.schema.safeParse(v)
  if (parsed.success) return ok(parsed.data)
  return bad(`${who}: ${name} must be ${spec.expected}${context}, got ${describeValue(v)}`)
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a')

/**
 * Reads a property that a block of this kind must have. `mentionKind` names the kind in the rule
 * too, for properties whose allowed values depend on it (`use`).
 */
function requiredField<T>(
  props: Properties,
  kind: BlockKind,
  name: string,
  spec: FieldSpec<T>,
  mentionKind = false,
): Checked<T> {
  const forKind = ` for ${article(kind)} ${kind} block`
  const read = optionalField(props, 'block', name, spec, mentionKind ? forKind : '')
  if (!read.ok) return bad(read.message)
  if (read.value === undefined) return bad(`missing property "${name}"${forKind}`)
  return ok(read.value)
}

/** Reads `properties.type`, which says whether a feature is an area or a block. */
export function readFeatureType(props: Properties): Checked<FeatureType> {
  const v = props.type
  if (v === 'area' || v === 'block') return ok(v)
  if (isAbsent(v)) return bad('missing property "type" (expected "area" or "block")')
  return bad(`unknown feature type ${describeValue(v)} (expected "area" or "block")`)
}

const idSchema = z.union([z.string().min(1), z.number().finite()])

/**
 * The id a feature gives itself: `properties.id`, else the feature's own `id` member (GDAL and QGIS
 * write one), as text. Undefined when neither is given, so that the caller generates one.
 */
export function readFeatureId(props: Properties, featureId: unknown): Checked<string | undefined> {
  for (const [v, where] of [
    [props.id, 'id'],
    [featureId, 'feature id'],
  ] as const) {
    if (isAbsent(v)) continue
    const parsed = idSchema.safeParse(v)
    if (!parsed.success) return bad(`${where} must be a text or a number, got ${describeValue(v)}`)
    return ok(String(parsed.data))
  }
  return ok(undefined)
}

/** The properties of an area other than its id and outline. */
export interface AreaProperties {
  readonly name?: string
  readonly areaType?: string
  readonly normSetId?: string
  readonly catchment?: string
}

/** Reads an area's properties; all are optional texts (the name falls back to the id). */
export function readAreaProperties(props: Properties): Checked<AreaProperties> {
  const out: Record<string, string> = {}
  for (const [name, key] of [
    ['name', 'name'],
    ['areaType', 'areaType'],
    ['normSet', 'normSetId'],
    ['catchment', 'catchment'],
  ] as const) {
    const read = optionalField(props, 'area', name, text)
    if (!read.ok) return bad(read.message)
    if (read.value !== undefined && read.value !== '') out[key] = read.value
  }
  return ok(out)
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** A block's programme: everything but its id and geometry. */
export type BlockProgramme = DistributiveOmit<Block, 'id' | 'x' | 'y' | 'rotation' | 'shape'>

/** The floors of a block that gives none. */
export const DEFAULT_FLOORS = 1

const kindSpec = oneOf<BlockKind>(BLOCK_KINDS)

/** Reads a block's kind and the properties that kind needs, with the common optional ones. */
export function readBlockProperties(props: Properties): Checked<BlockProgramme> {
  const kind = props.kind
  const expectedKinds = `(expected ${BLOCK_KINDS.join(', ')})`
  if (isAbsent(kind)) return bad(`missing property "kind" for a block ${expectedKinds}`)
  const parsedKind = kindSpec.schema.safeParse(kind)
  if (!parsedKind.success) return bad(`unknown kind ${describeValue(kind)} ${expectedKinds}`)
  const floors = optionalField(props, 'block', 'floors', positiveNumber)
  if (!floors.ok) return bad(floors.message)
  const party = optionalField(props, 'block', 'party', text)
  if (!party.ok) return bad(party.message)
  const label = optionalField(props, 'block', 'label', text)
  if (!label.ok) return bad(label.message)
  const common = {
    floors: floors.value ?? DEFAULT_FLOORS,
    ...(party.value ? { party: party.value as PartyId } : {}),
    ...(label.value ? { label: label.value } : {}),
  }
  switch (parsedKind.data) {
    case 'housing': {
      const dwellings = requiredField(props, 'housing', 'dwellings', wholeNumber)
      if (!dwellings.ok) return bad(dwellings.message)
      const segment = requiredField(props, 'housing', 'segment', oneOf<Segment>(SEGMENTS))
      if (!segment.ok) return bad(segment.message)
      return ok({ kind: 'housing', dwellings: dwellings.value, segment: segment.value, ...common })
    }
    case 'amenity': {
      const use = requiredField(props, 'amenity', 'use', oneOf<AmenityUse>(AMENITY_USES), true)
      return use.ok ? ok({ kind: 'amenity', use: use.value, ...common }) : bad(use.message)
    }
    case 'green': {
      const use = requiredField(props, 'green', 'use', oneOf<GreenUse>(GREEN_USES), true)
      return use.ok ? ok({ kind: 'green', use: use.value, ...common }) : bad(use.message)
    }
    case 'parking': {
      const places = requiredField(props, 'parking', 'places', wholeNumber)
      return places.ok ? ok({ kind: 'parking', places: places.value, ...common }) : bad(places.message)
    }
    case 'work':
      return ok({ kind: 'work', ...common })
    case 'water':
      return ok({ kind: 'water', ...common })
  }
}
