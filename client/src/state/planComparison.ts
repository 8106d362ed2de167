import {
  type AreaBarcodeDiff,
  type BarcodeDiff,
  checkPlan,
  diffBarcodes,
  diffPlans,
  type Lang,
  type PlanDiff,
  type Status,
  type StatusChange,
} from '@gebiedsbord/barcode'
import type { AreaId, BlockId, Plan } from '@gebiedsbord/model'
import { normSets } from './barcodeStore.ts'

/**
 * Two states of a plan compared, area by area: what the session timeline shows for a period and
 * what the side-by-side comparison of two versions or variants shows. Pure functions over plans.
 */

/** A rule whose status changed in an area, with its description (in the language compared in). */
export interface RuleStatusChange extends StatusChange {
  readonly description: string
}

/** What changed in one area between two states. */
export interface AreaSummary {
  readonly area: AreaId
  readonly name: string
  /** `added` / `removed`: the area exists only after / before. */
  readonly presence: 'both' | 'added' | 'removed'
  /** Blocks counted where they overlap the area (a block moved from A to B is a move in both). */
  readonly added: number
  readonly moved: number
  readonly removed: number
  readonly changed: number
  /** The outline or the properties (name, type, norm set) of the area itself changed. */
  readonly reshaped: boolean
  readonly statusBefore: Status | null
  readonly statusAfter: Status | null
  readonly statusChanges: readonly RuleStatusChange[]
}

/** Two states of the plan compared. */
export interface Comparison {
  /** The areas where anything changed, by name. */
  readonly areas: readonly AreaSummary[]
  /** Status changes of the plan-level rules. */
  readonly planChanges: readonly RuleStatusChange[]
  /** Blocks added, moved or changed that exist afterwards: what to point at on the map. */
  readonly changedBlocks: readonly BlockId[]
  /** Nothing differs between the two states. */
  readonly unchanged: boolean
  /** The full difference of the plans, for views that draw every block (the side-by-side maps). */
  readonly plans: PlanDiff
  /** The full difference of the barcodes, every rule of every area (the side-by-side table). */
  readonly barcode: BarcodeDiff
}

function ruleChanges(rules: AreaBarcodeDiff['rules'], changes: readonly StatusChange[]): RuleStatusChange[] {
  return changes.map((c) => ({
    ...c,
    description: rules.find((r) => r.ruleId === c.ruleId)?.description ?? c.ruleId,
  }))
}

/**
 * Compares two states of a plan per area: block counts (`diffPlans`) and the barcode's status
 * changes (`checkPlan` on both, `diffBarcodes`), with rule descriptions in `lang`.
 */
export function comparePlans(before: Plan, after: Plan, lang: Lang): Comparison {
  const plans = diffPlans(before, after)
  const options = { registry: normSets(), lang }
  const barcode = diffBarcodes(checkPlan(before, options), checkPlan(after, options))
  const counts = new Map(plans.byArea.map((c) => [c.area, c]))
  const reshaped = new Set([...plans.areas.reshaped, ...plans.areas.changed].map((a) => a.id))
  const areas: AreaSummary[] = []
  for (const a of barcode.areas) {
    const c = counts.get(a.id)
    const statusChanges = ruleChanges(
      a.rules,
      barcode.statusChanges.filter((s) => s.area === a.id),
    )
    const summary: AreaSummary = {
      area: a.id,
      name: a.name,
      presence: a.presence,
      added: c?.added ?? 0,
      moved: c?.moved ?? 0,
      removed: c?.removed ?? 0,
      changed: c?.changed ?? 0,
      reshaped: reshaped.has(a.id),
      statusBefore: a.statusBefore,
      statusAfter: a.statusAfter,
      statusChanges,
    }
    const blocks = summary.added + summary.moved + summary.removed + summary.changed
    if (blocks > 0 || summary.reshaped || statusChanges.length > 0 || a.presence !== 'both')
      areas.push(summary)
  }
  areas.sort((p, q) => p.name.localeCompare(q.name) || (p.area < q.area ? -1 : 1))
  const planChanges = ruleChanges(
    barcode.plan.rules,
    barcode.statusChanges.filter((s) => s.area === null),
  )
  const after_ = new Set(after.blocks.map((b) => b.id))
  const changedBlocks = [
    ...new Set([
      ...plans.blocks.added.map((b) => b.id),
      ...plans.blocks.moved.map((m) => m.id),
      ...plans.blocks.changed.map((c) => c.id),
    ]),
  ].filter((id) => after_.has(id))
  const unchanged =
    plans.board.length === 0 &&
    plans.blocks.added.length + plans.blocks.removed.length === 0 &&
    plans.blocks.moved.length + plans.blocks.changed.length === 0 &&
    plans.areas.added.length + plans.areas.removed.length === 0 &&
    reshaped.size === 0 &&
    !barcode.plan.changed &&
    !barcode.areas.some((a) => a.changed)
  return { areas, planChanges, changedBlocks, unchanged, plans, barcode }
}
