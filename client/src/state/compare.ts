import type { Lang, RuleDiff, Status } from '@gebiedsbord/barcode'
import {
  type AreaId,
  type BBox,
  type Block,
  type BlockId,
  blockFootprint,
  type Plan,
  planFromUpdate,
  ringBBox,
} from '@gebiedsbord/model'
import { getPlanState } from '../api/timeline.ts'
import { getVersionState, type VersionList } from '../api/versions.ts'
import { type Camera, fitBox, type ViewportSize } from '../geometry/camera.ts'
import { unionBoxes } from '../geometry/hitTest.ts'
import { Cell } from './observable.ts'
import { type Comparison, comparePlans } from './planComparison.ts'

/**
 * Two plans of a board side by side: the board as it is, a named version, or a variant (a board
 * of its own). Which blocks to mark on each map, and per area per rule how the barcode differs.
 * The maps share one camera, so panning or zooming one moves the other.
 */

/** A plan to compare: the board now, one of its versions, or another board now (a variant or the parent). */
export type PlanRef =
  | { readonly kind: 'current' }
  | { readonly kind: 'version'; readonly id: string }
  | { readonly kind: 'board'; readonly id: string }

/** A plan reference as the compare page's URL writes it: `current`, `v:<versionId>`, `b:<boardId>`. */
export function formatPlanRef(ref: PlanRef): string {
  if (ref.kind === 'current') return 'current'
  return `${ref.kind === 'version' ? 'v' : 'b'}:${ref.id}`
}

/** Reads what `formatPlanRef` wrote; null for anything else. */
export function parsePlanRef(text: string | null): PlanRef | null {
  if (text === 'current') return { kind: 'current' }
  const m = /^([vb]):([0-9A-Za-z_-]{1,64})$/.exec(text ?? '')
  if (!m) return null
  return m[1] === 'v' ? { kind: 'version', id: m[2] as string } : { kind: 'board', id: m[2] as string }
}

/** One plan a user can choose to compare, in the order the chooser lists them. */
export interface PlanOption {
  /** `formatPlanRef` of it. */
  readonly ref: string
  readonly kind: 'current' | 'version' | 'variant' | 'parent'
  /** The version's, variant's or parent board's name; empty for the board now. */
  readonly name: string
  /** When the version was saved or the variant made. */
  readonly at: number | null
}

/**
 * The plans of a board one can compare: the board now, its versions (newest first), its variants
 * as they are now, and, for a variant, the board it came from as that is now.
 */
export function planOptions(list: VersionList | null, parentName: string | null): PlanOption[] {
  const out: PlanOption[] = [{ ref: 'current', kind: 'current', name: '', at: null }]
  for (const v of list?.versions ?? [])
    out.push({ ref: formatPlanRef({ kind: 'version', id: v.id }), kind: 'version', name: v.name, at: v.at })
  for (const v of list?.variants ?? [])
    out.push({
      ref: formatPlanRef({ kind: 'board', id: v.id }),
      kind: 'variant',
      name: v.name,
      at: v.createdAt,
    })
  if (list?.parent)
    out.push({
      ref: formatPlanRef({ kind: 'board', id: list.parent.boardId }),
      kind: 'parent',
      name: parentName ?? '',
      at: null,
    })
  return out
}

/** Fetches a plan to compare as one Yjs update. */
export type PlanSource = (ref: PlanRef) => Promise<Uint8Array>

/** The plans of a board over HTTP: variants and the parent are read with this board's token, which they share. */
export const serverPlanSource =
  (boardId: string, token: string): PlanSource =>
  async (ref) => {
    const state =
      ref.kind === 'version'
        ? await getVersionState(boardId, token, ref.id)
        : await getPlanState(ref.kind === 'board' ? ref.id : boardId, token)
    // Without a time the server answers the current state or an error, never "nothing stored".
    if (!state) throw new Error('the server sent no plan')
    return state
  }

/** How a block is marked on a map: added (only right), removed (only left), changed or moved (both). */
export type BlockMark = 'added' | 'removed' | 'changed'

/** One block that differs, for the list beside the maps. */
export interface BlockDifference {
  readonly id: BlockId
  readonly mark: BlockMark
  /** The block as the right plan has it, or as the left had it when removed. */
  readonly block: Block
  /** Its position, rotation or footprint changed. */
  readonly moved: boolean
  /** Other properties that differ (`dwellings`, `segment`, …), sorted. */
  readonly properties: readonly string[]
}

