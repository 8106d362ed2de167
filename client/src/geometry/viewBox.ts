import { type Camera, clampScale, fitBox, type ViewportSize, viewCentre, visibleBox } from './camera.ts'

/**
 * The world box a participant sees, in metres (x east, y north, x0 < x1, y0 < y1): what a
 * presenter publishes, so that a follower's screen of any size shows the same area.
 */
export interface ViewBox {
  readonly x0: number
  readonly y0: number
  readonly x1: number
  readonly y1: number
}

/** Published coordinates are rounded to millimetres: 0.4 px at the closest zoom, and short JSON. */
const PUBLISH_PRECISION = 1000
/**
 * Largest coordinate accepted from a peer: RD New stays under 10⁶ m and local frames near 0, so
 * anything beyond this is garbage that would only break the maths downstream.
 */
const MAX_COORDINATE = 1e9
/** Widest view accepted from a peer: 10,000 km is far beyond the farthest zoom of any screen. */
const MAX_SPAN = 1e7

/**
 * Exponential easing time constant: a follower covers 63 % of the remaining way in this time. At
 * ~10 published views a second this glides between them without visibly lagging behind.
 */
export const EASE_TAU_MS = 110
/** Close enough to stop easing and snap: under half a pixel of centre and 0.1 % of zoom. */
const SNAP_PIXELS = 0.5
const SNAP_LOG_SCALE = 0.001
/**
 * Beyond this many screen sizes apart, or this zoom ratio, a follower jumps instead of gliding: a
 * long glide over an empty map (a late joiner starting at the origin) tells the eye nothing.
 */
const JUMP_SCREENS = 3
const JUMP_ZOOM_RATIO = 32

const round = (v: number): number => Math.round(v * PUBLISH_PRECISION) / PUBLISH_PRECISION

/** The box a camera shows on a canvas of `size`, rounded for publishing. */
export function viewBoxOf(c: Camera, size: ViewportSize): ViewBox {
  const b = visibleBox(c, size)
  return { x0: round(b.minX), y0: round(b.minY), x1: round(b.maxX), y1: round(b.maxY) }
}

/** Whether two boxes are the same view (published boxes are rounded, so exact equality is meant). */
export const sameViewBox = (a: ViewBox | null, b: ViewBox | null): boolean =>
  a === b || (a !== null && b !== null && a.x0 === b.x0 && a.y0 === b.y0 && a.x1 === b.x1 && a.y1 === b.y1)

/** The camera that shows `box` whole and centred on a canvas of `size` (another screen's view on this one). */
export function cameraForViewBox(box: ViewBox, size: ViewportSize): Camera {
  return fitBox({ minX: box.x0, minY: box.y0, maxX: box.x1, maxY: box.y1 }, size, 0)
}

const isCoordinate = (v: unknown): v is number => typeof v === 'number' && Math.abs(v) <= MAX_COORDINATE

/** Reads a view box from untrusted input (a peer's awareness state): a valid box or null. */
export function readViewBox(v: unknown): ViewBox | null {
  if (typeof v !== 'object' || v === null) return null
  const { x0, y0, x1, y1 } = v as Record<string, unknown>
  if (!isCoordinate(x0) || !isCoordinate(y0) || !isCoordinate(x1) || !isCoordinate(y1)) return null
  if (!(x1 > x0 && y1 > y0 && x1 - x0 <= MAX_SPAN && y1 - y0 <= MAX_SPAN)) return null
  return { x0, y0, x1, y1 }
}

/** A camera from the world point it centres on and its zoom. */
function cameraAt(cx: number, cy: number, scale: number, size: ViewportSize): Camera {
  return { scale, x: size.width / 2 - scale * cx, y: size.height / 2 + scale * cy }
}

/**
 * One animation frame of a follower's camera gliding towards `goal`, `dtMs` after the last: the
 * centre moves and the zoom changes (in log space, so zooming in and out feel alike) by the same
 * exponential fraction, which makes the glide independent of the frame rate. Returns `goal`
 * itself once it is close enough to stop, or when it is too far to glide.
 */
export function easeCamera(from: Camera, goal: Camera, size: ViewportSize, dtMs: number): Camera {
  const a = viewCentre(from, size)
  const b = viewCentre(goal, size)
  const logRatio = Math.log(goal.scale / from.scale)
  // Distance of the two centres in screen pixels at the goal's zoom: what the eye would see move.
  const apart = Math.hypot(b[0] - a[0], b[1] - a[1]) * goal.scale
  if (
    apart > JUMP_SCREENS * Math.max(size.width, size.height) ||
    Math.abs(logRatio) > Math.log(JUMP_ZOOM_RATIO)
  )
    return goal
  if (apart < SNAP_PIXELS && Math.abs(logRatio) < SNAP_LOG_SCALE) return goal
  const k = 1 - Math.exp(-Math.max(0, dtMs) / EASE_TAU_MS)
  const scale = clampScale(from.scale * Math.exp(logRatio * k))
  return cameraAt(a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, scale, size)
}
