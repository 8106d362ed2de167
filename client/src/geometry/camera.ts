import type { BBox } from '@gebiedsbord/model'
import { type ScreenPoint, screen, type WorldPoint, world } from './points.ts'

/**
 * Where the canvas looks: `scale` CSS pixels per metre, and the screen position of the world
 * origin. The world's y axis points north, the screen's down, so y is flipped:
 * `screen = (x + scale·wx, y − scale·wy)`.
 */
export interface Camera {
  readonly x: number
  readonly y: number
  readonly scale: number
}

/** Size of the canvas in CSS pixels. */
export interface ViewportSize {
  readonly width: number
  readonly height: number
}

/** Closest zoom: 400 px per metre shows a 1 m block as large as a hand. */
export const MAX_SCALE = 400
/** Farthest zoom: 0.002 px per metre fits a 500 km province in a 1000 px window. */
export const MIN_SCALE = 0.002

/** Keeps a zoom within MIN_SCALE…MAX_SCALE. */
export const clampScale = (scale: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale))

/** A world point on screen. */
export function worldToScreen(c: Camera, p: WorldPoint): ScreenPoint {
  return screen(c.x + c.scale * p[0], c.y - c.scale * p[1])
}

/** A screen point in the world. */
export function screenToWorld(c: Camera, p: ScreenPoint): WorldPoint {
  return world((p[0] - c.x) / c.scale, (c.y - p[1]) / c.scale)
}

/** Zooms by `factor` keeping the world point under `anchor` in place (wheel and pinch zoom). */
export function zoomAt(c: Camera, anchor: ScreenPoint, factor: number): Camera {
  const scale = clampScale(c.scale * factor)
  const w = screenToWorld(c, anchor)
  return { scale, x: anchor[0] - scale * w[0], y: anchor[1] + scale * w[1] }
}

/** Moves the view by a screen distance (pan). */
export function panBy(c: Camera, dx: number, dy: number): Camera {
  return { ...c, x: c.x + dx, y: c.y + dy }
}

/** A camera showing `box` whole and centred, with `padding` pixels to spare on each side. */
export function fitBox(box: BBox, size: ViewportSize, padding = 48): Camera {
  const w = Math.max(box.maxX - box.minX, 1)
  const h = Math.max(box.maxY - box.minY, 1)
  const availW = Math.max(size.width - 2 * padding, 1)
  const availH = Math.max(size.height - 2 * padding, 1)
  const scale = clampScale(Math.min(availW / w, availH / h))
  const cx = (box.minX + box.maxX) / 2
  const cy = (box.minY + box.maxY) / 2
  return { scale, x: size.width / 2 - scale * cx, y: size.height / 2 + scale * cy }
}

/** The world box the viewport shows. */
export function visibleBox(c: Camera, size: ViewportSize): BBox {
  const a = screenToWorld(c, screen(0, 0))
  const b = screenToWorld(c, screen(size.width, size.height))
  return { minX: a[0], maxX: b[0], minY: b[1], maxY: a[1] }
}

/** The world point at the centre of the viewport: where keyboard-placed blocks go. */
export function viewCentre(c: Camera, size: ViewportSize): WorldPoint {
  return screenToWorld(c, screen(size.width / 2, size.height / 2))
}

/** Zoom factor for a wheel delta (pixels): smooth for trackpads, one notch of a mouse ≈ 10 %. */
export function wheelZoomFactor(deltaY: number): number {
  return Math.exp(-Math.max(-100, Math.min(100, deltaY)) * 0.002)
}

/**
 * Whether a wheel event is a trackpad's two-finger scroll (pan) rather than a mouse wheel (zoom).
 * Pinch arrives with ctrlKey set and is always zoom. Mice scroll vertically in whole notches
 * (line mode, or ≥ 50 px steps); trackpads send small pixel deltas, often with a horizontal part.
 */
export function isTrackpadScroll(e: {
  deltaX: number
  deltaY: number
  deltaMode: number
  ctrlKey: boolean
}): boolean {
  if (e.ctrlKey) return false
  if (e.deltaMode !== 0) return false
  if (e.deltaX !== 0) return true
  return Math.abs(e.deltaY) < 50 || !Number.isInteger(e.deltaY)
}

/**
 * One step of a two-finger pinch: the view zooms by the change in the fingers' distance about
 * their previous midpoint, and follows the midpoint's movement, so the world point under the
 * fingers stays under them.
 */
export function pinchStep(
  c: Camera,
  from: readonly [ScreenPoint, ScreenPoint],
  to: readonly [ScreenPoint, ScreenPoint],
): Camera {
  const dist = (a: ScreenPoint, b: ScreenPoint) => Math.hypot(a[0] - b[0], a[1] - b[1])
  const mid = (a: ScreenPoint, b: ScreenPoint) => screen((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
  const before = dist(from[0], from[1])
  const factor = before > 0 ? dist(to[0], to[1]) / before : 1
  const m0 = mid(from[0], from[1])
  const m1 = mid(to[0], to[1])
  return panBy(zoomAt(c, m0, factor), m1[0] - m0[0], m1[1] - m0[1])
}
