import { type Camera, pinchStep } from '../geometry/camera.ts'
import type { ScreenPoint } from '../geometry/points.ts'

/**
 * Two-finger pinch and pan on touch screens (a meeting room's smart board). It follows touch
 * pointers only; while two fingers are down it owns the gesture, and the map's own handlers
 * (select, drag, lasso) stand aside.
 */
export class TouchPinch {
  readonly #touches = new Map<number, ScreenPoint>()

  /** Whether two fingers are on the map. */
  get active(): boolean {
    return this.#touches.size >= 2
  }

  /** A touch went down; returns true when it starts a pinch (the second finger). */
  down(pointerId: number, p: ScreenPoint): boolean {
    this.#touches.set(pointerId, p)
    return this.#touches.size === 2
  }

  /** A touch moved; returns the new camera while pinching, else null. */
  move(pointerId: number, p: ScreenPoint, camera: Camera): Camera | null {
    const before = this.#touches.get(pointerId)
    if (!before) return null
    if (this.#touches.size !== 2) {
      this.#touches.set(pointerId, p)
      return null
    }
    const other = [...this.#touches.entries()].find(([id]) => id !== pointerId)?.[1] as ScreenPoint
    this.#touches.set(pointerId, p)
    return pinchStep(camera, [before, other], [p, other])
  }

  /** A touch ended or was cancelled. */
  up(pointerId: number): void {
    this.#touches.delete(pointerId)
  }
}
