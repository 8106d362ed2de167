import type { BBox, Block, BlockId } from '@gebiedsbord/model'
import Konva from 'konva'
import type { MirrorChange, PlanMirror } from '../state/planMirror.ts'
import { drawBlock } from './blockDrawing.ts'
import { drawColdBlocks, localBoxOf } from './coldDrawing.ts'
import type { RenderContext } from './renderContext.ts'

/** How long a changed block stays hot before settling back into the cold layer (ms). */
const HOT_MS = 1200
/**
 * A transaction touching more blocks than this (loading, pasting many, a remote bulk edit) is
 * drawn straight into the cold layer: one redraw of it is cheaper than thousands of hot nodes.
 */
const HOT_LIMIT = 64

interface HotEntry {
  readonly node: Konva.Shape
  block: Block
  local: BBox
  world: BBox
}

/**
 * Draws the blocks in two tiers. The cold layer is one Konva shape that draws every block nobody
 * is touching in a single batched pass (a few fills per redraw, whatever the count) and is redrawn
 * only when a block joins or leaves it, or the view changes. Hot blocks (selected, dragged,
 * transformed, or changed in the last moment, here or by others) are plain Konva shapes of their
 * own in a group of the top layer, which is redrawn on every change. A drag therefore repaints a
 * handful of shapes per frame on a board of ten thousand blocks. Nothing here listens to pointer
 * events: hit testing uses the plan mirror's spatial index.
 */
export class BlockRenderer {
  readonly #cold: Konva.Layer
  readonly #hot: Konva.Group
  readonly #mirror: PlanMirror
  readonly #rc: RenderContext
  readonly #entries = new Map<BlockId, HotEntry>()
  readonly #hotUntil = new Map<BlockId, number>()
  /** Blocks kept hot regardless of time: selected or in a gesture. */
  #pinned: ReadonlySet<BlockId> = new Set()
  /** Blocks whose nodes the local gesture drives: doc echoes of them are not applied. */
  #gesture: ReadonlySet<BlockId> = new Set()
  #coolTimer: ReturnType<typeof setTimeout> | null = null
  #coldDirty = false
  #hotDirty = false

  readonly #settled: () => boolean

