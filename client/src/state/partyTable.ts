import { type PartyProgrammeRow, partyProgramme, type ScopeProgramme } from '@gebiedsbord/barcode'
import type { AreaId, BlockId, Plan } from '@gebiedsbord/model'
import { normSets } from './barcodeStore.ts'
import { type Cell, Listeners, ThrottledCall } from './observable.ts'
import { sortedParties } from './parties.ts'
import type { PlanMirror } from './planMirror.ts'

/** How long the table may lag behind the plan while someone edits (ms): never once per frame. */
const REFRESH_MS = 250

/** How to open the party table of a board. */
export interface PartyTableOptions {
  readonly mirror: PlanMirror
  /**
   * Blocks this user is dragging: while there are any the table waits, since a whole plan's table
   * of ten thousand blocks takes tens of milliseconds, which a drag's frames cannot spare.
   */
  readonly gesture: Cell<ReadonlySet<BlockId>>
  /** How long the table may lag behind the plan while someone edits (ms, default 250). */
  readonly refreshMs?: number
}

/**
 * The party table (each party's programme and share of the social and affordable targets) of one
 * area or of the whole plan, computed only when a panel asks for it and at most once per
 * `refreshMs` while the plan changes: a drag repaints the map every frame, the table a few times a
 * second, and this user's own drag only when it ends. An area's table reads only the blocks near
 * it, since a block's share in an area and the area's targets do not depend on the other areas.
 */
export class PartyTableStore {
  readonly #mirror: PlanMirror
  readonly #gesture: Cell<ReadonlySet<BlockId>>
  readonly #listeners = new Listeners()
  /** Tables asked for since the last change, by area ('' for the plan). */
  readonly #cached = new Map<AreaId | '', ScopeProgramme | null>()
  readonly #refresh: ThrottledCall
  /** A change arrived during a gesture: listeners hear of it when the gesture ends. */
  #held = false
  readonly #stop: (() => void)[]

  constructor(o: PartyTableOptions) {
    this.#mirror = o.mirror
    this.#gesture = o.gesture
    this.#refresh = new ThrottledCall(() => {
      if (this.#gesture.get().size > 0) this.#held = true
      else this.#notify()
    }, o.refreshMs ?? REFRESH_MS)
    this.#stop = [
      o.mirror.changes.subscribe(() => this.#refresh.schedule()),
      o.gesture.subscribe((ids) => {
        if (ids.size === 0 && this.#held) this.#refresh.schedule()
      }),
    ]
  }

  /**
   * The table of an area (null: of the whole plan) as of the last refresh; null for an area the
   * plan does not have. The same object until the plan changes, as React's store snapshots must be.
   */
  table(area: AreaId | null): ScopeProgramme | null {
    const key = area ?? ''
    if (this.#cached.has(key)) return this.#cached.get(key) ?? null
    const table = this.#compute(area)
    this.#cached.set(key, table)
    return table
  }

  subscribe = (fn: () => void): (() => void) => this.#listeners.subscribe(fn)

  /** Tells listeners of a pending change now rather than after the wait. */
  flush(): void {
    if (!this.#refresh.pending && !this.#held) return
    this.#refresh.cancel()
    this.#notify()
  }

  destroy(): void {
    for (const f of this.#stop) f()
    this.#refresh.cancel()
  }

  #notify(): void {
    this.#held = false
    this.#cached.clear()
    this.#listeners.emit()
  }

  #compute(areaId: AreaId | null): ScopeProgramme | null {
    const m = this.#mirror
    const parties = sortedParties(m.parties.values())
    if (areaId === null) {
      const plan: Plan = { board: m.board, areas: m.sortedAreas(), blocks: [...m.blocks.values()], parties }
      return partyProgramme(plan, { registry: normSets() }).plan
    }
    const area = m.areas.get(areaId)
    if (!area) return null
    const plan: Plan = { board: m.board, areas: [area], blocks: m.blocksNearArea(area).blocks, parties }
    return partyProgramme(plan, { registry: normSets() }).areas[0] ?? null
  }
}

const percent = (part: number, whole: number | null): number | null =>
  whole === null || whole <= 0 ? null : (100 * part) / whole

/**
 * The total of a scope as a row of its table: its programme, and its shares of its own targets
 * (how far the scope as a whole meets them), read like any party's.
 */
export function totalRow(scope: ScopeProgramme): PartyProgrammeRow {
  const { total, targets } = scope
  const share = (t: ScopeProgramme['targets']['social']) => ({
    dwellings: t.dwellings,
    ofScope: t.dwellings > 0 ? 100 : null,
    ofRequired: percent(t.dwellings, t.requiredDwellings),
    own: percent(t.dwellings, total.dwellings),
  })
  return { party: null, ...total, social: share(targets.social), affordable: share(targets.affordable) }
}
