import { createContext, useContext, useSyncExternalStore } from 'react'
import type { Cell } from '../state/observable.ts'
import type { BoardSession } from '../state/session.ts'

/** The open board, for the components of the board page. */
export const SessionContext = createContext<BoardSession | null>(null)

/** The open board; only inside the board page. */
export function useSession(): BoardSession {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside a board page')
  return s
}

/** The value of a cell; the component re-renders when it changes. */
export function useCell<T>(cell: Cell<T>): T {
  return useSyncExternalStore(cell.subscribe, cell.get)
}

/**
 * A value read from the plan, re-read at most once per frame; the component re-renders only when
 * it changes (Object.is), so `select` must return primitives or objects it does not recreate
 * (records of the mirror, which are replaced only when they change).
 */
export function usePlan<T>(s: BoardSession, select: () => T): T {
  return useSyncExternalStore(s.planTick.subscribe, select)
}
