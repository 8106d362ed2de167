import {
  type Area,
  asAreaId,
  asBlockId,
  type Block,
  newId,
  type Plan,
  type RandomBytes,
  type Ring,
  ringArea,
  ringCentre,
  type Vec2,
} from '@gebiedsbord/model'
import {
  crsFromMember,
  type GeoCrs,
  inLonLatRange,
  inRdNewExtent,
  RD_NEW_EXTENT,
  RD_NEW_URN,
  wgs84ToRd,
} from './crs.ts'
import { GeoJsonReadError } from './errors.ts'
import { positionsOf, readPolygonGeometry } from './geojson-polygon.ts'
import {
  type AreaProperties,
  type BlockProgramme,
  bad,
  type Checked,
  describeValue,
  featureCollectionSchema,
  featureSchema,
  jsonKind,
  ok,
  readAreaProperties,
  readBlockProperties,
  readFeatureId,
  readFeatureType,
} from './geojson-schema.ts'
import { ringSelfIntersects } from './polygon.ts'
import { counterClockwise, openRing } from './ring.ts'

export interface ImportOptions {
  /** Source of random bytes for the ids of features that bring none. */
  readonly random: RandomBytes
  /** Board name; else the FeatureCollection's `name`, else "Plan". */
  readonly name?: string
}

/** Something wrong with one feature (`feature` is its index in the input) or with the file (`null`). */
export interface ImportProblem {
  feature: number | null
  message: string
}

export interface ImportResult {
  /** The valid features as a plan in RD New metres (`frame: rd-new`), without parties. */
  plan: Plan
  /** Invalid features (left out) and notes on features read with a change (kept), in input order. */
  problems: ImportProblem[]
  /** Area or block id → index of its feature in the input, to point problems found later at a feature. */
  featureIndex: Map<string, number>
  /** The crs the file was read in. */
  crs: GeoCrs
}

/** The board name when neither the caller nor the file gives one. */
export const DEFAULT_PLAN_NAME = 'Plan'

// Below this an outline is a line or a point: it could not hold programme and would divide by zero.
const MIN_POLYGON_AREA_M2 = 0.01
const MIN_CORNERS = 3

type ReadFeature =
  | { readonly type: 'area'; readonly id?: string; readonly props: AreaProperties; readonly ring: Ring }
  | { readonly type: 'block'; readonly id?: string; readonly programme: BlockProgramme; readonly ring: Ring }

/**
 * Reads a GeoJSON plan (the contract in the README: areas and blocks as Polygon features, WGS84 or
 * RD New) into a plan in RD New metres. Invalid features are listed in `problems` and left out, so
 * that one bad feature in a QGIS layer does not hide the check of all the others. Throws
 * GeoJsonReadError only when the file as a whole cannot be read.
 * Polygon holes are ignored (the model's outlines have none) with a note, because subtracting them
 * would make the board show an area other than the one it measures.
 */
export function planFromGeoJSON(input: unknown, options: ImportOptions): ImportResult {
  const collection = readCollection(input)
  const problems: ImportProblem[] = []
  const crs = settleCrs(collection.crs, collection.features, problems)
  const toMetres = (ring: Ring): Ring => (crs === 'wgs84' ? ring.map(wgs84ToRd) : ring)

  const areas: Area[] = []
  const blocks: Block[] = []
  const featureIndex = new Map<string, number>()
  const freshId = (): string => {
    let id: string
    do id = newId(options.random)
    while (featureIndex.has(id))
    return id
  }

  collection.features.forEach((raw, index) => {
    const notes: string[] = []
    const read = readFeature(raw, toMetres, notes)
    if (!read.ok) {
      problems.push({ feature: index, message: read.message })
      return
    }
    const f = read.value
    let id = f.id
    if (id !== undefined && featureIndex.has(id)) {
      if (f.type === 'area') {
        problems.push({ feature: index, message: `duplicate area id ${describeValue(id)}` })
        return
      }
      const taken = id
      id = freshId()
      notes.push(`duplicate block id ${describeValue(taken)}: imported with the new id ${describeValue(id)}`)
    }
    id ??= freshId()
    featureIndex.set(id, index)
    for (const message of notes) problems.push({ feature: index, message })
    if (f.type === 'area') {
      areas.push({ id: asAreaId(id), name: f.props.name ?? id, ...f.props, polygon: f.ring })
    } else {
      const [x, y] = ringCentre(f.ring)
      const shape = f.ring.map(([px, py]): Vec2 => [px - x, py - y])
      blocks.push({ id: asBlockId(id), ...f.programme, x, y, rotation: 0, shape })
    }
  })

  const fileName = typeof collection.name === 'string' && collection.name !== '' ? collection.name : undefined
  return {
    plan: {
      board: { name: options.name ?? fileName ?? DEFAULT_PLAN_NAME, frame: { kind: 'rd-new' } },
      areas,
      blocks,
      parties: [],
    },
    problems,
    featureIndex,
    crs,
  }
}

