import type { AreaId } from '@gebiedsbord/model'
import type { AreaReport, BarcodeReport } from './report.ts'
import type { RuleReport, Status } from './rule.ts'

/** One rule compared between two barcodes, e.g. `social-share` 27% → 31%, fail → pass. */
export interface RuleDiff {
  readonly ruleId: string
  /** The rule's description, from the later report when it has the rule. */
  readonly description: string
  readonly unit: string
  /** Whether the rule is a condition of growth (in either report). */
  readonly condition: boolean
  /** Measured value in `unit`; null where the rule had nothing to measure or was not evaluated. */
  readonly valueBefore: number | null
  readonly valueAfter: number | null
  /** Null where the rule was not evaluated (the area was missing, or of a type or norm set without it). */
  readonly statusBefore: Status | null
  readonly statusAfter: Status | null
  /** True when the value or the status differ, or the rule was evaluated on one side only. */
  readonly changed: boolean
}

/** One area's barcode compared between two reports. */
export interface AreaBarcodeDiff {
  readonly id: AreaId
  /** The area's name, from the later report when it has the area. */
  readonly name: string
  /** `both`, or `added` / `removed` for an area present in only the later / earlier report. */
  readonly presence: 'both' | 'added' | 'removed'
  /** The area's summary status (its worst rule); null on the side without the area. */
  readonly statusBefore: Status | null
  readonly statusAfter: Status | null
  /** The rules of either report, in the later report's order, then those only in the earlier one. */
  readonly rules: readonly RuleDiff[]
  /** True when anything about the area's barcode differs. */
  readonly changed: boolean
}

/** A rule whose status differs between two reports (evaluated in both): the list to read first. */
export interface StatusChange {
  /** The area, or null for a rule of the plan as a whole. */
  readonly area: AreaId | null
  readonly areaName: string | null
  readonly ruleId: string
  readonly unit: string
  readonly condition: boolean
  readonly valueBefore: number | null
  readonly valueAfter: number | null
  readonly statusBefore: Status
  readonly statusAfter: Status
}

/** The difference between two barcodes (two variants, or one plan before and after a change). */
export interface BarcodeDiff {
  /** The norm sets the reports were made with; a different set alone can change every rule. */
  readonly normSet: {
    readonly before: { readonly id: string; readonly version: string }
    readonly after: { readonly id: string; readonly version: string }
    readonly changed: boolean
  }
  /** Every area of either report: the later report's order, then areas only in the earlier one. */
  readonly areas: readonly AreaBarcodeDiff[]
  /** The plan-level rules. */
  readonly plan: {
    readonly statusBefore: Status
    readonly statusAfter: Status
    readonly rules: readonly RuleDiff[]
    readonly changed: boolean
  }
  /** Every status change, area by area in `areas` order, then the plan's, each in rule order. */
  readonly statusChanges: readonly StatusChange[]
}

function ruleDiff(before: RuleReport | undefined, after: RuleReport | undefined): RuleDiff {
  const either = (after ?? before) as RuleReport
  const valueBefore = before?.actual ?? null
  const valueAfter = after?.actual ?? null
  const statusBefore = before?.status ?? null
  const statusAfter = after?.status ?? null
  return {
    ruleId: either.id,
    description: either.description,
    unit: either.unit,
    condition: (before?.condition ?? false) || (after?.condition ?? false),
    valueBefore,
    valueAfter,
    statusBefore,
    statusAfter,
    changed: valueBefore !== valueAfter || statusBefore !== statusAfter,
  }
}

/** Pairs two lists by id: the later list's order, then what only the earlier list has. */
function pairs<T extends { readonly id: string }>(
  before: readonly T[],
  after: readonly T[],
): [T | undefined, T | undefined][] {
  const earlier = new Map(before.map((x) => [x.id, x]))
  const later = new Set(after.map((x) => x.id))
  return [
    ...after.map((x): [T | undefined, T | undefined] => [earlier.get(x.id), x]),
    ...before.filter((x) => !later.has(x.id)).map((x): [T | undefined, T | undefined] => [x, undefined]),
  ]
}

const diffRules = (before: readonly RuleReport[], after: readonly RuleReport[]): RuleDiff[] =>
  pairs(before, after).map(([b, a]) => ruleDiff(b, a))

function areaDiff(before: AreaReport | undefined, after: AreaReport | undefined): AreaBarcodeDiff {
  const either = (after ?? before) as AreaReport
  const rules = diffRules(before?.rules ?? [], after?.rules ?? [])
  const statusBefore = before?.summary.status ?? null
  const statusAfter = after?.summary.status ?? null
  return {
    id: either.id,
    name: either.name,
    presence: before && after ? 'both' : after ? 'added' : 'removed',
    statusBefore,
    statusAfter,
    rules,
    changed: !before || !after || statusBefore !== statusAfter || rules.some((r) => r.changed),
  }
}

function statusChanges(area: AreaBarcodeDiff | null, rules: readonly RuleDiff[]): StatusChange[] {
  const out: StatusChange[] = []
  for (const r of rules) {
    if (r.statusBefore === null || r.statusAfter === null || r.statusBefore === r.statusAfter) continue
    out.push({
      area: area?.id ?? null,
      areaName: area?.name ?? null,
      ruleId: r.ruleId,
      unit: r.unit,
      condition: r.condition,
      valueBefore: r.valueBefore,
      valueAfter: r.valueAfter,
      statusBefore: r.statusBefore,
      statusAfter: r.statusAfter,
    })
  }
  return out
}

/**
 * Compares two barcode reports (from `checkPlan`) per area per rule and for the plan. Areas and
 * rules are matched by id; an area in one report only is marked `added` or `removed`, and its
 * rules have no value on the other side. Values are the reports' rounded ones, so a difference
 * below their precision (0.01) does not count as a change.
 */
export function diffBarcodes(before: BarcodeReport, after: BarcodeReport): BarcodeDiff {
  const areas = pairs(before.areas, after.areas).map(([b, a]) => areaDiff(b, a))
  const planRules = diffRules(before.plan.rules, after.plan.rules)
  const planStatusBefore = before.plan.summary.status
  const planStatusAfter = after.plan.summary.status
  return {
    normSet: {
      before: before.normSet,
      after: after.normSet,
      changed: before.normSet.id !== after.normSet.id || before.normSet.version !== after.normSet.version,
    },
    areas,
    plan: {
      statusBefore: planStatusBefore,
      statusAfter: planStatusAfter,
      rules: planRules,
      changed: planStatusBefore !== planStatusAfter || planRules.some((r) => r.changed),
    },
    statusChanges: [...areas.flatMap((a) => statusChanges(a, a.rules)), ...statusChanges(null, planRules)],
  }
}