/** One area's barcode compared, with every rule (changed or not). */
export interface AreaDifference {
  readonly id: AreaId
  readonly name: string
  readonly presence: 'both' | 'added' | 'removed'
  readonly statusBefore: Status | null
  readonly statusAfter: Status | null
  readonly blocks: {
    readonly added: number
    readonly moved: number
    readonly removed: number
    readonly changed: number
  }
  /** The outline or the area's own properties differ. */
  readonly reshaped: boolean
  readonly rules: readonly RuleDiff[]
  /** Anything about the area differs: its blocks, its outline or its barcode. Unchanged areas are shown collapsed. */
  readonly changed: boolean
}

/** Two plans compared side by side: what each map marks, and the table below them. */
export interface SideBySide {
  readonly before: Plan
  readonly after: Plan
  /** Marks on the left map (removed, changed) and on the right map (added, changed). */
  readonly marksBefore: ReadonlyMap<BlockId, BlockMark>
  readonly marksAfter: ReadonlyMap<BlockId, BlockMark>
  /** Every block that differs: changed first, then added, then removed, each by id. */
  readonly blocks: readonly BlockDifference[]
  /** Every area of either plan, those that differ first, then by name. */
  readonly areas: readonly AreaDifference[]
  /** Area statuses, for tinting each map's outlines. */
  readonly statusBefore: ReadonlyMap<AreaId, Status>
  readonly statusAfter: ReadonlyMap<AreaId, Status>
  /** The plan-level rules. */
  readonly plan: { readonly rules: readonly RuleDiff[]; readonly changed: boolean }
  /** The two plans' norm sets differ: every rule may then differ for that reason alone. */
  readonly normSetChanged: boolean
  /** Both plans together, to fit the maps to; null when both are empty. */
  readonly extent: BBox | null
  readonly comparison: Comparison
}

const MARK_ORDER: Record<BlockMark, number> = { changed: 0, added: 1, removed: 2 }

/** The box around every area and block of some plans. */
export function plansExtent(...plans: Plan[]): BBox | null {
  return unionBoxes(plansBoxes(plans)) ?? null
}

function* plansBoxes(plans: readonly Plan[]): Generator<BBox> {
  for (const p of plans) {
    for (const a of p.areas) yield ringBBox(a.polygon)
    for (const b of p.blocks) yield ringBBox(blockFootprint(b))
  }
}

/** Compares two plans for the side-by-side view, with rule descriptions in `lang`. */
export function sideBySide(before: Plan, after: Plan, lang: Lang): SideBySide {
  const comparison = comparePlans(before, after, lang)
  const { plans, barcode } = comparison
  const marksBefore = new Map<BlockId, BlockMark>()
  const marksAfter = new Map<BlockId, BlockMark>()
  const diffs = new Map<BlockId, BlockDifference>()
  for (const b of plans.blocks.added) {
    marksAfter.set(b.id, 'added')
    diffs.set(b.id, { id: b.id, mark: 'added', block: b, moved: false, properties: [] })
  }
  for (const b of plans.blocks.removed) {
    marksBefore.set(b.id, 'removed')
    diffs.set(b.id, { id: b.id, mark: 'removed', block: b, moved: false, properties: [] })
  }
  for (const m of plans.blocks.moved)
    diffs.set(m.id, { id: m.id, mark: 'changed', block: m.after, moved: true, properties: [] })
  for (const c of plans.blocks.changed) {
    const moved = diffs.get(c.id)?.moved === true
    diffs.set(c.id, { id: c.id, mark: 'changed', block: c.after, moved, properties: c.properties })
  }
  for (const d of diffs.values())
    if (d.mark === 'changed') {
      marksBefore.set(d.id, 'changed')
      marksAfter.set(d.id, 'changed')
    }
  const blocks = [...diffs.values()].sort(
    (p, q) => MARK_ORDER[p.mark] - MARK_ORDER[q.mark] || (p.id < q.id ? -1 : p.id > q.id ? 1 : 0),
  )

  // The comparison's summaries hold the counts of every area where a block or the area changed;
  // an area it leaves out has none.
  const summaries = new Map(comparison.areas.map((c) => [c.area, c]))
  const areas: AreaDifference[] = barcode.areas.map((a) => {
    const c = summaries.get(a.id)
    const blockCounts = {
      added: c?.added ?? 0,
      moved: c?.moved ?? 0,
      removed: c?.removed ?? 0,
      changed: c?.changed ?? 0,
    }
    const anyBlock = blockCounts.added + blockCounts.moved + blockCounts.removed + blockCounts.changed > 0
    const reshaped = c?.reshaped ?? false
    return {
      id: a.id,
      name: a.name,
      presence: a.presence,
      statusBefore: a.statusBefore,
      statusAfter: a.statusAfter,
      blocks: blockCounts,
      reshaped,
      rules: a.rules,
      changed: a.changed || anyBlock || reshaped,
    }
  })
  areas.sort(
    (p, q) => Number(q.changed) - Number(p.changed) || p.name.localeCompare(q.name) || (p.id < q.id ? -1 : 1),
  )
  const statuses = (side: 'statusBefore' | 'statusAfter') =>
    new Map(
      barcode.areas.flatMap((a) => {
        const s = a[side]
        return s ? [[a.id, s] as const] : []
      }),
    )
  return {
    before,
    after,
    marksBefore,
    marksAfter,
    blocks,
    areas,
    statusBefore: statuses('statusBefore'),
    statusAfter: statuses('statusAfter'),
    plan: { rules: barcode.plan.rules, changed: barcode.plan.changed },
    normSetChanged: barcode.normSet.changed,
    extent: plansExtent(before, after),
    comparison,
  }
}

