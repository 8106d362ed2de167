import { rdToWgs84, wgs84ToRd } from '@gebiedsbord/geo'
import type { BBox, Vec2 } from '@gebiedsbord/model'
import { nearestFirst, type PlacedTile, TILE_SIZE, type TileRef, tileKey } from './tiles.ts'

/*
 * The `{z}/{x}/{y}` tiles of OpenStreetMap-style services (EPSG:3857, "XYZ"), drawn on a board in
 * RD New. Both projections are conformal, so over one tile the one is the other turned, scaled
 * and shifted to within a fraction of a pixel (at level 12, some 6 km a tile, the curvature
 * differs by well under a metre against 24 m a pixel): each tile is placed by the affine map
 * through three of its corners, projected exactly.
 */

/** Finest level asked for: 19 is the finest most services cut (some 0.2 m a pixel in the Netherlands). */
export const WEB_MERCATOR_MAX_LEVEL = 19
/** Metres a pixel covers at the equator at level 0: the earth's circumference over 256. */
const EQUATOR_RESOLUTION = (2 * Math.PI * 6_378_137) / TILE_SIZE
const DEG = Math.PI / 180
/** Web mercator stops short of the poles, where its y would be infinite. */
const MAX_LATITUDE = 85.051_128_78

/** The fractional tile position of a WGS84 point [longitude, latitude] at level `z`. */
export function lonLatToTile(lonLat: Vec2, z: number): Vec2 {
  const n = 2 ** z
  const lat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lonLat[1])) * DEG
  const x = ((lonLat[0] + 180) / 360) * n
  const y = ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n
  return [x, y]
}

/** The WGS84 point [longitude, latitude] of a fractional tile position at level `z`. */
export function tileToLonLat(t: Vec2, z: number): Vec2 {
  const n = 2 ** z
  const lon = (t[0] / n) * 360 - 180
  const lat = Math.atan(Math.sinh(Math.PI * (1 - (2 * t[1]) / n))) / DEG
  return [lon, lat]
}

/**
 * The level whose pixels are closest (in log scale) to `metresPerPixel` on the ground at a
 * latitude: web-mercator pixels shrink towards the poles by cos(latitude).
 */
export function webMercatorLevelFor(metresPerPixel: number, latitude: number): number {
  const z = Math.round(Math.log2((EQUATOR_RESOLUTION * Math.cos(latitude * DEG)) / metresPerPixel))
  return Math.min(WEB_MERCATOR_MAX_LEVEL, Math.max(0, z))
}

/** A web-mercator tile placed in RD New, through its top-left, top-right and bottom-left corners. */
export function placeWebMercatorTile(t: TileRef): PlacedTile {
  const corner = (dx: number, dy: number) => wgs84ToRd(tileToLonLat([t.x + dx, t.y + dy], t.z))
  const nw = corner(0, 0)
  const ne = corner(1, 0)
  const sw = corner(0, 1)
  return {
    ...t,
    key: tileKey(t),
    place: {
      a: (ne[0] - nw[0]) / TILE_SIZE,
      b: (ne[1] - nw[1]) / TILE_SIZE,
      c: (sw[0] - nw[0]) / TILE_SIZE,
      d: (sw[1] - nw[1]) / TILE_SIZE,
      e: nw[0],
      f: nw[1],
    },
  }
}

/** How many points per box side are projected to find the tiles under it (edges bend slightly). */
const SAMPLES_PER_SIDE = 3

/** The web-mercator tiles of level `z` that cover a box in RD New metres, nearest its centre first. */
export function webMercatorTilesCovering(box: BBox, z: number): PlacedTile[] {
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (let i = 0; i < SAMPLES_PER_SIDE; i++)
    for (let j = 0; j < SAMPLES_PER_SIDE; j++) {
      const f = (k: number) => k / (SAMPLES_PER_SIDE - 1)
      const rd: Vec2 = [box.minX + f(i) * (box.maxX - box.minX), box.minY + f(j) * (box.maxY - box.minY)]
      const [x, y] = lonLatToTile(rdToWgs84(rd), z)
      minX = Math.min(minX, x)
      maxX = Math.max(maxX, x)
      minY = Math.min(minY, y)
      maxY = Math.max(maxY, y)
    }
  if (![minX, minY, maxX, maxY].every(Number.isFinite)) return []
  const last = 2 ** z - 1
  const refs: TileRef[] = []
  for (let y = Math.max(0, Math.floor(minY)); y <= Math.min(last, Math.floor(maxY)); y++)
    for (let x = Math.max(0, Math.floor(minX)); x <= Math.min(last, Math.floor(maxX)); x++)
      refs.push({ z, x, y })
  // Projecting corners costs more than sorting: choose the tiles first, then place them.
  return nearestFirst(refs, { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }).map(placeWebMercatorTile)
}
