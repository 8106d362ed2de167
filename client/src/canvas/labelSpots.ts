import type { Area, AreaId, BBox, Vec2 } from '@gebiedsbord/model'
import { placeLabel } from './areaDrawing.ts'

interface Spot {
  readonly polygon: readonly Vec2[]
  readonly w: number
  readonly h: number
  readonly at: Vec2
}

/**
 * Where each area's label sits, kept between redraws of the labels.
 *
 * Placing a label tries spots along the area's top edge for one that covers no block, a search of
 * the block index per spot (`placeLabel`). On a board of 10,000 blocks, doing that for every area
 * on every redraw took a third of the main thread while a block was dragged across areas (the
 * labels redraw whenever an area's figures change). A spot is kept while the area's outline and
 * the label's size in metres (its text and the zoom) stay the same, until `clear`: the canvas
 * clears it when blocks change, except during a gesture, so that labels hold still while blocks
 * are dragged and find their places again when the gesture ends.
 */
export class LabelSpots {
  readonly #spots = new Map<AreaId, Spot>()
  readonly #crowding: (box: BBox) => number

  /** `crowding` counts the blocks a box in world metres would cover. */
  constructor(crowding: (box: BBox) => number) {
    this.#crowding = crowding
  }

  /** The centre of an area's label `w` × `h` metres in size, in world metres. */
  place(area: Area, w: number, h: number): Vec2 {
    const kept = this.#spots.get(area.id)
    if (kept && kept.polygon === area.polygon && kept.w === w && kept.h === h) return kept.at
    const at = placeLabel(area, w, h, this.#crowding)
    this.#spots.set(area.id, { polygon: area.polygon, w, h, at })
    return at
  }

  /** Blocks changed: every label is placed anew at its next redraw. */
  clear(): void {
    this.#spots.clear()
  }
}
