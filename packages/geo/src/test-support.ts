import { readFileSync } from 'node:fs'
import { type RandomBytes, seededBytes, seededRandom } from '@gebiedsbord/model'

/**
 * Helpers shared by this package's tests (not exported from the package): GeoJSON builders and the
 * fixture files. Kept out of the .test.ts files so each test file reads as a list of cases.
 */

/** A deterministic byte source, so that generated ids are the same on every run. */
export const testRandom = (seed = 1): RandomBytes => seededBytes(seededRandom(seed))

/** Reads a fixture of this package (in packages/geo/fixtures) as parsed JSON. */
export const readFixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'))

/** The WGS84 fixture: three areas in Utrecht (Merwede) and fifteen blocks. */
export const UTRECHT_SAMPLE = 'utrecht-sample.geojson'
/** The same plan as QGIS writes it: RD New with a crs member, MultiPolygons, every column on every feature. */
export const UTRECHT_SAMPLE_RD = 'utrecht-sample-rd.geojson'

// Near Utrecht; 0.001° is about 68 m east–west and 111 m north–south here.
const LON = 5.12
const LAT = 52.09
const STEP = 0.001

/** A closed square ring of `size` × STEP degrees with its south-west corner `col`, `row` steps from LON/LAT. */
export function squareRing(col: number, row: number, size = 1): number[][] {
  const x0 = LON + col * STEP
  const y0 = LAT + row * STEP
  const x1 = x0 + size * STEP
  const y1 = y0 + size * STEP
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ]
}

/** A Polygon geometry of one square ring (see squareRing). */
export const square = (col: number, row: number, size = 1) => ({
  type: 'Polygon',
  coordinates: [squareRing(col, row, size)],
})

/** A GeoJSON feature with the given properties and geometry. */
export const feature = (properties: Record<string, unknown> | null, geometry: unknown = square(0, 0)) => ({
  type: 'Feature',
  properties,
  geometry,
})

/** A FeatureCollection of the given features, with extra top-level members (crs, name). */
export const collection = (features: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'FeatureCollection',
  ...extra,
  features,
})
