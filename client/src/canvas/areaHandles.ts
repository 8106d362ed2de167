import { type AreaId, updateArea, type Vec2 } from '@gebiedsbord/model'
import Konva from 'konva'
import { frameThrottle } from '../state/observable.ts'
import { SELECTION_COLOUR } from './blockDrawing.ts'
import type { MapController } from './controller.ts'

/** Handle radius in screen pixels. */
const CORNER_PX = 6
const MID_PX = 4

/**
 * Corner handles of the selected area: drag a corner to move it, drag a midpoint to add a corner
 * there, double-click a corner to remove it (an area keeps at least three). The outline follows
 * the pointer at once and is committed once per frame, each drag one undo step.
 */
export class AreaHandles {
  readonly #map: MapController
  readonly #group = new Konva.Group()
  #areaId: AreaId | null = null
  #dragging = false
  readonly #commit = frameThrottle((id: AreaId, ring: Vec2[]) => {
    const s = this.#map.session
    updateArea(s.doc, id, { polygon: ring }, s.origin)
  })
  readonly #offTool: () => void

  constructor(map: MapController) {
    this.#map = map
    map.layers.overlay.add(this.#group)
    this.#offTool = map.session.view.tool.subscribe(() => this.refresh())
  }

  /** Rebuilds the handles for the selected area (not while one is being dragged). */
  refresh(): void {
    if (this.#dragging) return
    const s = this.#map.session
    this.#group.destroyChildren()
    const id = s.selection.get().area
    const area = id ? s.mirror.areas.get(id) : undefined
    this.#areaId = area && !s.readOnly && s.view.tool.get() === 'select' ? area.id : null
    if (!area || !this.#areaId) {
      this.#map.layers.overlay.batchDraw()
      return
    }
    const ring = area.polygon
    ring.forEach((p, i) => {
      const next = ring[(i + 1) % ring.length] as Vec2
      const mid = this.#handle([(p[0] + next[0]) / 2, (p[1] + next[1]) / 2], MID_PX, '#ffffff')
      mid.on('dragstart', () => this.#begin())
      mid.on('dragmove', () => {
        const r = [...ring]
        r.splice(i + 1, 0, [mid.x(), -mid.y()])
        this.#move(r)
      })
      mid.on('dragend', () => this.#end())
      this.#group.add(mid)
    })
    ring.forEach((p, i) => {
      const corner = this.#handle(p, CORNER_PX, SELECTION_COLOUR)
      corner.on('dragstart', () => this.#begin())
      corner.on('dragmove', () => {
        const r = [...ring]
        r[i] = [corner.x(), -corner.y()]
        this.#move(r)
      })
      corner.on('dragend', () => this.#end())
      corner.on('dblclick dbltap', () => {
        if (ring.length <= 3 || !this.#areaId) return
        const areaId = this.#areaId
        s.edit(() => updateArea(s.doc, areaId, { polygon: ring.filter((_, k) => k !== i) }, s.origin))
      })
      this.#group.add(corner)
    })
    this.rescale()
  }

  /** Keeps handles the same size on screen at every zoom. */
  rescale(): void {
    const k = 1 / this.#map.session.view.camera.get().scale
    for (const h of this.#group.getChildren()) h.scale({ x: k, y: k })
    this.#map.layers.overlay.batchDraw()
  }

  destroy(): void {
    this.#commit.cancel()
    this.#offTool()
    this.#group.destroy()
  }

  #handle(p: Vec2, radius: number, fill: string): Konva.Circle {
    const c = new Konva.Circle({
      x: p[0],
      y: -p[1],
      radius,
      fill,
      stroke: SELECTION_COLOUR,
      strokeWidth: 2,
      draggable: true,
      hitStrokeWidth: 8,
    })
    c.on('mouseenter', () => {
      this.#map.stage.container().style.cursor = 'move'
    })
    c.on('mouseleave', () => {
      this.#map.stage.container().style.cursor = ''
    })
    return c
  }

  #begin(): void {
    this.#dragging = true
    this.#map.session.history.beginGesture()
  }

  #move(ring: Vec2[]): void {
    if (!this.#areaId) return
    this.#map.sketch.outline = ring
    this.#map.redrawSketch()
    this.#commit(this.#areaId, ring)
  }

  #end(): void {
    this.#commit.flush()
    this.#dragging = false
    this.#map.session.history.endGesture()
    this.#map.sketch.outline = null
    this.refresh()
  }
}
