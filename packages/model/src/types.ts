import type { Ring } from './geometry.ts'
import type { AreaId, BlockId, BoardId, PartyId } from './ids.ts'

export const BLOCK_KINDS = ['housing', 'amenity', 'green', 'parking', 'work', 'water'] as const
export type BlockKind = (typeof BLOCK_KINDS)[number]

export const SEGMENTS = ['social', 'mid', 'private'] as const
/** Housing segment: sociale huur, middenhuur, vrije sector. */
export type Segment = (typeof SEGMENTS)[number]

export const AMENITY_USES = ['school', 'gp', 'childcare', 'retail', 'sports', 'community'] as const
export type AmenityUse = (typeof AMENITY_USES)[number]

export const GREEN_USES = ['park', 'play', 'sports'] as const
export type GreenUse = (typeof GREEN_USES)[number]

export const PARTY_ROLES = ['municipality', 'housing-corporation', 'developer', 'builder', 'other'] as const
export type PartyRole = (typeof PARTY_ROLES)[number]

/** How world metres relate to the earth: RD New (EPSG:28992) or a local frame with no georeference. */
export type Frame = { readonly kind: 'rd-new' } | { readonly kind: 'local' }

export interface Board {
  readonly id?: BoardId
  readonly name: string
  readonly frame: Frame
  /** Norm set used by areas that name none. */
  readonly normSetId?: string
}

export interface Area {
  readonly id: AreaId
  readonly name: string
  /** Living-environment type (woonmilieu), e.g. `stedelijk`; the norm set's default when absent. */
  readonly areaType?: string
  /** Norm set for this area; the board's when absent. */
  readonly normSetId?: string
  /** Areas sharing a catchment are evaluated together for catchment rules (school, sports hall). */
  readonly catchment?: string
  /** Outline in world metres. */
  readonly polygon: Ring
}

interface BlockCommon {
  readonly id: BlockId
  /** Centre of the block in world metres. */
  readonly x: number
  readonly y: number
  /** Counter-clockwise rotation about the centre, in degrees. */
  readonly rotation: number
  /** Footprint relative to the centre before rotation, in metres. */
  readonly shape: Ring
  /** Storeys; floor area (BVO) is footprint × floors. */
  readonly floors: number
  readonly party?: PartyId
  readonly label?: string
}

export interface HousingBlock extends BlockCommon {
  readonly kind: 'housing'
  readonly dwellings: number
  readonly segment: Segment
}
export interface AmenityBlock extends BlockCommon {
  readonly kind: 'amenity'
  readonly use: AmenityUse
}
export interface GreenBlock extends BlockCommon {
  readonly kind: 'green'
  readonly use: GreenUse
}
export interface ParkingBlock extends BlockCommon {
  readonly kind: 'parking'
  readonly places: number
}
export interface WorkBlock extends BlockCommon {
  readonly kind: 'work'
}
export interface WaterBlock extends BlockCommon {
  readonly kind: 'water'
}

/** A placed piece of programme (programmablok). */
export type Block = HousingBlock | AmenityBlock | GreenBlock | ParkingBlock | WorkBlock | WaterBlock

export interface Party {
  readonly id: PartyId
  readonly name: string
  readonly role: PartyRole
  /** CSS colour, e.g. `#1f77b4`. */
  readonly colour: string
}

/** A whole plan as plain data: what the norm engine evaluates and what GeoJSON carries. */
export interface Plan {
  readonly board: Board
  readonly areas: readonly Area[]
  readonly blocks: readonly Block[]
  readonly parties: readonly Party[]
}

/** Properties of a block that a command may change, keyed by kind-specific names. */
export type BlockPatch = Partial<{
  floors: number
  party: PartyId | null
  label: string | null
  dwellings: number
  segment: Segment
  use: AmenityUse | GreenUse
  places: number
}>

/** Properties of a party that a command may change. */
export type PartyPatch = Partial<{
  name: string
  role: PartyRole
  colour: string
}>

export type AreaPatch = Partial<{
  name: string
  areaType: string | null
  normSetId: string | null
  catchment: string | null
  polygon: Ring
}>
