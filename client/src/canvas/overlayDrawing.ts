import type { Vec2 } from '@gebiedsbord/model'
import type { Camera, ViewportSize } from '../geometry/camera.ts'
import type { WorldPoint } from '../geometry/points.ts'
import type { Peer } from '../state/presence.ts'
import { SELECTION_COLOUR } from './blockDrawing.ts'

/** Transient drawings of the current gesture, in world metres. */
export interface Sketch {
  /** The lasso path while selecting by lasso. */
  lasso: WorldPoint[] | null
  /** Corners of an area being drawn, and where the next one would go. */
  drawing: { points: WorldPoint[]; hover: WorldPoint | null } | null
  /** Lines a drag snapped to. */
  guides: { x?: number; y?: number } | null
  /** An area outline being reshaped, ahead of the doc. */
  outline: readonly Vec2[] | null
}

/** A sketch with nothing in progress. */
export const emptySketch = (): Sketch => ({ lasso: null, drawing: null, guides: null, outline: null })

const toScreen = (camera: Camera, p: Vec2): [number, number] => [
  camera.x + camera.scale * p[0],
  camera.y - camera.scale * p[1],
]

function path(c: CanvasRenderingContext2D, camera: Camera, pts: readonly Vec2[], close: boolean): void {
  c.beginPath()
  pts.forEach((p, i) => {
    const [x, y] = toScreen(camera, p)
    if (i === 0) c.moveTo(x, y)
    else c.lineTo(x, y)
  })
  if (close) c.closePath()
}

/** Draws the sketch in screen pixels. */
export function drawSketch(c: CanvasRenderingContext2D, s: Sketch, camera: Camera, size: ViewportSize): void {
  if (s.guides) {
    c.strokeStyle = '#db2777'
    c.lineWidth = 1
    c.setLineDash([4, 4])
    c.beginPath()
    if (s.guides.x !== undefined) {
      const x = Math.round(camera.x + camera.scale * s.guides.x) + 0.5
      c.moveTo(x, 0)
      c.lineTo(x, size.height)
    }
    if (s.guides.y !== undefined) {
      const y = Math.round(camera.y - camera.scale * s.guides.y) + 0.5
      c.moveTo(0, y)
      c.lineTo(size.width, y)
    }
    c.stroke()
    c.setLineDash([])
  }
  if (s.lasso && s.lasso.length > 1) {
    path(c, camera, s.lasso, true)
    c.fillStyle = 'rgba(11, 87, 208, 0.08)'
    c.fill()
    c.strokeStyle = SELECTION_COLOUR
    c.lineWidth = 1.5
    c.setLineDash([6, 4])
    c.stroke()
    c.setLineDash([])
  }
  if (s.outline) {
    path(c, camera, s.outline, true)
    c.strokeStyle = SELECTION_COLOUR
    c.lineWidth = 2
    c.stroke()
  }
  if (s.drawing) {
    const pts: Vec2[] = [...s.drawing.points]
    if (s.drawing.hover) pts.push(s.drawing.hover)
    if (pts.length > 1) {
      path(c, camera, pts, false)
      c.strokeStyle = SELECTION_COLOUR
      c.lineWidth = 2
      c.stroke()
    }
    for (const [i, p] of s.drawing.points.entries()) {
      const [x, y] = toScreen(camera, p)
      c.beginPath()
      c.arc(x, y, i === 0 ? 6 : 4, 0, Math.PI * 2)
      c.fillStyle = i === 0 ? '#ffffff' : SELECTION_COLOUR
      c.fill()
      c.strokeStyle = SELECTION_COLOUR
      c.lineWidth = 2
      c.stroke()
    }
  }
}

const FONT_CURSOR = '600 12px system-ui, sans-serif'

/** Draws other people's pointers: an arrow in their colour with their name. */
export function drawCursors(c: CanvasRenderingContext2D, peers: readonly Peer[], camera: Camera): void {
  let styled = false
  for (const p of peers) {
    if (p.self || !p.cursor) continue
    // Setting a font parses it: done once, and only when there is a cursor to label.
    if (!styled) {
      c.font = FONT_CURSOR
      c.textBaseline = 'middle'
      c.textAlign = 'left'
      styled = true
    }
    const [x, y] = toScreen(camera, p.cursor)
    c.beginPath()
    c.moveTo(x, y)
    c.lineTo(x, y + 16)
    c.lineTo(x + 4.5, y + 12)
    c.lineTo(x + 11, y + 12)
    c.closePath()
    c.fillStyle = p.colour
    c.fill()
    c.strokeStyle = '#ffffff'
    c.lineWidth = 1.5
    c.stroke()
    const w = c.measureText(p.name).width + 10
    c.beginPath()
    c.roundRect(x + 10, y + 16, w, 18, 4)
    c.fill()
    c.fillStyle = '#ffffff'
    c.fillText(p.name, x + 15, y + 25)
  }
}
