import type { Affine } from './affine.ts'

/** Side of a map tile in pixels: 256 for PDOK's WMTS and for web-mercator services alike. */
export const TILE_SIZE = 256

/** A tile of a tile matrix: level `z`, column `x`, row `y` (rows count down from the top). */
export interface TileRef {
  readonly z: number
  readonly x: number
  readonly y: number
}

/** A tile and where it lies: `place` maps its pixels (x right, y down) to world metres. */
export interface PlacedTile extends TileRef {
  /** `z/x/y`: the same for the same tile of any view, to cache by. */
  readonly key: string
  readonly place: Affine
}

/** The tile's key `z/x/y`. */
export const tileKey = (t: TileRef): string => `${t.z}/${t.x}/${t.y}`

/** The URL of a tile from a template with `{z}`, `{x}` and `{y}` (checked by the model's `tileUrlProblem`). */
export function tileUrl(template: string, t: TileRef): string {
  return template.replaceAll('{z}', String(t.z)).replaceAll('{x}', String(t.x)).replaceAll('{y}', String(t.y))
}

/**
 * Most tiles one view asks for. A view at the matching level needs about (w/256 + 1)·(h/256 + 1)
 * tiles, some 60 on a large screen; the cap only guards against a view far larger than any screen.
 */
export const MAX_TILES_PER_VIEW = 256

/** Tiles in the order to load and keep them: nearest the view's centre first, at most `max`. */
export function nearestFirst<T extends TileRef>(
  tiles: T[],
  centre: { x: number; y: number },
  max = MAX_TILES_PER_VIEW,
): T[] {
  const d = (t: T) => (t.x + 0.5 - centre.x) ** 2 + (t.y + 0.5 - centre.y) ** 2
  return tiles.sort((p, q) => d(p) - d(q)).slice(0, max)
}
