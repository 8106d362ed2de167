import {
  type AmenityUse,
  type Block,
  type BlockId,
  type BlockKind,
  type GreenUse,
  rectangle,
  type Segment,
  type Vec2,
} from '@gebiedsbord/model'

/** Ids of the palette's entries: a kind, refined by segment or use where the kind has one. */
export type PaletteId =
  | `housing-${Segment}`
  | `amenity-${AmenityUse}`
  | `green-${GreenUse}`
  | 'parking'
  | 'work'
  | 'water'

/** Palette sections, in the order a planner reaches for them. */
export type PaletteGroup = 'housing' | 'amenity' | 'green' | 'other'

/** One entry of the block palette: what it places and at what size. */
export interface PaletteItem {
  readonly id: PaletteId
  readonly group: PaletteGroup
  /** Default footprint in metres: a typical building or plot of the kind, so a drop looks plausible at once. */
  readonly width: number
  readonly height: number
  /** The block this entry places, centred at `at`. */
  make(id: BlockId, at: Vec2): Block
}

const common = (id: BlockId, at: Vec2, w: number, h: number, floors: number) => ({
  id,
  x: at[0],
  y: at[1],
  rotation: 0,
  shape: rectangle(w, h),
  floors,
})

const housing = (segment: Segment, w: number, h: number, floors: number, dwellings: number): PaletteItem => ({
  id: `housing-${segment}`,
  group: 'housing',
  width: w,
  height: h,
  make: (id, at) => ({ ...common(id, at, w, h, floors), kind: 'housing', segment, dwellings }),
})

const amenity = (use: AmenityUse, w: number, h: number, floors: number): PaletteItem => ({
  id: `amenity-${use}`,
  group: 'amenity',
  width: w,
  height: h,
  make: (id, at) => ({ ...common(id, at, w, h, floors), kind: 'amenity', use }),
})

const green = (use: GreenUse, w: number, h: number): PaletteItem => ({
  id: `green-${use}`,
  group: 'green',
  width: w,
  height: h,
  make: (id, at) => ({ ...common(id, at, w, h, 1), kind: 'green', use }),
})

/**
 * The palette. Sizes and amounts are rules of thumb: a social-rent block of 40 × 15 m on four
 * floors holds about 30 homes of 70 m²; a primary school of 2,000 m² BVO serves some 400 pupils;
 * a parking lot takes about 25 m² per place including aisles.
 */
export const PALETTE: readonly PaletteItem[] = [
  housing('social', 40, 15, 4, 30),
  housing('mid', 40, 15, 4, 26),
  housing('private', 30, 15, 3, 14),
  amenity('school', 50, 20, 2),
  amenity('gp', 20, 15, 1),
  amenity('childcare', 25, 20, 1),
  amenity('retail', 40, 30, 1),
  amenity('sports', 45, 30, 1),
  amenity('community', 20, 20, 1),
  green('park', 100, 60),
  green('play', 20, 20),
  green('sports', 105, 68),
  {
    id: 'parking',
    group: 'other',
    width: 50,
    height: 30,
    make: (id, at) => ({ ...common(id, at, 50, 30, 1), kind: 'parking', places: 60 }),
  },
  {
    id: 'work',
    group: 'other',
    width: 40,
    height: 30,
    make: (id, at) => ({ ...common(id, at, 40, 30, 3), kind: 'work' }),
  },
  {
    id: 'water',
    group: 'other',
    width: 60,
    height: 20,
    make: (id, at) => ({ ...common(id, at, 60, 20, 1), kind: 'water' }),
  },
]

/** The palette entry a block matches (its kind refined by segment or use). */
export function paletteIdOf(block: Block): PaletteId {
  switch (block.kind) {
    case 'housing':
      return `housing-${block.segment}`
    case 'amenity':
      return `amenity-${block.use}`
    case 'green':
      return `green-${block.use}`
    default:
      return block.kind
  }
}

/** Fill and outline of a block on the map. */
export interface BlockStyle {
  readonly fill: string
  readonly stroke: string
  /** Text colour with enough contrast on the fill. */
  readonly text: string
}

/**
 * Colours by kind, shaded by segment or use: housing warm (darker is more affordable), amenities
 * violet, green green, water blue, work slate, parking grey, close to the conventions of Dutch
 * zoning maps (bestemmingsplannen) so that planners read them without a legend.
 */
export const BLOCK_STYLES: Record<PaletteId, BlockStyle> = {
  'housing-social': { fill: '#c2410c', stroke: '#7c2d12', text: '#ffffff' },
  'housing-mid': { fill: '#f59e0b', stroke: '#92400e', text: '#1f1300' },
  'housing-private': { fill: '#fcd34d', stroke: '#a16207', text: '#1f1300' },
  'amenity-school': { fill: '#7c3aed', stroke: '#4c1d95', text: '#ffffff' },
  'amenity-gp': { fill: '#a855f7', stroke: '#581c87', text: '#ffffff' },
  'amenity-childcare': { fill: '#c084fc', stroke: '#6b21a8', text: '#1a0530' },
  'amenity-retail': { fill: '#db2777', stroke: '#831843', text: '#ffffff' },
  'amenity-sports': { fill: '#6366f1', stroke: '#312e81', text: '#ffffff' },
  'amenity-community': { fill: '#8b5cf6', stroke: '#4c1d95', text: '#ffffff' },
  'green-park': { fill: '#4d9f4f', stroke: '#1f5f21', text: '#ffffff' },
  'green-play': { fill: '#9acd32', stroke: '#4d7c0f', text: '#142300' },
  'green-sports': { fill: '#2f855a', stroke: '#1c4532', text: '#ffffff' },
  parking: { fill: '#9ca3af', stroke: '#4b5563', text: '#111827' },
  work: { fill: '#3b6ea5', stroke: '#1e3a5f', text: '#ffffff' },
  water: { fill: '#60a5fa', stroke: '#1d4ed8', text: '#0b1d3a' },
}

/** The colours of a block. */
export const styleOf = (block: Block): BlockStyle => BLOCK_STYLES[paletteIdOf(block)]

/** The kinds in the order the inspector offers them. */
export const KINDS: readonly BlockKind[] = ['housing', 'amenity', 'green', 'parking', 'work', 'water']
