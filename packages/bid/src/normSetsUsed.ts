import { DEFAULT_NORM_SET_ID, type NormSet, type NormSetRegistry, resolveNormSet } from '@gebiedsbord/barcode'
import type { Plan } from '@gebiedsbord/model'

/**
 * The norm sets a plan is evaluated with, as the engine resolves them: the board's (or the
 * default) for the plan's own barcode, and each area's own, where an unknown id falls back to the
 * default as it does in the engine. In first-use order, each once: what a bid lists as its sources.
 */
export function normSetsUsed(
  plan: Pick<Plan, 'board' | 'areas'>,
  registry: NormSetRegistry,
  defaultNormSetId = DEFAULT_NORM_SET_ID,
): NormSet[] {
  const setOf = (area: Plan['areas'][number] | undefined) =>
    resolveNormSet(area, plan.board, registry, defaultNormSetId).set
  const used = new Map<string, NormSet>()
  for (const set of [setOf(undefined), ...plan.areas.map(setOf)])
    if (set && !used.has(set.id)) used.set(set.id, set)
  return [...used.values()]
}
