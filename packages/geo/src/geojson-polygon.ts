import type { Ring, Vec2 } from '@gebiedsbord/model'
import {
  bad,
  type Checked,
  describeValue,
  geometrySchema,
  jsonKind,
  multiPolygonCoordinatesSchema,
  ok,
  polygonCoordinatesSchema,
} from './geojson-schema.ts'

/** A polygon geometry as read from GeoJSON, before projection: its exterior ring and how many holes it had. */
export interface RawPolygon {
  /** The exterior ring as written (closed), with any third coordinate (height) dropped. */
  readonly exterior: Ring
  readonly holes: number
}

// A closed ring needs three corners and the repeated first position.
const MIN_RING_POSITIONS = 4

/**
 * Reads a Polygon geometry, or a MultiPolygon that holds exactly one polygon: QGIS layers are
 * MultiPolygon by default, so a planner's single outline often arrives wrapped in one.
 */
export function readPolygonGeometry(geometry: unknown): Checked<RawPolygon> {
  if (geometry === undefined || geometry === null) return bad('feature has no geometry')
  const shell = geometrySchema.safeParse(geometry)
  if (!shell.success) return bad(`geometry must be a Polygon, got ${jsonKind(geometry)}`)
  const { type, coordinates } = shell.data
  let rings: number[][][]
  if (type === 'Polygon') {
    const parsed = polygonCoordinatesSchema.safeParse(coordinates)
    if (!parsed.success) return bad(coordinatesProblem(parsed.error.issues[0]?.path ?? []))
    rings = parsed.data
  } else if (type === 'MultiPolygon') {
    const parsed = multiPolygonCoordinatesSchema.safeParse(coordinates)
    if (!parsed.success) return bad(coordinatesProblem(parsed.error.issues[0]?.path ?? []))
    const [only, ...more] = parsed.data
    if (!only || more.length > 0)
      return bad(
        `geometry must be a Polygon, got a MultiPolygon of ${parsed.data.length} polygons (a MultiPolygon is read only when it holds exactly one)`,
      )
    rings = only
  } else {
    return bad(`geometry must be a Polygon, got ${typeof type === 'string' ? type : describeValue(type)}`)
  }
  const [exterior, ...holes] = rings
  if (!exterior) return bad('polygon has no rings')
  const ring = readClosedRing(exterior)
  return ring.ok ? ok({ exterior: ring.value, holes: holes.length }) : bad(ring.message)
}

function coordinatesProblem(path: readonly PropertyKey[]): string {
  const at = path.length > 0 ? ` (at coordinates${path.map((k) => `[${String(k)}]`).join('')})` : ''
  return `polygon coordinates must be rings of [x, y] number positions${at}`
}

function readClosedRing(positions: readonly (readonly number[])[]): Checked<Ring> {
  if (positions.length < MIN_RING_POSITIONS)
    return bad(
      `polygon ring has ${positions.length} positions; at least ${MIN_RING_POSITIONS} are needed (3 corners and the closing position)`,
    )
  const ring = positions.map((p): Vec2 => [p[0] ?? Number.NaN, p[1] ?? Number.NaN])
  const first = ring[0] as Vec2
  const last = ring[ring.length - 1] as Vec2
  if (first[0] !== last[0] || first[1] !== last[1])
    return bad('polygon ring is not closed (first and last positions differ)')
  return ok(ring)
}

// Geometries nest positions at most four arrays deep (MultiPolygon); more is not a plan geometry.
const MAX_NESTING = 4

/**
 * Every [x, y] position in a feature's geometry, whatever its type, without validating it. The
 * crs check looks at all coordinates before any feature is read, so that one file is never read
 * in two crs.
 */
export function positionsOf(feature: unknown): Vec2[] {
  const out: Vec2[] = []
  const geometry = (feature as { geometry?: { coordinates?: unknown } } | null)?.geometry
  const walk = (v: unknown, depth: number): void => {
    if (!Array.isArray(v) || depth > MAX_NESTING) return
    const [x, y] = v
    if (typeof x === 'number' && typeof y === 'number') out.push([x, y])
    else for (const item of v) walk(item, depth + 1)
  }
  if (typeof geometry === 'object' && geometry !== null) walk(geometry.coordinates, 0)
  return out
}
