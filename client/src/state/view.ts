import type { BBox } from '@gebiedsbord/model'
import { type Camera, clampScale, fitBox, type ViewportSize, zoomAt } from '../geometry/camera.ts'
import { screen, type WorldPoint } from '../geometry/points.ts'
import { Cell } from './observable.ts'

/** What a pointer gesture on empty map does: select (click) and pan (drag), lasso, or draw an area. */
export type Tool = 'select' | 'lasso' | 'area'

/**
 * How this user looks at the board: camera, canvas size, tool, snapping and pointer. Purely
 * local (never in the doc); shared by the canvas, the scale bar and the toolbar.
 */
export class ViewState {
  readonly camera = new Cell<Camera>({ x: 0, y: 0, scale: 1 })
  readonly size = new Cell<ViewportSize>({ width: 800, height: 600 })
  readonly tool = new Cell<Tool>('select')
  readonly snapping = new Cell<boolean>(true)
  /** The pointer in world metres while it is over the map. */
  readonly pointer = new Cell<WorldPoint | null>(null)

  /** Shows a box whole (zoom to fit, zoom to area). */
  fit(box: BBox): void {
    this.camera.set(fitBox(box, this.size.get(), 64))
  }

  /** Zooms about the middle of the view (buttons and + / − keys). */
  zoomBy(factor: number): void {
    const { width, height } = this.size.get()
    const c = this.camera.get()
    if (clampScale(c.scale * factor) === c.scale) return
    this.camera.set(zoomAt(c, screen(width / 2, height / 2), factor))
  }
}
