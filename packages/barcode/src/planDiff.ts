import type { Area, AreaId, Block, BlockId, Board, Plan } from '@gebiedsbord/model'
import { blockShares, type IndexedArea, indexAreas } from './overlap.ts'

/** What about a block's placement changed: its centre, its rotation or its footprint. */
export type BlockPlacementChange = 'position' | 'rotation' | 'shape'

/** A block whose placement changed between two versions of a plan. */
export interface BlockMove {
  readonly id: BlockId
  readonly before: Block
  readonly after: Block
  /** What moved, in the order position, rotation, shape. */
  readonly changes: readonly BlockPlacementChange[]
}

/** A block whose other properties changed (kind, dwellings, segment, use, floors, party, label …). */
export interface BlockChange {
  readonly id: BlockId
  readonly before: Block
  readonly after: Block
  /** Names of the properties that differ, sorted, e.g. `['dwellings', 'segment']`. */
  readonly properties: readonly string[]
}

/** An area present in both versions whose outline or properties changed. */
export interface AreaChange {
  readonly id: AreaId
  readonly before: Area
  readonly after: Area
  /** Names of the properties that differ, sorted; `polygon` when the outline changed. */
  readonly properties: readonly string[]
}

/** How many blocks of each kind of change touch one area. */
export interface AreaBlockCounts {
  readonly area: AreaId
  readonly added: number
  readonly moved: number
  readonly removed: number
  readonly changed: number
}

/** What differs between two versions of a plan (two variants, or the plan at two moments). */
export interface PlanDiff {
  /** Board properties that differ (`name`, `frame`, `normSetId`), sorted. */
  readonly board: readonly string[]
  /** Each list in block-id order. A block both moved and changed is in `moved` and in `changed`. */
  readonly blocks: {
    readonly added: readonly Block[]
    readonly removed: readonly Block[]
    readonly moved: readonly BlockMove[]
    readonly changed: readonly BlockChange[]
  }
  /** Each list in area-id order. `reshaped` holds the areas whose outline changed. */
  readonly areas: {
    readonly added: readonly Area[]
    readonly removed: readonly Area[]
    readonly reshaped: readonly AreaChange[]
    /** Areas whose other properties (name, area type, norm set, catchment) changed. */
    readonly changed: readonly AreaChange[]
  }
  /**
   * Counts per area, for every area of either version, in area-id order. A block counts in each
   * area its footprint overlaps: an added block where it is after, a removed one where it was
   * before, a moved or changed one in both (a block dragged from A to B is a move in A and in B).
   */
  readonly byArea: readonly AreaBlockCounts[]
}

const PLACEMENT_KEYS: ReadonlySet<string> = new Set(['id', 'x', 'y', 'rotation', 'shape'])
const ID_KEY: ReadonlySet<string> = new Set(['id'])
const NO_KEYS: ReadonlySet<string> = new Set()

/** Structural equality of plain JSON values (rings, strings, numbers). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]))
  return false
}

/** Names of the properties, other than those in `skip`, that differ between two records. */
function differingKeys(before: object, after: object, skip: ReadonlySet<string>): string[] {
  const a = before as Record<string, unknown>
  const b = after as Record<string, unknown>
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter((k) => !skip.has(k) && !same(a[k], b[k])).sort()
}

function placementChanges(a: Block, b: Block): BlockPlacementChange[] {
  const out: BlockPlacementChange[] = []
  if (a.x !== b.x || a.y !== b.y) out.push('position')
  if (a.rotation !== b.rotation) out.push('rotation')
  if (!same(a.shape, b.shape)) out.push('shape')
  return out
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The areas a block's footprint overlaps, with the engine's overlap measure. */
const areasOf = (block: Block, areas: readonly IndexedArea[]): AreaId[] =>
  blockShares(block, areas).map((s) => s.area)

/**
 * Compares two versions of a plan: blocks and areas added, removed and changed, and per area how
 * many blocks were added, moved, removed or changed. Records are matched by id, so a block deleted
 * and drawn again elsewhere is a removal and an addition, not a move.
 */
export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const beforeBlocks = new Map(before.blocks.map((b) => [b.id, b]))
  const afterBlocks = new Map(after.blocks.map((b) => [b.id, b]))
  const added = after.blocks.filter((b) => !beforeBlocks.has(b.id)).sort(byId)
  const removed = before.blocks.filter((b) => !afterBlocks.has(b.id)).sort(byId)
  const moved: BlockMove[] = []
  const changed: BlockChange[] = []
  for (const a of [...before.blocks].sort(byId)) {
    const b = afterBlocks.get(a.id)
    if (!b) continue
    const changes = placementChanges(a, b)
    if (changes.length > 0) moved.push({ id: a.id, before: a, after: b, changes })
    const properties = differingKeys(a, b, PLACEMENT_KEYS)
    if (properties.length > 0) changed.push({ id: a.id, before: a, after: b, properties })
  }

  const beforeAreas = new Map(before.areas.map((a) => [a.id, a]))
  const afterAreas = new Map(after.areas.map((a) => [a.id, a]))
  const reshaped: AreaChange[] = []
  const areaChanged: AreaChange[] = []
  for (const a of [...before.areas].sort(byId)) {
    const b = afterAreas.get(a.id)
    if (!b) continue
    const properties = differingKeys(a, b, ID_KEY)
    if (properties.includes('polygon')) reshaped.push({ id: a.id, before: a, after: b, properties })
    if (properties.some((p) => p !== 'polygon'))
      areaChanged.push({ id: a.id, before: a, after: b, properties })
  }

  const counts = new Map<AreaId, { added: number; moved: number; removed: number; changed: number }>()
  for (const id of [...new Set([...beforeAreas.keys(), ...afterAreas.keys()])].sort())
    counts.set(id, { added: 0, moved: 0, removed: 0, changed: 0 })
  const inBefore = indexAreas(before)
  const inAfter = indexAreas(after)
  const count = (kind: 'added' | 'moved' | 'removed' | 'changed', areas: Iterable<AreaId>) => {
    for (const id of new Set(areas)) {
      const c = counts.get(id)
      if (c) c[kind]++
    }
  }
  for (const b of added) count('added', areasOf(b, inAfter))
  for (const b of removed) count('removed', areasOf(b, inBefore))
  // The areas of each moved block, before and after: kept for a block that also changed.
  const movedAreas = new Map<string, { before: AreaId[]; after: AreaId[] }>()
  for (const m of moved) {
    const where = { before: areasOf(m.before, inBefore), after: areasOf(m.after, inAfter) }
    movedAreas.set(m.id, where)
    count('moved', [...where.before, ...where.after])
  }
  for (const c of changed) {
    // Only a block that also moved can have been somewhere else before.
    const m = movedAreas.get(c.id)
    count('changed', m ? [...m.after, ...m.before] : areasOf(c.after, inAfter))
  }

  return {
    board: differingKeys(boardProps(before.board), boardProps(after.board), NO_KEYS),
    blocks: { added, removed, moved, changed },
    areas: {
      added: after.areas.filter((a) => !beforeAreas.has(a.id)).sort(byId),
      removed: before.areas.filter((a) => !afterAreas.has(a.id)).sort(byId),
      reshaped,
      changed: areaChanged,
    },
    byArea: [...counts].map(([area, c]) => ({ area, ...c })),
  }
}

/** The board's compared properties: the frame by its kind, the id left out (two boards may be compared). */
const boardProps = (b: Board) => ({ name: b.name, frame: b.frame.kind, normSetId: b.normSetId })
