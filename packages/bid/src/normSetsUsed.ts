import { DEFAULT_NORM_SET_ID, type NormSet, type NormSetRegistry } from '@gebiedsbord/barcode'
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
  const resolve = (id: string | undefined) =>
    registry.get(id ?? plan.board.normSetId ?? defaultNormSetId) ?? registry.get(defaultNormSetId)
  const used = new Map<string, NormSet>()
  for (const set of [resolve(undefined), ...plan.areas.map((a) => resolve(a.normSetId))])
    if (set && !used.has(set.id)) used.set(set.id, set)
  return [...used.values()]
}
