import { ringArea, seededBytes, seededRandom, type Vec2 } from '@gebiedsbord/model'
import geodesic from 'geographiclib-geodesic'
import { describe, expect, it } from 'vitest'
import { planFromGeoJSON } from './import.ts'

/**
 * Areas in ha are measured on the board as planar areas in RD New metres. RD New is a conformal
 * projection with a scale factor within 1 ± 0.0001 over the Netherlands, so planar areas should
 * match true ellipsoidal areas closely; this holds the whole chain (GeoJSON read, proj4, shoelace)
 * against GeographicLib.
 */
const TOLERANCE = 0.005
const M2_PER_HA = 10_000
const METRES_PER_DEGREE_LAT = 111_200

// A polygon of `sides` corners around a centre, about `ha` hectares, in degrees (lon, lat).
function polygonAround(centre: Vec2, ha: number, sides: number, squash: number): Vec2[] {
  const [lon0, lat0] = centre
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((lat0 * Math.PI) / 180)
  const radius = Math.sqrt((ha * M2_PER_HA) / Math.PI)
  return Array.from({ length: sides }, (_, i): Vec2 => {
    const t = (2 * Math.PI * i) / sides
    // Alternate the radius a little so that the polygons are irregular, some concave.
    const r = radius * (i % 2 === 0 ? 1 : squash)
    return [lon0 + (r * Math.cos(t)) / metresPerDegreeLon, lat0 + (r * Math.sin(t)) / METRES_PER_DEGREE_LAT]
  })
}

function geodesicAreaM2(ring: readonly Vec2[]): number {
  const polygon = geodesic.Geodesic.WGS84.Polygon(false)
  for (const [lon, lat] of ring) polygon.AddPoint(lat, lon)
  return Math.abs(polygon.Compute(false, true).area ?? Number.NaN)
}

const places: [string, Vec2][] = [
  ['Utrecht', [5.1214, 52.0907]],
  ['Groningen', [6.5665, 53.2194]],
  ['Maastricht', [5.6909, 50.8514]],
  ['Vlissingen', [3.5736, 51.4427]],
  ['Den Helder', [4.7593, 52.9563]],
  ['Enschede', [6.8937, 52.2215]],
]
const sizes: [number, number, number][] = [
  // [ha, corners, radius ratio of odd corners]
  [1, 4, 1],
  [12, 7, 0.8],
  [75, 12, 0.6],
  [500, 20, 0.9],
]

describe('area of a WGS84 polygon on the board', () => {
  for (const [place, centre] of places) {
    for (const [ha, sides, squash] of sizes) {
      it(`matches the geodesic area within 0.5% for ${ha} ha near ${place}`, () => {
        const ring = polygonAround(centre, ha, sides, squash)
        const geojson = {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { type: 'area', id: 'A', name: place },
              geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
            },
          ],
        }
        const { plan, problems } = planFromGeoJSON(geojson, { random: seededBytes(seededRandom(1)) })
        expect(problems).toEqual([])
        const board = ringArea(plan.areas[0]?.polygon ?? [])
        const truth = geodesicAreaM2(ring)
        expect(truth / M2_PER_HA).toBeGreaterThan(ha * 0.5)
        expect(Math.abs(board - truth) / truth).toBeLessThan(TOLERANCE)
      })
    }
  }
})