function readCollection(input: unknown) {
  const parsed = featureCollectionSchema.safeParse(input)
  if (parsed.success) return parsed.data
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new GeoJsonReadError(`GeoJSON input must be a JSON object, got ${jsonKind(input)}`)
  const { type, features } = input as { type?: unknown; features?: unknown }
  if (type !== 'FeatureCollection') {
    const got = type === undefined ? 'an object without "type"' : `type ${describeValue(type)}`
    const hint = type === 'Feature' ? '; wrap the feature in a FeatureCollection' : ''
    throw new GeoJsonReadError(`expected a GeoJSON FeatureCollection, got ${got}${hint}`)
  }
  throw new GeoJsonReadError(`FeatureCollection "features" must be an array, got ${jsonKind(features)}`)
}

const formatPosition = ([x, y]: Vec2): string => `[${x}, ${y}]`

/**
 * Decides the crs of the whole file. RFC 7946 says a file without crs member is WGS84, but GIS
 * exports that drop the member while keeping RD New metres are common: when every position is a
 * plausible RD New position and none is a plausible longitude/latitude, the file is read as RD New
 * with a note, rather than rejected or misplaced.
 */
function settleCrs(crsMember: unknown, features: readonly unknown[], problems: ImportProblem[]): GeoCrs {
  const declared = crsFromMember(crsMember)
  if (declared === 'rd-new') return declared
  let outside: { position: Vec2; feature: number } | undefined
  let allInRdNew = true
  features.forEach((feature, index) => {
    for (const p of positionsOf(feature)) {
      if (!outside && !inLonLatRange(p)) outside = { position: p, feature: index }
      if (!inRdNewExtent(p)) allInRdNew = false
    }
  })
  if (!outside) return 'wgs84'
  const where = `position ${formatPosition(outside.position)} of feature ${outside.feature}`
  if (declared === 'wgs84')
    throw new GeoJsonReadError(
      `${where} is not a WGS84 longitude/latitude (−180…180, −90…90), although the crs says WGS84`,
    )
  if (allInRdNew) {
    problems.push({
      feature: null,
      message: `the file has no crs member, but its coordinates are metres in the RD New range: read as RD New (EPSG:28992); add a crs member "${RD_NEW_URN}" to say so`,
    })
    return 'rd-new'
  }
  const { minX, maxX, minY, maxY } = RD_NEW_EXTENT
  throw new GeoJsonReadError(
    `${where} is not a WGS84 longitude/latitude (−180…180, −90…90), and the file has no crs member; ` +
      `metres are read as RD New only when every position lies in x ${minX}…${maxX}, y ${minY}…${maxY}`,
  )
}

/** Reads one feature: its kind, id, properties and outline in metres (open, counter-clockwise). */
function readFeature(raw: unknown, toMetres: (ring: Ring) => Ring, notes: string[]): Checked<ReadFeature> {
  const feature = featureSchema.safeParse(raw)
  if (!feature.success) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return bad(`feature must be a GeoJSON Feature object, got ${jsonKind(raw)}`)
    const { type, properties } = raw as { type?: unknown; properties?: unknown }
    if (type !== 'Feature') return bad(`feature type must be "Feature", got ${describeValue(type)}`)
    return bad(`feature properties must be an object, got ${jsonKind(properties)}`)
  }
  const props = feature.data.properties
  if (!props) return bad('feature has no properties (expected "type": "area" or "block")')
  const type = readFeatureType(props)
  if (!type.ok) return bad(type.message)
  const id = readFeatureId(props, feature.data.id)
  if (!id.ok) return bad(`${type.value}: ${id.message}`)
  const idPart = id.value === undefined ? {} : { id: id.value }
  if (type.value === 'area') {
    const areaProps = readAreaProperties(props)
    if (!areaProps.ok) return bad(areaProps.message)
    const ring = readOutline(feature.data.geometry, toMetres, notes)
    return ring.ok
      ? ok({ type: 'area', ...idPart, props: areaProps.value, ring: ring.value })
      : bad(ring.message)
  }
  const programme = readBlockProperties(props)
  if (!programme.ok) return bad(programme.message)
  const ring = readOutline(feature.data.geometry, toMetres, notes)
  return ring.ok
    ? ok({ type: 'block', ...idPart, programme: programme.value, ring: ring.value })
    : bad(ring.message)
}

/** A feature's outline as a model ring in metres, checked to be a simple polygon with area. */
function readOutline(geometry: unknown, toMetres: (ring: Ring) => Ring, notes: string[]): Checked<Ring> {
  const polygon = readPolygonGeometry(geometry)
  if (!polygon.ok) return bad(polygon.message)
  const open = openRing(polygon.value.exterior)
  if (open.length < MIN_CORNERS)
    return bad(
      `polygon ring has only ${open.length} distinct ${open.length === 1 ? 'corner' : 'corners'}; at least ${MIN_CORNERS} are needed`,
    )
  const ring = counterClockwise(toMetres(open))
  if (ringSelfIntersects(ring)) return bad('polygon ring intersects itself')
  if (ringArea(ring) < MIN_POLYGON_AREA_M2)
    return bad('polygon ring has no area (its corners are on one line)')
  const holes = polygon.value.holes
  if (holes > 0)
    notes.push(
      `polygon has ${holes} ${holes === 1 ? 'hole' : 'holes'}; holes are ignored and the outer ring is used`,
    )
  return ok(ring)
}
