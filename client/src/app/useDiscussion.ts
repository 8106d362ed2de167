import { useCallback, useSyncExternalStore } from 'react'
import type { BoardSession } from '../state/session.ts'

/**
 * A value read from the comments and the plan together (a block's thread counts where the block
 * is now): re-read when either changes; the component re-renders only when it differs (Object.is),
 * so `select` must return primitives or objects it does not recreate.
 */
export function useDiscussionValue<T>(s: BoardSession, select: () => T): T {
  const subscribe = useCallback(
    (fn: () => void) => {
      const offComments = s.discussion.state.subscribe(fn)
      const offPlan = s.planTick.subscribe(fn)
      return () => {
        offComments()
        offPlan()
      }
    },
    [s],
  )
  return useSyncExternalStore(subscribe, select)
}
