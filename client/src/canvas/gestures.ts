import type { BBox, Block, BlockId } from '@gebiedsbord/model'
import { moveBlock } from '@gebiedsbord/model'
import type { PaletteId } from '../blocks/catalogue.ts'
import { isTrackpadScroll, panBy, screenToWorld, wheelZoomFactor, zoomAt } from '../geometry/camera.ts'
import { pointInRing, unionBoxes } from '../geometry/hitTest.ts'
import { type ScreenPoint, screen, type WorldPoint } from '../geometry/points.ts'
import { snapGridStep, snapMove } from '../geometry/snapping.ts'
import { placeBlock } from '../state/editing.ts'
import { frameThrottle } from '../state/observable.ts'
import { AreaTool } from './areaTool.ts'
import type { MapController } from './controller.ts'
import { TouchPinch } from './touchPinch.ts'

/** The MIME type a palette entry is dragged with (HTML drag and drop onto the map). */
export const PALETTE_MIME = 'application/x-gebiedsbord-block'

/** Pixels a pointer must travel before a press becomes a drag, so that clicks stay clicks. */
const DRAG_SLOP = 4
/** Pixels within which an edge snaps to a neighbour's. */
const SNAP_PX = 6

type State =
  | { kind: 'idle' }
  | {
      kind: 'press'
      pointerId: number
      start: ScreenPoint
      onBlock: BlockId | null
      shift: boolean
      wasSelected: boolean
    }
  | { kind: 'pan'; pointerId: number; last: ScreenPoint }
  | { kind: 'drag'; pointerId: number; start: WorldPoint; origins: Map<BlockId, Block>; box: BBox }
  | { kind: 'lasso'; pointerId: number; additive: boolean }

/**
 * Pointer, wheel and drop input on the map: select (click, shift-click, lasso), move blocks
 * (drag, with snapping), pan (drag on empty map, space-drag, middle button, trackpad scroll),
 * zoom (wheel, pinch), draw areas, and drop palette entries. A drag moves the Konva nodes at
 * once and commits to the doc once per frame, as one undo step.
 */