  /** `settled` says whether the server's state has arrived: remote changes before that are not highlighted. */
  constructor(
    cold: Konva.Layer,
    hot: Konva.Group,
    mirror: PlanMirror,
    rc: RenderContext,
    settled: () => boolean,
  ) {
    this.#settled = settled
    this.#cold = cold
    this.#hot = hot
    this.#mirror = mirror
    this.#rc = rc
    cold.add(
      new Konva.Shape({
        listening: false,
        perfectDrawEnabled: false,
        sceneFunc: (ctx) => drawColdBlocks(ctx._context, mirror, this.#entries, rc),
      }),
    )
    this.#coldDirty = true
  }

  /** Applies one transaction's changes: only the touched blocks are re-read. */
  apply(change: MirrorChange): void {
    const now = performance.now()
    // What arrives before the server's state (the local copy, the first sync) is loading, not news.
    const bulk = change.blocks.size > HOT_LIMIT || (!change.local && !this.#settled())
    for (const id of change.blocks) {
      const block = this.#mirror.blocks.get(id)
      const entry = this.#entries.get(id)
      if (!block) {
        if (entry) this.#drop(id)
        else this.#coldDirty = true
        continue
      }
      if (entry && this.#gesture.has(id)) continue
      if (entry) {
        this.#update(entry, block)
        this.#hotDirty = true
      } else if (bulk) this.#coldDirty = true
      else this.#heat(id)
      if (!bulk) this.#hotUntil.set(id, now + HOT_MS)
    }
    this.#scheduleCooling()
    this.flush()
  }

  /** Keeps these blocks hot (the selection), drawn with the current selection state. */
  pin(ids: ReadonlySet<BlockId>): void {
    const before = this.#pinned
    this.#pinned = ids
    const now = performance.now()
    for (const id of before)
      if (!ids.has(id) && this.#entries.has(id)) {
        this.#hotDirty = true
        // Unselected blocks settle back with the next cooling.
        if (!this.#hotUntil.has(id)) this.#hotUntil.set(id, now)
      }
    for (const id of ids) this.#heat(id)
    this.#scheduleCooling()
    this.flush()
  }

  /** Blocks whose drawing depends on something outside them (someone's selection) must be repainted. */
  repaint(ids: Iterable<BlockId>): void {
    for (const id of ids) {
      if (this.#entries.has(id)) this.#hotDirty = true
      else this.#coldDirty = true
    }
    this.flush()
  }

  /** Starts a gesture: these nodes now follow the pointer, not the doc. */
  beginGesture(ids: ReadonlySet<BlockId>): void {
    this.#gesture = ids
    for (const id of ids) this.#heat(id)
    this.flush()
  }

  /** Shows a block as it will be, ahead of the doc (dragging, transforming). */
  preview(block: Block): void {
    const e = this.#entries.get(block.id)
    if (!e) return
    this.#update(e, block)
    e.world = worldBoxOf(block, e.local)
    this.#hotDirty = true
  }

  /** Ends a gesture: the nodes show the doc again. */
  endGesture(): void {
    const ids = this.#gesture
    this.#gesture = new Set()
    const now = performance.now()
    for (const id of ids) {
      const block = this.#mirror.blocks.get(id)
      const e = this.#entries.get(id)
      if (block && e) this.#update(e, block)
      this.#hotUntil.set(id, now + HOT_MS)
    }
    this.#hotDirty = true
    this.#scheduleCooling()
    this.flush()
  }

  /** Everything must be drawn again (zoom, language, visible box). */
  invalidate(): void {
    this.#coldDirty = true
    this.#hotDirty = true
  }

  /** Draws what changed, once per frame (Konva batches within a frame). */
  flush(): void {
    if (this.#coldDirty) this.#cold.batchDraw()
    if (this.#hotDirty) this.#hot.getLayer()?.batchDraw()
    this.#coldDirty = false
    this.#hotDirty = false
  }

  /** Whether a block is drawn on its own (hot) rather than in the cold pass. */
  isHot(id: BlockId): boolean {
    return this.#entries.has(id)
  }

  destroy(): void {
    if (this.#coolTimer) clearTimeout(this.#coolTimer)
    for (const e of this.#entries.values()) e.node.destroy()
    this.#entries.clear()
  }

  #heat(id: BlockId): void {
    if (this.#entries.has(id)) {
      this.#hotDirty = true
      return
    }
    const block = this.#mirror.blocks.get(id)
    if (!block) return
    const rc = this.#rc
    const local = localBoxOf(block)
    const entry: HotEntry = {
      block,
      local,
      world: this.#mirror.index.box(id) ?? worldBoxOf(block, local),
      node: new Konva.Shape({
        listening: false,
        perfectDrawEnabled: false,
        x: block.x,
        y: -block.y,
        rotation: -block.rotation,
        sceneFunc: (ctx) => drawBlock(ctx._context, entry.block, entry.local, entry.world, rc),
      }),
    }
    this.#entries.set(id, entry)
    this.#hot.add(entry.node)
    // The block leaves the cold pass.
    this.#coldDirty = true
    this.#hotDirty = true
  }

  #drop(id: BlockId): void {
    const e = this.#entries.get(id)
    if (!e) return
    e.node.destroy()
    this.#entries.delete(id)
    this.#hotUntil.delete(id)
    this.#hotDirty = true
    this.#coldDirty = true
  }

  #update(e: HotEntry, block: Block): void {
    if (block.shape !== e.block.shape) e.local = localBoxOf(block)
    e.block = block
    e.world = this.#mirror.index.box(block.id) ?? e.world
    e.node.setAttrs({ x: block.x, y: -block.y, rotation: -block.rotation })
  }

  #scheduleCooling(): void {
    if (this.#coolTimer || this.#hotUntil.size === 0) return
    this.#coolTimer = setTimeout(() => {
      this.#coolTimer = null
      this.#cool()
    }, HOT_MS)
  }

  /** Returns blocks that settled to the cold pass, in one batch. */
  #cool(): void {
    const now = performance.now()
    for (const [id, until] of this.#hotUntil) {
      if (this.#pinned.has(id) || this.#gesture.has(id) || until > now) continue
      this.#hotUntil.delete(id)
      const e = this.#entries.get(id)
      if (e) {
        e.node.destroy()
        this.#entries.delete(id)
        this.#coldDirty = true
        this.#hotDirty = true
      }
    }
    this.#scheduleCooling()
    this.flush()
  }
}

/** A block's world box computed from its own fields (for previews not yet in the mirror). */
function worldBoxOf(block: Block, local: BBox): BBox {
  const r = (block.rotation * Math.PI) / 180
  const c = Math.abs(Math.cos(r))
  const s = Math.abs(Math.sin(r))
  const hw = Math.max(Math.abs(local.minX), Math.abs(local.maxX))
  const hh = Math.max(Math.abs(local.minY), Math.abs(local.maxY))
  const ex = hw * c + hh * s
  const ey = hw * s + hh * c
  return { minX: block.x - ex, maxX: block.x + ex, minY: block.y - ey, maxY: block.y + ey }
}
