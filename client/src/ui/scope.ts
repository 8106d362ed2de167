import type { Area, AreaId, BlockId } from '@gebiedsbord/model'
import { useMemo } from 'react'
import { useAreaOfSelected, useCell, usePlan } from '../app/hooks.ts'
import type { BoardSession } from '../state/session.ts'

/** Which area a panel shows: the selection's (`auto`), the whole plan, or a chosen area's id. */
export type Scope = 'auto' | 'plan' | string

/**
 * The area a panel with a scope select shows, or null for the whole plan: with `auto`, the
 * selected area, else the area of the one selected block (held while it is dragged).
 */
export function useScopeArea(s: BoardSession, scope: Scope): AreaId | null {
  const sel = useCell(s.selection)
  const single = sel.blocks.size === 1 ? ([...sel.blocks][0] as BlockId) : null
  const singleArea = useAreaOfSelected(s, single)
  if (scope === 'plan') return null
  if (scope !== 'auto') return scope as AreaId
  return sel.area ?? singleArea
}

/** The plan's areas by name (see `sortedAreas`), re-read when an area changes. */
export function useSortedAreas(s: BoardSession): Area[] {
  const version = usePlan(s, () => s.mirror.areasVersion)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the version is what says the areas changed.
  return useMemo(() => s.mirror.sortedAreas(), [s, version])
}
