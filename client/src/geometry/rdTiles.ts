import type { BBox, Vec2 } from '@gebiedsbord/model'
import { nearestFirst, type PlacedTile, TILE_SIZE, type TileRef, tileKey } from './tiles.ts'

/**
 * The tile matrix set EPSG:28992 of PDOK's WMTS (the Dutch "Nederlandse richtlijn tiling"): one
 * 256-pixel tile covers the whole extent at level 0, each level halves the resolution, and its top
 * left corner lies where the matrix centre falls on RD New's origin of Amersfoort (155 000,
 * 463 000). Values from PDOK's capabilities (scale denominator 12 288 000 × 0.28 mm = 3440.64 m/px).
 */
export const RD_TILE_MATRIX = {
  /** Top-left corner of every level, in RD New metres. */
  originX: -285_401.92,
  originY: 903_401.92,
  /** Metres per pixel at level 0. */
  resolution0: 3440.64,
  minLevel: 0,
  maxLevel: 14,
} as const

/** PDOK's BRT Achtergrondkaart in RD New, the default base map of boards in RD New. */
export const PDOK_TILE_URL =
  'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:28992/{z}/{x}/{y}.png'
/** The credit PDOK's terms ask for under its base map. */
export const PDOK_ATTRIBUTION = 'Kaartgegevens © Kadaster / PDOK'

/** Metres per tile pixel at a level. */
export const rdResolution = (z: number): number => RD_TILE_MATRIX.resolution0 / 2 ** z

/** Tiles per row and per column at a level. */
const matrixSize = (z: number): number => 2 ** z

/**
 * The level whose tiles show a view of `metresPerPixel` closest to their own size (nearest in
 * log scale, so a tile is drawn between 0.71× and 1.41× its size), within the matrix' levels.
 * Beyond the finest level its tiles are drawn enlarged.
 */
export function rdLevelFor(metresPerPixel: number): number {
  const z = Math.round(Math.log2(RD_TILE_MATRIX.resolution0 / metresPerPixel))
  return Math.min(RD_TILE_MATRIX.maxLevel, Math.max(RD_TILE_MATRIX.minLevel, z))
}

/** The tile a world point lies in at level `z` (it may lie outside the matrix, far from the Netherlands). */
export function rdTileAt(p: Vec2, z: number): TileRef {
  const span = TILE_SIZE * rdResolution(z)
  return {
    z,
    x: Math.floor((p[0] - RD_TILE_MATRIX.originX) / span),
    y: Math.floor((RD_TILE_MATRIX.originY - p[1]) / span),
  }
}

/** The world box a tile covers. */
export function rdTileBox(t: TileRef): BBox {
  const span = TILE_SIZE * rdResolution(t.z)
  const minX = RD_TILE_MATRIX.originX + t.x * span
  const maxY = RD_TILE_MATRIX.originY - t.y * span
  return { minX, maxX: minX + span, minY: maxY - span, maxY }
}

/** A tile placed in the world: its pixels are squares of the level's resolution, y pointing south. */
export function placeRdTile(t: TileRef): PlacedTile {
  const r = rdResolution(t.z)
  const box = rdTileBox(t)
  return { ...t, key: tileKey(t), place: { a: r, b: 0, c: 0, d: -r, e: box.minX, f: box.maxY } }
}

/** The tiles of level `z` that cover a world box, within the matrix, nearest its centre first. */
export function rdTilesCovering(box: BBox, z: number): PlacedTile[] {
  const last = matrixSize(z) - 1
  const topLeft = rdTileAt([box.minX, box.maxY], z)
  const bottomRight = rdTileAt([box.maxX, box.minY], z)
  const tiles: PlacedTile[] = []
  for (let y = Math.max(0, topLeft.y); y <= Math.min(last, bottomRight.y); y++)
    for (let x = Math.max(0, topLeft.x); x <= Math.min(last, bottomRight.x); x++)
      tiles.push(placeRdTile({ z, x, y }))
  const span = TILE_SIZE * rdResolution(z)
  return nearestFirst(tiles, {
    x: ((box.minX + box.maxX) / 2 - RD_TILE_MATRIX.originX) / span,
    y: (RD_TILE_MATRIX.originY - (box.minY + box.maxY) / 2) / span,
  })
}
