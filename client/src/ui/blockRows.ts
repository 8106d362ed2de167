import type { AreaId, BlockId } from '@gebiedsbord/model'
import { type PaletteId, paletteIdOf } from '../blocks/catalogue.ts'
import { keyFigure } from '../blocks/figures.ts'
import type { Lang } from '../i18n/format.ts'
import type { PlanMirror } from '../state/planMirror.ts'

/** What one row of the block list shows. */
export interface BlockRowData {
  readonly id: BlockId
  readonly name: string
  readonly figure: string
  readonly paletteId: PaletteId
  readonly selected: boolean
}

/** Which blocks a list shows: one area's (null: outside every area) or all. */
export type RowFilter = AreaId | null | 'all'

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The rows of the block list, recomputed from the plan but returned as the same objects (and the
 * same array) as long as what they show is unchanged: moving a block changes no row, so a drag
 * re-renders none of the list.
 */
export class BlockRows {
  #ids: { key: string; ids: BlockId[] } | null = null
  readonly #rows = new Map<BlockId, BlockRowData>()
  #last: readonly BlockRowData[] = []
  /** How many blocks the filter matches (the list may show fewer). */
  count = 0

  rows(
    mirror: PlanMirror,
    filter: RowFilter,
    limit: number,
    selected: ReadonlySet<BlockId>,
    lang: Lang,
    kindLabel: (id: PaletteId) => string,
  ): readonly BlockRowData[] {
    const key = `${filter}\u0000${mirror.blockSetVersion}\u0000${mirror.placementVersion}`
    if (this.#ids?.key !== key)
      this.#ids = {
        key,
        ids:
          filter === 'all' ? [...mirror.blocks.keys()].sort(byId) : mirror.blocksIn(filter).map((b) => b.id),
      }
    const ids = this.#ids.ids
    this.count = ids.length
    const out: BlockRowData[] = []
    for (const id of ids.slice(0, limit)) {
      const b = mirror.blocks.get(id)
      if (!b) continue
      const paletteId = paletteIdOf(b)
      const name = b.label ?? kindLabel(paletteId)
      const figure = keyFigure(b, lang)
      const isSelected = selected.has(id)
      const old = this.#rows.get(id)
      if (
        old &&
        old.name === name &&
        old.figure === figure &&
        old.paletteId === paletteId &&
        old.selected === isSelected
      )
        out.push(old)
      else {
        const row = { id, name, figure, paletteId, selected: isSelected }
        this.#rows.set(id, row)
        out.push(row)
      }
    }
    const same = out.length === this.#last.length && out.every((r, i) => r === this.#last[i])
    if (!same) this.#last = out
    return this.#last
  }
}
