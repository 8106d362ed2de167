import { type Area, areasMap, BoardKey, boardMap } from '@gebiedsbord/model'
import * as Y from 'yjs'

/** The key of an area record that names its own norm set. */
const AREA_NORM_SET = 'normSetId' satisfies keyof Area

/**
 * A norm set that an update changed: the board's (no `area`) or one area's own. An absent `from`
 * or `to` means none was named: the default for the board, the board's set for an area.
 */
export interface NormSetChange {
  readonly from?: string
  readonly to?: string
  readonly area?: string
  readonly areaName?: string
}

/** A norm set id as the model reads it: a non-empty string, else none. */
const setId = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

const change = (from: string | undefined, to: string | undefined, area?: { id: string; name: unknown }) => ({
  ...(from !== undefined ? { from } : {}),
  ...(to !== undefined ? { to } : {}),
  ...(area ? { area: area.id, ...(typeof area.name === 'string' ? { areaName: area.name } : {}) } : {}),
})

/**
 * Applies an update through `apply` and returns the norm sets it changed, read from the Yjs events
 * of the board map and of existing area records (their old values come with the events). The
 * observers are there only during `apply` and are called only when the update touches the board
 * or an area, so an update that moves blocks costs nothing more. A new or removed area is not a
 * change of norm set; a concurrent write that leaves the value as it was is none either.
 */
export function normSetChanges(doc: Y.Doc, apply: () => void): NormSetChange[] {
  const out: NormSetChange[] = []
  const board = boardMap(doc)
  const areas = areasMap(doc)
  const onBoard = (e: Y.YMapEvent<unknown>) => {
    const key = e.changes.keys.get(BoardKey.normSetId)
    if (!key) return
    const from = setId(key.oldValue)
    const to = setId(board.get(BoardKey.normSetId))
    if (from !== to) out.push(change(from, to))
  }
  const onAreas = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const e of events) {
      // Only an area record's own keys: not the areas map (areas added or removed) nor deeper types.
      if (!(e instanceof Y.YMapEvent) || e.target.parent !== areas) continue
      // Yjs sends no event for a record made in this very update: a new area is not a change.
      const key = e.changes.keys.get(AREA_NORM_SET)
      if (!key) continue
      const record = e.target as Y.Map<unknown>
      const from = setId(key.oldValue)
      const to = setId(record.get(AREA_NORM_SET))
      if (from !== to) out.push(change(from, to, { id: String(e.path[0]), name: record.get('name') }))
    }
  }
  board.observe(onBoard)
  areas.observeDeep(onAreas)
  try {
    apply()
  } finally {
    board.unobserve(onBoard)
    areas.unobserveDeep(onAreas)
  }
  return out
}
