import {
  type Area,
  type AreaId,
  areasMap,
  type BBox,
  type Block,
  type BlockId,
  type Board,
  blockFootprint,
  blocksMap,
  decodeArea,
  decodeBlock,
  decodeParty,
  observePlan,
  type Party,
  type PartyId,
  partiesMap,
  type Ring,
  readBoard,
  ringBBox,
} from '@gebiedsbord/model'
import type * as Y from 'yjs'
import { boxesMeet, pointInRing } from '../geometry/hitTest.ts'
import { SpatialHash } from '../geometry/spatialHash.ts'
import { Listeners } from './observable.ts'

/** What one transaction changed, as the renderer, the evaluator and the panels need it. */
export interface MirrorChange {
  readonly blocks: ReadonlySet<BlockId>
  readonly areas: ReadonlySet<AreaId>
  readonly board: boolean
  readonly parties: boolean
  /** True for this client's own edits (also undo/redo), false for remote and stored updates. */
  readonly local: boolean
  readonly origin: unknown
}

/**
 * The plan as plain decoded records, kept in step with the Y.Doc one transaction at a time: only
 * the records a transaction touched are decoded again. Also indexes block footprints for hit
 * testing, snapping and lasso, and which area each block's centre lies in (for the block list).
 * Records that cannot be decoded (written by a faulty peer) are left out, as readPlan does.
 */
export class PlanMirror {
  readonly blocks = new Map<BlockId, Block>()
  readonly areas = new Map<AreaId, Area>()
  readonly parties = new Map<PartyId, Party>()
  /** World footprints of blocks, by id. */
  readonly footprints = new Map<BlockId, Ring>()
  readonly index = new SpatialHash<BlockId>(64)
  board: Board
  /** Increases with every change: a cheap snapshot key for React. */
  version = 0
  /** Increase when an area changes, a block is added or removed, a block changes area, the board or parties change. */
  areasVersion = 0
  blockSetVersion = 0
  placementVersion = 0
  boardVersion = 0
  partiesVersion = 0
  readonly changes = new Listeners<MirrorChange>()
  readonly #doc: Y.Doc
  readonly #areaOfBlock = new Map<BlockId, AreaId | null>()
  /** The inverse: blocks by the area their centre lies in (null: outside every area). */
  readonly #blocksOfArea = new Map<AreaId | null, Set<BlockId>>()
  /** Areas in id order with their boxes, rebuilt lazily after an area changes. */
  #areaList: { area: Area; box: BBox }[] | null = null
  readonly #stop: () => void

