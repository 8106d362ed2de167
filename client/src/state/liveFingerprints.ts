import { areaFingerprints } from '@gebiedsbord/barcode'
import type { Area, AreaId, BBox, Block, BlockId } from '@gebiedsbord/model'
import { boxesMeet } from '../geometry/hitTest.ts'
import type { MirrorChange, PlanMirror } from './planMirror.ts'

/**
 * The content fingerprint of one area of the live plan: equal to what `areaFingerprints` gives for
 * the whole plan, because an area's fingerprint depends only on the area, the board's norm set
 * and the blocks that overlap it, and a block's share in an area does not depend on other areas.
 * Only the blocks near the area are read, so this costs what the area holds, not the board.
 */
export function mirrorAreaFingerprint(
  mirror: PlanMirror,
  area: Area,
  blocks: Block[] = mirror.blocksNearArea(area).blocks,
): string {
  const plan = { board: mirror.board, areas: [area], blocks, parties: [] }
  return areaFingerprints(plan).get(area.id) as string
}

interface Cached {
  readonly fingerprint: string
  readonly box: BBox
  /** The blocks whose boxes met the area's when it was fingerprinted: a change to any of them may change it. */
  readonly near: ReadonlySet<BlockId>
}

/**
 * Fingerprints of the live plan's areas, computed when asked and kept until a change can have
 * touched the area: the area itself, the board (its norm set), or a block whose box met the area's
 * before or meets it after the change. A drag elsewhere on the board costs a box test per
 * fingerprinted area, so only the areas someone signed off are ever hashed.
 */
export class LiveFingerprints {
  readonly #mirror: PlanMirror
  readonly #cache = new Map<AreaId, Cached>()

  constructor(mirror: PlanMirror) {
    this.#mirror = mirror
  }

  /** The area's fingerprint now, or undefined when the plan has no such area. */
  get(id: AreaId): string | undefined {
    const area = this.#mirror.areas.get(id)
    if (!area) {
      this.#cache.delete(id)
      return undefined
    }
    const hit = this.#cache.get(id)
    if (hit) return hit.fingerprint
    const { box, ids, blocks } = this.#mirror.blocksNearArea(area)
    const fingerprint = mirrorAreaFingerprint(this.#mirror, area, blocks)
    this.#cache.set(id, { fingerprint, box, near: new Set(ids) })
    return fingerprint
  }

  /** Forgets what a transaction may have changed; true when any remembered fingerprint was dropped. */
  apply(change: MirrorChange): boolean {
    if (this.#cache.size === 0) return false
    if (change.board) {
      this.#cache.clear()
      return true
    }
    let dropped = false
    for (const id of change.areas) dropped = this.#cache.delete(id) || dropped
    if (change.blocks.size === 0) return dropped
    for (const [area, c] of this.#cache) {
      for (const id of change.blocks) {
        const box = this.#mirror.index.box(id)
        if (c.near.has(id) || (box && boxesMeet(box, c.box))) {
          this.#cache.delete(area)
          dropped = true
          break
        }
      }
    }
    return dropped
  }

  /** How many areas have a remembered fingerprint (for tests of what is recomputed). */
  get size(): number {
    return this.#cache.size
  }
}
