/**
 * @gebiedsbord/geo: GeoJSON in and out of a plan, RD New ⇄ WGS84, and planar polygon geometry in
 * metres (point in polygon, intersection area) for the norm engine.
 */
export * from './clip.ts'
export * from './crs.ts'
export * from './errors.ts'
export * from './export.ts'
export { positionsOf, type RawPolygon, readPolygonGeometry } from './geojson-polygon.ts'
export {
  type AreaProperties,
  type BlockProgramme,
  type Checked,
  DEFAULT_FLOORS,
  type FeatureType,
  readAreaProperties,
  readBlockProperties,
  readFeatureId,
  readFeatureType,
} from './geojson-schema.ts'
export * from './import.ts'
export * from './polygon.ts'
export * from './ring.ts'
export * from './segments.ts'
