import {
  type AmenityUse,
  type Block,
  type GreenUse,
  type Ring,
  ringArea,
  type Segment,
  type Vec2,
} from '@gebiedsbord/model'
import type { AreaBlocks } from './links.ts'
import type { BlockFigures } from './metrics.ts'

/**
 * Everything the engine keeps of a block, in one object: its figures (what the sums read), the
 * block itself (to rebuild its footprint when an exact overlap needs it) and the areas it lies in.
 * Entries live until the next load, so each object and each fractional number field (V8 boxes
 * every double held in an object as a heap number of its own) is work for the garbage collector
 * on every full evaluation: the footprint's box is therefore not kept but computed when needed, and
 * the shares are kept by the areas (see links.ts), not by the block.
 */
export interface BlockEntry extends BlockFigures {
  readonly block: Block
  /** The first area the footprint overlaps; null when it overlaps none. */
  area: AreaBlocks | null
  /** Further areas, in the order they were linked; null for the many blocks inside one area. */
  more: AreaBlocks[] | null
}

/** A box the engine fills in place, so that measuring a block allocates none. */
export interface MutableBox {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/** A fresh box to fill. */
export const scratchBox = (): MutableBox => ({ minX: 0, minY: 0, maxX: 0, maxY: 0 })

const DEG = Math.PI / 180

/**
 * Reads a block into its entry and writes its footprint's box into `box`. Every property is read
 * inside the switch, where each read sees blocks of one kind only (one or two shapes); a read
 * shared by all six kinds would be megamorphic and cost several times more per block. All entries
 * are made by one literal, so they share one hidden class and the sums, which run per block per
 * area, stay monomorphic.
 */
export function readBlock(b: Block, box: MutableBox): BlockEntry {
  switch (b.kind) {
    case 'housing':
      footprintBoxOf(b.x, b.y, b.rotation, b.shape, box)
      return entry(b, b.id, b.kind, b.shape, b.floors, b.dwellings, b.segment, 'park', 0)
    case 'amenity':
      footprintBoxOf(b.x, b.y, b.rotation, b.shape, box)
      return entry(b, b.id, b.kind, b.shape, b.floors, 0, 'social', b.use, 0)
    case 'green':
      footprintBoxOf(b.x, b.y, b.rotation, b.shape, box)
      return entry(b, b.id, b.kind, b.shape, b.floors, 0, 'social', b.use, 0)
    case 'parking':
      footprintBoxOf(b.x, b.y, b.rotation, b.shape, box)
      return entry(b, b.id, b.kind, b.shape, b.floors, 0, 'social', 'park', b.places)
    case 'work':
      footprintBoxOf(b.x, b.y, b.rotation, b.shape, box)
      return entry(b, b.id, b.kind, b.shape, b.floors, 0, 'social', 'park', 0)
    case 'water':
      footprintBoxOf(b.x, b.y, b.rotation, b.shape, box)
      return entry(b, b.id, b.kind, b.shape, b.floors, 0, 'social', 'park', 0)
  }
}

/** Writes the box of a block's footprint into `box` (for the rare paths that re-measure a kept block). */
export function footprintBox(b: Block, box: MutableBox): void {
  footprintBoxOf(b.x, b.y, b.rotation, b.shape, box)
}

// The footprint's box, computed point by point without building the rotated ring.
function footprintBoxOf(x: number, y: number, rotation: number, shape: Ring, box: MutableBox): void {
  const c = rotation === 0 ? 1 : Math.cos(rotation * DEG)
  const s = rotation === 0 ? 0 : Math.sin(rotation * DEG)
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (let i = 0, n = shape.length; i < n; i++) {
    const p = shape[i] as Vec2
    const wx = x + p[0] * c - p[1] * s
    const wy = y + p[0] * s + p[1] * c
    if (wx < minX) minX = wx
    if (wy < minY) minY = wy
    if (wx > maxX) maxX = wx
    if (wy > maxY) maxY = wy
  }
  box.minX = minX
  box.minY = minY
  box.maxX = maxX
  box.maxY = maxY
}

function entry(
  block: Block,
  id: string,
  kind: Block['kind'],
  shape: Ring,
  floors: number,
  dwellings: number,
  segment: Segment,
  use: AmenityUse | GreenUse,
  places: number,
): BlockEntry {
  return {
    id,
    kind,
    block,
    dwellings,
    segment,
    use,
    places,
    floors,
    // Rotation and translation keep the area; the local shape keeps more precision than RD New coordinates.
    footprintM2: ringArea(shape),
    area: null,
    more: null,
  }
}