export class Gestures {
  readonly #map: MapController
  readonly #el: HTMLElement
  #state: State = { kind: 'idle' }
  #space = false
  readonly #areaTool: AreaTool
  readonly #commit = frameThrottle((origins: Map<BlockId, Block>, dx: number, dy: number) => {
    const s = this.#map.session
    s.doc.transact(() => {
      for (const [id, b] of origins) moveBlock(s.doc, id, [b.x + dx, b.y + dy], s.origin)
    }, s.origin)
  })
  readonly #off: (() => void)[] = []
  readonly #pinch = new TouchPinch()

  constructor(map: MapController) {
    this.#map = map
    this.#areaTool = new AreaTool(map)
    this.#el = map.stage.container()
    const on = <K extends keyof HTMLElementEventMap>(
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
      opts?: AddEventListenerOptions,
    ) => {
      this.#el.addEventListener(type, fn as EventListener, opts)
      this.#off.push(() => this.#el.removeEventListener(type, fn as EventListener, opts))
    }
    on('pointerdown', (e) => {
      if (!this.#pinchDown(e)) this.#down(e)
    })
    on('pointermove', (e) => {
      if (!this.#pinchMove(e)) this.#move(e)
    })
    on('pointerup', (e) => {
      this.#pinch.up(e.pointerId)
      this.#up(e)
    })
    on('pointercancel', (e) => {
      this.#pinch.up(e.pointerId)
      this.cancel()
    })
    on('pointerleave', () => {
      if (this.#state.kind === 'idle') {
        map.session.view.pointer.set(null)
        map.session.presence.setCursor(null)
      }
    })
    on('wheel', (e) => this.#wheel(e), { passive: false })
    on('dblclick', () => {
      if (map.session.view.tool.get() === 'area') this.finishDrawing()
    })
    on('dragover', (e) => {
      if (!map.session.readOnly && e.dataTransfer?.types.includes(PALETTE_MIME)) {
        e.preventDefault()
        e.dataTransfer.dropEffect = 'copy'
      }
    })
    on('drop', (e) => {
      const id = e.dataTransfer?.getData(PALETTE_MIME)
      if (!id || map.session.readOnly) return
      e.preventDefault()
      placeBlock(map.session, id as PaletteId, this.#world(this.#screen(e)))
      this.#el.focus()
    })
    const key = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || isEditable(e.target)) return
      this.#space = e.type === 'keydown'
      this.#el.style.cursor = this.#space ? 'grab' : ''
    }
    window.addEventListener('keydown', key)
    window.addEventListener('keyup', key)
    this.#off.push(
      () => window.removeEventListener('keydown', key),
      () => window.removeEventListener('keyup', key),
    )
  }

  /** Abandons the gesture in progress: a drag returns the blocks, a drawing or lasso is dropped. */
  cancel(): void {
    const st = this.#state
    if (st.kind === 'drag') {
      this.#commit.cancel()
      this.#commit(st.origins, 0, 0)
      this.#endDrag()
    }
    const sk = this.#map.sketch
    sk.lasso = null
    sk.drawing = null
    sk.guides = null
    this.#state = { kind: 'idle' }
    this.#map.redrawSketch()
  }

  /** Turns the corners drawn so far into an area (see AreaTool). */
  finishDrawing(): void {
    this.#areaTool.finish()
  }

  destroy(): void {
    this.#commit.cancel()
    for (const f of this.#off) f()
  }

  /** A second finger turns whatever the first began into a pinch; true when the event is the pinch's. */
  #pinchDown(e: PointerEvent): boolean {
    if (e.pointerType !== 'touch') return false
    if (this.#pinch.down(e.pointerId, this.#screen(e))) {
      this.cancel()
      return true
    }
    return this.#pinch.active
  }

  #pinchMove(e: PointerEvent): boolean {
    if (e.pointerType !== 'touch') return false
    const view = this.#map.session.view
    const next = this.#pinch.move(e.pointerId, this.#screen(e), view.camera.get())
    if (next) view.camera.set(next)
    return next !== null
  }

  #screen(e: { clientX: number; clientY: number }): ScreenPoint {
    const r = this.#el.getBoundingClientRect()
    return screen(e.clientX - r.left, e.clientY - r.top)
  }

  #world(p: ScreenPoint): WorldPoint {
    return screenToWorld(this.#map.session.view.camera.get(), p)
  }

  #down(e: PointerEvent): void {
    if (this.#state.kind !== 'idle' || e.button === 2) return
    const p = this.#screen(e)
    if (this.#map.overlayHit(p[0], p[1])) return
    this.#el.focus({ preventScroll: true })
    const s = this.#map.session
    if (e.button === 1 || this.#space) {
      e.preventDefault()
      this.#capture(e)
      this.#state = { kind: 'pan', pointerId: e.pointerId, last: p }
      return
    }
    const w = this.#world(p)
    const tool = s.view.tool.get()
    if (tool === 'area' && !s.readOnly) {
      this.#areaTool.addCorner(p, w)
      return
    }
    const scale = s.view.camera.get().scale
    const hit = s.mirror.blockAt(w, 3 / scale)
    if (hit && tool !== 'lasso') {
      const wasSelected = s.selection.get().blocks.has(hit.id)
      if (e.shiftKey) {
        s.selection.toggleBlock(hit.id)
        return
      }
      if (!wasSelected) s.selection.selectBlocks([hit.id])
      this.#capture(e)
      this.#state = {
        kind: 'press',
        pointerId: e.pointerId,
        start: p,
        onBlock: hit.id,
        shift: false,
        wasSelected,
      }
      return
    }
    this.#capture(e)
    if (tool === 'lasso' || e.shiftKey) {
      this.#state = { kind: 'lasso', pointerId: e.pointerId, additive: e.shiftKey }
      this.#map.sketch.lasso = [w]
      return
    }
    this.#state = {
      kind: 'press',
      pointerId: e.pointerId,
      start: p,
      onBlock: null,
      shift: false,
      wasSelected: false,
    }
  }

  #move(e: PointerEvent): void {
    const p = this.#screen(e)
    const w = this.#world(p)
    const s = this.#map.session
    s.view.pointer.set(w)
    s.presence.setCursor([w[0], w[1]])
    const st = this.#state
    const sk = this.#map.sketch
    if (sk.drawing) {
      sk.drawing.hover = w
      this.#map.redrawSketch()
    }
    if (st.kind === 'idle' || e.pointerId !== st.pointerId) return
    if (st.kind === 'press') {
      if (Math.hypot(p[0] - st.start[0], p[1] - st.start[1]) < DRAG_SLOP) return
      if (st.onBlock && !s.readOnly) this.#startDrag(st.pointerId, this.#world(st.start))
      else this.#state = { kind: 'pan', pointerId: st.pointerId, last: st.start }
    }
    const now = this.#state
    if (now.kind === 'pan') {
      s.view.camera.set(panBy(s.view.camera.get(), p[0] - now.last[0], p[1] - now.last[1]))
      now.last = p
    } else if (now.kind === 'drag') this.#drag(now, w)
    else if (now.kind === 'lasso' && sk.lasso) {
      const last = sk.lasso[sk.lasso.length - 1] as WorldPoint
      const scale = s.view.camera.get().scale
      if (Math.hypot(w[0] - last[0], w[1] - last[1]) * scale >= 3) {
        sk.lasso.push(w)
        this.#map.redrawSketch()
      }
    }
  }

  #up(e: PointerEvent): void {
    const st = this.#state
    if (st.kind === 'idle' || e.pointerId !== st.pointerId) return
    this.#state = { kind: 'idle' }
    const s = this.#map.session
    if (st.kind === 'press') {
      if (st.onBlock) {
        // A plain click on a block of a multi-selection narrows the selection to it.
        if (st.wasSelected && s.selection.get().blocks.size > 1) s.selection.selectBlocks([st.onBlock])
      } else {
        const area = s.mirror.areaAt(this.#world(st.start))
        if (area) s.selection.selectArea(area.id)
        else s.selection.clear()
      }
    } else if (st.kind === 'drag') {
      this.#commit.flush()
      this.#endDrag()
    } else if (st.kind === 'lasso') {
      const ring = this.#map.sketch.lasso ?? []
      this.#map.sketch.lasso = null
      this.#map.redrawSketch()
      if (ring.length >= 3) {
        const box = unionBoxes(ring.map(([x, y]) => ({ minX: x, minY: y, maxX: x, maxY: y }))) as BBox
        const ids = s.mirror.blocksNear(box).filter((id) => {
          const b = s.mirror.blocks.get(id)
          return b !== undefined && pointInRing([b.x, b.y], ring)
        })
        s.selection.selectBlocks(ids, st.additive)
      }
      if (s.view.tool.get() === 'lasso') s.view.tool.set('select')
    }
  }

  #startDrag(pointerId: number, start: WorldPoint): void {
    const s = this.#map.session
    const ids = new Set(s.selection.get().blocks)
    const origins = new Map<BlockId, Block>()
    const boxes: BBox[] = []
    for (const id of ids) {
      const b = s.mirror.blocks.get(id)
      const box = s.mirror.index.box(id)
      if (b && box) {
        origins.set(id, b)
        boxes.push(box)
      }
    }
    if (origins.size === 0) return
    s.history.beginGesture()
    s.gesture.set(ids)
    this.#map.blocks.beginGesture(ids)
    this.#state = { kind: 'drag', pointerId, start, origins, box: unionBoxes(boxes) as BBox }
  }

  #drag(st: Extract<State, { kind: 'drag' }>, w: WorldPoint): void {
    const s = this.#map.session
    let dx = w[0] - st.start[0]
    let dy = w[1] - st.start[1]
    const sk = this.#map.sketch
    sk.guides = null
    if (s.view.snapping.get()) {
      const scale = s.view.camera.get().scale
      const threshold = SNAP_PX / scale
      const moved = {
        minX: st.box.minX + dx,
        minY: st.box.minY + dy,
        maxX: st.box.maxX + dx,
        maxY: st.box.maxY + dy,
      }
      const near = {
        minX: moved.minX - threshold,
        minY: moved.minY - threshold,
        maxX: moved.maxX + threshold,
        maxY: moved.maxY + threshold,
      }
      // Only the blocks around the dragged ones can be snapped to; a drag of many blocks skips it.
      const targets =
        st.origins.size > 50
          ? []
          : s.mirror
              .blocksNear(near)
              .filter((id) => !st.origins.has(id))
              .slice(0, 200)
              .map((id) => s.mirror.index.box(id) as BBox)
      const snap = snapMove(st.box, dx, dy, { grid: snapGridStep(scale), threshold, targets })
      dx = snap.dx
      dy = snap.dy
      if (snap.guideX !== undefined || snap.guideY !== undefined)
        sk.guides = {
          ...(snap.guideX !== undefined ? { x: snap.guideX } : {}),
          ...(snap.guideY !== undefined ? { y: snap.guideY } : {}),
        }
    }
    for (const b of st.origins.values()) this.#map.blocks.preview({ ...b, x: b.x + dx, y: b.y + dy })
    this.#map.blocks.flush()
    this.#map.redrawSketch()
    this.#commit(st.origins, dx, dy)
  }

  #endDrag(): void {
    const s = this.#map.session
    s.history.endGesture()
    s.gesture.set(new Set())
    this.#map.blocks.endGesture()
    this.#map.sketch.guides = null
    this.#map.redrawSketch()
  }

  #wheel(e: WheelEvent): void {
    e.preventDefault()
    const v = this.#map.session.view
    const c = v.camera.get()
    if (isTrackpadScroll(e)) {
      v.camera.set(panBy(c, -e.deltaX, -e.deltaY))
      return
    }
    // Pinch arrives as small ctrl+wheel deltas and needs a stronger factor than a mouse notch.
    const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY
    const factor = e.ctrlKey ? Math.exp(-e.deltaY * 0.01) : wheelZoomFactor(delta)
    v.camera.set(zoomAt(c, this.#screen(e), factor))
  }

  #capture(e: PointerEvent): void {
    try {
      this.#el.setPointerCapture(e.pointerId)
    } catch {
      // Synthetic events (tests) have no active pointer to capture.
    }
  }
}

/** Whether keyboard input belongs to a form control rather than to the map. */
export function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el?.tagName) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(el.tagName)
}
