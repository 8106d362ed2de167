import type { AreaId, BlockId } from '@gebiedsbord/model'
import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from 'react'
import { type Cell, frameThrottle } from '../state/observable.ts'
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
 * The value of a cell that changes with every pointer event (the pointer's position): the
 * component re-renders at most once per animation frame, so a drag does not re-render (and re-lay
 * out) the page once per event.
 */
export function useCellPerFrame<T>(cell: Cell<T>): T {
  const subscribe = useCallback(
    (fn: () => void) => {
      const throttled = frameThrottle(fn)
      const off = cell.subscribe(() => throttled())
      return () => {
        throttled.cancel()
        off()
      }
    },
    [cell],
  )
  return useSyncExternalStore(subscribe, cell.get)
}

/**
 * A value read from the plan, re-read at most once per frame; the component re-renders only when
 * it changes (Object.is), so `select` must return primitives or objects it does not recreate
 * (records of the mirror, which are replaced only when they change).
 */
export function usePlan<T>(s: BoardSession, select: () => T): T {
  return useSyncExternalStore(s.planTick.subscribe, select)
}

/**
 * The area a block is in, for panels that follow a single selected block (barcode, block list).
 * While the block is being dragged the area is held: otherwise every area boundary the drag
 * crosses would switch the panels to another area's rows, re-rendering and re-laying out the side
 * panels mid-drag (the slowest frames of a drag). The panels catch up when the gesture ends.
 */
export function useAreaOfSelected(s: BoardSession, id: BlockId | null): AreaId | null {
  const held = useRef<{ id: BlockId | null; area: AreaId | null }>({ id: null, area: null })
  const subscribe = useCallback(
    (fn: () => void) => {
      const offPlan = s.planTick.subscribe(fn)
      const offGesture = s.gesture.subscribe(fn)
      return () => {
        offPlan()
        offGesture()
      }
    },
    [s],
  )
  return useSyncExternalStore(subscribe, () => {
    if (!id) return null
    if (held.current.id === id && s.gesture.get().has(id)) return held.current.area
    const area = s.mirror.areaOf(id)
    held.current = { id, area }
    return area
  })
}
