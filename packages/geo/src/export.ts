import { type Area, type Block, blockFootprint, type Plan, type Ring, type Vec2 } from '@gebiedsbord/model'
import { type GeoCrs, RD_NEW_URN, rdToWgs84 } from './crs.ts'
import { GeoJsonWriteError } from './errors.ts'
import { closeRing, counterClockwise } from './ring.ts'

export interface ExportOptions {
  /** `wgs84` writes RFC 7946 GeoJSON (no crs member); `rd-new` writes RD New metres with a crs member, as QGIS does. */
  readonly crs: GeoCrs
}

export type Position = [x: number, y: number]

export interface GeoJsonPolygon {
  type: 'Polygon'
  coordinates: Position[][]
}

export type FeatureProperties = Record<string, string | number>

export interface PlanFeature {
  type: 'Feature'
  properties: FeatureProperties
  geometry: GeoJsonPolygon
}

export interface NamedCrs {
  type: 'name'
  properties: { name: string }
}

/** A plan as GeoJSON in the contract that planFromGeoJSON reads. */
export interface PlanFeatureCollection {
  type: 'FeatureCollection'
  name: string
  crs?: NamedCrs
  features: PlanFeature[]
}

// 1e-7 degree is about 1 cm on the ground, 1 mm in RD New: finer than anyone draws, coarse
// enough to keep files small and free of float noise.
const WGS84_DECIMALS = 7
const RD_NEW_DECIMALS = 3

const rounder = (decimals: number) => {
  const scale = 10 ** decimals
  return (v: number): number => Math.round(v * scale) / scale
}

/**
 * Writes a plan as a GeoJSON FeatureCollection: areas then blocks, each a Polygon with a closed,
 * counter-clockwise exterior (RFC 7946) and the properties of the contract. A block is written as
 * its footprint (`blockFootprint`), so a rotated block comes back unrotated with the same outline.
 * Parties are not written, only the party id of each block. Throws GeoJsonWriteError for a board
 * in a local frame, whose metres have no place on earth.
 */
export function planToGeoJSON(plan: Plan, options: ExportOptions): PlanFeatureCollection {
  if (plan.board.frame.kind !== 'rd-new')
    throw new GeoJsonWriteError(
      `board "${plan.board.name}" has a local frame (no georeference), so it cannot be written as GeoJSON`,
    )
  const round = rounder(options.crs === 'wgs84' ? WGS84_DECIMALS : RD_NEW_DECIMALS)
  const toOutput =
    options.crs === 'wgs84'
      ? (p: Vec2): Vec2 => {
          const [lon, lat] = rdToWgs84(p)
          return [round(lon), round(lat)]
        }
      : (p: Vec2): Vec2 => [round(p[0]), round(p[1])]
  const polygon = (ring: Ring): GeoJsonPolygon => ({
    type: 'Polygon',
    coordinates: [closeRing(counterClockwise(ring.map(toOutput))).map(([x, y]): Position => [x, y])],
  })
  const features: PlanFeature[] = [
    ...plan.areas.map(
      (a): PlanFeature => ({ type: 'Feature', properties: areaProperties(a), geometry: polygon(a.polygon) }),
    ),
    ...plan.blocks.map(
      (b): PlanFeature => ({
        type: 'Feature',
        properties: blockProperties(b),
        geometry: polygon(blockFootprint(b)),
      }),
    ),
  ]
  return {
    type: 'FeatureCollection',
    name: plan.board.name,
    ...(options.crs === 'rd-new' ? { crs: { type: 'name', properties: { name: RD_NEW_URN } } } : {}),
    features,
  }
}

// Optional properties are left out rather than written as null, so that the file reads the same.
const present = (props: Record<string, string | number | undefined>): FeatureProperties => {
  const out: FeatureProperties = {}
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v
  return out
}

function areaProperties(area: Area): FeatureProperties {
  return present({
    type: 'area',
    id: area.id,
    name: area.name,
    areaType: area.areaType,
    normSet: area.normSetId,
    catchment: area.catchment,
  })
}

function blockProperties(block: Block): FeatureProperties {
  const programme = ((): Record<string, string | number> => {
    switch (block.kind) {
      case 'housing':
        return { dwellings: block.dwellings, segment: block.segment }
      case 'amenity':
      case 'green':
        return { use: block.use }
      case 'parking':
        return { places: block.places }
      case 'work':
      case 'water':
        return {}
    }
  })()
  return present({
    type: 'block',
    id: block.id,
    kind: block.kind,
    ...programme,
    floors: block.floors,
    party: block.party,
    label: block.label,
  })
}
