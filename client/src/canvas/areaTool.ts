import { viewCentre } from '../geometry/camera.ts'
import { type ScreenPoint, type WorldPoint, world } from '../geometry/points.ts'
import { snapValue } from '../geometry/snapping.ts'
import { addDrawnArea } from '../state/editing.ts'
import type { MapController } from './controller.ts'

/** Pixels within which a click on the first corner closes an area being drawn. */
const CLOSE_SLOP = 10

/** Drawing an area: corners by clicks, shown as a sketch until the outline is closed. */
export class AreaTool {
  readonly #map: MapController

  constructor(map: MapController) {
    this.#map = map
  }

  /** Adds a corner at a click; a click on the first corner (of three or more) closes the area. */
  addCorner(p: ScreenPoint, w: WorldPoint): void {
    const sk = this.#map.sketch
    if (!sk.drawing) sk.drawing = { points: [], hover: null }
    const first = sk.drawing.points[0]
    if (first && sk.drawing.points.length >= 3) {
      const c = this.#map.session.view.camera.get()
      const fx = c.x + c.scale * first[0]
      const fy = c.y - c.scale * first[1]
      if (Math.hypot(p[0] - fx, p[1] - fy) <= CLOSE_SLOP) {
        this.finish()
        return
      }
    }
    sk.drawing.points.push(w)
    this.#map.redrawSketch()
  }

  /**
   * Turns the corners drawn so far into an area (three or more). Without any corners it adds a
   * square area in the middle of the view: the way to add an area from the keyboard.
   */
  finish(): void {
    const d = this.#map.sketch.drawing
    if (!d || d.points.length === 0) {
      this.#addSquareArea()
      return
    }
    const min = 2 / this.#map.session.view.camera.get().scale
    const pts: WorldPoint[] = []
    for (const p of d.points) {
      const last = pts[pts.length - 1]
      if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > min) pts.push(p)
    }
    this.#map.sketch.drawing = null
    this.#map.redrawSketch()
    if (pts.length >= 3) {
      addDrawnArea(this.#map.session, pts, this.#map.nextAreaName())
      this.#map.session.view.tool.set('select')
    }
  }

  #addSquareArea(): void {
    const s = this.#map.session
    const { camera, size } = s.view
    const c = camera.get()
    const [cx, cy] = viewCentre(c, size.get())
    // A third of the view's width, rounded to a planner's number of metres.
    const side = snapValue(Math.max(10, size.get().width / c.scale / 3), 10)
    const h = side / 2
    const ring: WorldPoint[] = [
      world(cx - h, cy - h),
      world(cx + h, cy - h),
      world(cx + h, cy + h),
      world(cx - h, cy + h),
    ]
    this.#map.sketch.drawing = null
    addDrawnArea(s, ring, this.#map.nextAreaName())
    s.view.tool.set('select')
  }
}