  constructor(doc: Y.Doc) {
    this.#doc = doc
    this.board = readBoard(doc)
    for (const id of partiesMap(doc).keys()) this.#syncParty(id as PartyId)
    for (const id of areasMap(doc).keys()) this.#syncArea(id as AreaId)
    for (const id of blocksMap(doc).keys()) this.#syncBlock(id as BlockId)
    this.#stop = observePlan(doc, (change, tx) => {
      const areaBoxes: BBox[] = []
      if (change.areas.size) this.areasVersion++
      if (change.board) this.boardVersion++
      if (change.parties.size) this.partiesVersion++
      for (const id of change.areas) {
        const before = this.areas.get(id)
        if (before) areaBoxes.push(ringBBox(before.polygon))
        this.#syncArea(id)
        const after = this.areas.get(id)
        if (after) areaBoxes.push(ringBBox(after.polygon))
      }
      for (const id of change.blocks) this.#syncBlock(id)
      // An area that moved or appeared can change which area a block's centre lies in, but only
      // for blocks under its old or new outline.
      for (const box of areaBoxes) for (const id of this.index.search(box)) this.#placeBlock(id)
      if (change.board) this.board = readBoard(doc)
      if (change.parties.size) for (const id of change.parties) this.#syncParty(id)
      this.version++
      this.changes.emit({
        blocks: change.blocks,
        areas: change.areas,
        board: change.board,
        parties: change.parties.size > 0,
        local: tx.local,
        origin: tx.origin,
      })
    })
  }

  /** Stops following the doc. */
  destroy(): void {
    this.#stop()
  }

  /** The area a block's centre lies in (the first by id when areas overlap), or null. */
  areaOf(id: BlockId): AreaId | null {
    return this.#areaOfBlock.get(id) ?? null
  }

  /** Blocks whose centre lies in an area (`null`: outside every area), in id order. */
  blocksIn(area: AreaId | null): Block[] {
    const out: Block[] = []
    for (const id of this.#blocksOfArea.get(area) ?? []) out.push(this.blocks.get(id) as Block)
    return out.sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0))
  }

  /** Areas in a stable order: by name, then id. */
  sortedAreas(): Area[] {
    return [...this.areas.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
  }

  /** The topmost block whose footprint contains a world point, or undefined. */
  blockAt(p: readonly [number, number], slop = 0): Block | undefined {
    const box = { minX: p[0] - slop, minY: p[1] - slop, maxX: p[0] + slop, maxY: p[1] + slop }
    let best: Block | undefined
    let bestArea = Number.POSITIVE_INFINITY
    for (const id of this.index.search(box)) {
      const fp = this.footprints.get(id) as Ring
      if (!pointInRing(p, fp)) continue
      // Among overlapping blocks the smallest wins: a play area on a park must stay reachable.
      const b = this.index.box(id) as BBox
      const size = (b.maxX - b.minX) * (b.maxY - b.minY)
      if (size < bestArea) {
        best = this.blocks.get(id)
        bestArea = size
      }
    }
    return best
  }

  /** The area containing a world point (the smallest when areas nest), or undefined. */
  areaAt(p: readonly [number, number]): Area | undefined {
    let best: Area | undefined
    let bestSize = Number.POSITIVE_INFINITY
    for (const a of this.areas.values()) {
      const b = ringBBox(a.polygon)
      if (p[0] < b.minX || p[0] > b.maxX || p[1] < b.minY || p[1] > b.maxY) continue
      if (!pointInRing(p, a.polygon)) continue
      const size = (b.maxX - b.minX) * (b.maxY - b.minY)
      if (size < bestSize) {
        best = a
        bestSize = size
      }
    }
    return best
  }

  /** The box around everything on the board, or undefined for an empty board. */
  extent(): BBox | undefined {
    let out: { minX: number; minY: number; maxX: number; maxY: number } | undefined
    const add = (b: BBox) => {
      if (!out) out = { ...b }
      else {
        out.minX = Math.min(out.minX, b.minX)
        out.minY = Math.min(out.minY, b.minY)
        out.maxX = Math.max(out.maxX, b.maxX)
        out.maxY = Math.max(out.maxY, b.maxY)
      }
    }
    for (const a of this.areas.values()) add(ringBBox(a.polygon))
    for (const id of this.blocks.keys()) add(this.index.box(id) as BBox)
    return out
  }

  /** Ids of blocks whose boxes meet a world box. */
  blocksNear(box: BBox): BlockId[] {
    return this.index.search(box)
  }

  /**
   * The blocks near an area (whose boxes meet the area's box): all that can overlap it, so all an
   * area's figures depend on. With the box and the ids, for callers that watch them for changes.
   */
  blocksNearArea(area: Area): { box: BBox; ids: BlockId[]; blocks: Block[] } {
    const box = ringBBox(area.polygon)
    const ids = this.blocksNear(box)
    const blocks: Block[] = []
    for (const id of ids) {
      const b = this.blocks.get(id)
      if (b) blocks.push(b)
    }
    return { box, ids, blocks }
  }

  #syncBlock(id: BlockId): void {
    const m = blocksMap(this.#doc).get(id)
    const d = m ? decodeBlock(id, m) : undefined
    if (!d?.ok) {
      if (this.blocks.has(id)) this.blockSetVersion++
      this.blocks.delete(id)
      this.footprints.delete(id)
      this.index.delete(id)
      this.#setArea(id, undefined)
      return
    }
    const block = d.value
    const fp = blockFootprint(block)
    if (!this.blocks.has(id)) this.blockSetVersion++
    this.blocks.set(id, block)
    this.footprints.set(id, fp)
    this.index.set(id, ringBBox(fp))
    this.#placeBlock(id)
  }

  #placeBlock(id: BlockId): void {
    const b = this.blocks.get(id)
    if (!b) return
    const p: [number, number] = [b.x, b.y]
    let found: AreaId | null = null
    this.#areaList ??= [...this.areas.values()]
      .sort((x, y) => (x.id < y.id ? -1 : 1))
      .map((area) => ({ area, box: ringBBox(area.polygon) }))
    const at = { minX: b.x, minY: b.y, maxX: b.x, maxY: b.y }
    for (const { area, box } of this.#areaList) {
      if (!boxesMeet(box, at)) continue
      if (pointInRing(p, area.polygon)) {
        found = area.id
        break
      }
    }
    this.#setArea(id, found)
  }

  #setArea(id: BlockId, area: AreaId | null | undefined): void {
    const before = this.#areaOfBlock.get(id)
    if (before === area && this.#areaOfBlock.has(id) === (area !== undefined)) return
    this.placementVersion++
    if (this.#areaOfBlock.has(id)) this.#blocksOfArea.get(before ?? null)?.delete(id)
    if (area === undefined) {
      this.#areaOfBlock.delete(id)
      return
    }
    this.#areaOfBlock.set(id, area)
    let set = this.#blocksOfArea.get(area)
    if (!set) {
      set = new Set()
      this.#blocksOfArea.set(area, set)
    }
    set.add(id)
  }

  #syncArea(id: AreaId): void {
    this.#areaList = null
    const m = areasMap(this.#doc).get(id)
    const d = m ? decodeArea(id, m) : undefined
    if (d?.ok) this.areas.set(id, d.value)
    else this.areas.delete(id)
  }

  #syncParty(id: PartyId): void {
    const m = partiesMap(this.#doc).get(id)
    const d = m ? decodeParty(id, m) : undefined
    if (d?.ok) this.parties.set(id, d.value)
    else this.parties.delete(id)
  }
}
