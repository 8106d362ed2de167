import type { AreaReport, RuleReport, Summary } from '@gebiedsbord/barcode'
import type { AreaId } from '@gebiedsbord/model'

/*
 * Conditions of growth apart from ordinary norms: a condition that is not met stops housing in the
 * area (Delft's Kompas voor Goede Groei), so the barcode panel lists those first, on their own.
 */

/** A barcode's rules split into the unmet conditions of growth and every other rule, each in order. */
export interface SplitRules {
  readonly unmet: readonly RuleReport[]
  readonly others: readonly RuleReport[]
}

/**
 * Splits the rules of an area's or the plan's barcode. A condition counts as unmet exactly when the
 * summary counts it: where no housing is planned there is no growth to condition, and its verdict
 * stays with the ordinary rules.
 */
export function splitConditions(barcode: {
  readonly rules: readonly RuleReport[]
  readonly summary: Summary
}): SplitRules {
  if (barcode.summary.conditionsUnmet === 0) return { unmet: [], others: barcode.rules }
  const unmet: RuleReport[] = []
  const others: RuleReport[] = []
  for (const r of barcode.rules) (r.condition && r.status !== 'pass' ? unmet : others).push(r)
  return { unmet, others }
}

/** An area whose conditions of growth are not all met. */
export interface AreaWithUnmetConditions {
  readonly id: AreaId
  readonly name: string
  readonly count: number
}

/** The areas with unmet conditions of growth, by name: what the plan's barcode points to. */
export function areasWithUnmetConditions(areas: readonly AreaReport[]): AreaWithUnmetConditions[] {
  return areas
    .filter((a) => a.summary.conditionsUnmet > 0)
    .map((a) => ({ id: a.id, name: a.name, count: a.summary.conditionsUnmet }))
    .sort((p, q) => p.name.localeCompare(q.name) || (p.id < q.id ? -1 : 1))
}