/** The compare page's state. */
export type CompareState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly a: PlanRef; readonly b: PlanRef }
  | { readonly status: 'ready'; readonly a: PlanRef; readonly b: PlanRef; readonly result: SideBySide }
  | { readonly status: 'error'; readonly a: PlanRef; readonly b: PlanRef; readonly message: string }

/**
 * Loads two plans and compares them; only the latest request's answer is shown. Holds the camera
 * both maps look through, so that they always show the same place at the same zoom.
 */
export class PlanCompare {
  readonly state = new Cell<CompareState>({ status: 'idle' })
  /** The one camera of both maps. */
  readonly camera = new Cell<Camera>({ x: 0, y: 0, scale: 1 })
  /** The size of one map (both are laid out alike). */
  readonly size = new Cell<ViewportSize>({ width: 400, height: 300 })
  readonly #source: PlanSource
  #request = 0
  /** The camera the last fit chose: while nobody has moved it, a resized map is fitted again. */
  #fitted: Camera | null = null

  constructor(source: PlanSource) {
    this.#source = source
    // The maps are measured only once they are shown, after the plans arrived and were fitted.
    this.size.subscribe(() => {
      if (this.#fitted && this.camera.get() === this.#fitted) this.fit()
    })
  }

  /** Fetches both plans and compares `a` (left, before) with `b` (right, after). */
  async load(a: PlanRef, b: PlanRef, lang: Lang): Promise<void> {
    const request = ++this.#request
    const current = () => request === this.#request
    this.state.set({ status: 'loading', a, b })
    try {
      const [left, right] = await Promise.all([this.#source(a), this.#source(b)])
      if (!current()) return
      const result = sideBySide(planFromUpdate(left), planFromUpdate(right), lang)
      this.state.set({ status: 'ready', a, b, result })
      this.fit()
    } catch (e) {
      if (current())
        this.state.set({ status: 'error', a, b, message: e instanceof Error ? e.message : String(e) })
    }
  }

  /** Shows both plans whole. */
  fit(): void {
    const s = this.state.get()
    const extent = s.status === 'ready' ? s.result.extent : null
    if (!extent) return
    this.#fitted = fitBox(extent, this.size.get(), 32)
    this.camera.set(this.#fitted)
  }

  /** Shows one block, on both maps, at a zoom where it is plainly visible. */
  focus(block: Block): void {
    const box = ringBBox(blockFootprint(block))
    const margin = Math.max(box.maxX - box.minX, box.maxY - box.minY, 20) * 4
    this.camera.set(
      fitBox(
        {
          minX: box.minX - margin,
          minY: box.minY - margin,
          maxX: box.maxX + margin,
          maxY: box.maxY + margin,
        },
        this.size.get(),
        16,
      ),
    )
  }
}
