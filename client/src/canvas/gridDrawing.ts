import type { Camera, ViewportSize } from '../geometry/camera.ts'
import { gridSteps } from '../geometry/scale.ts'

/**
 * Draws the metre grid in screen pixels: minor lines a power of ten of metres apart (never closer
 * than 12 px), every tenth line stronger. Lines fall on round world coordinates, so the grid
 * doubles as a ruler.
 */
export function drawGrid(c: CanvasRenderingContext2D, camera: Camera, size: ViewportSize): void {
  const { minor, major } = gridSteps(camera.scale)
  const s = camera.scale
  const x0 = Math.floor(-camera.x / s / minor) * minor
  const x1 = (size.width - camera.x) / s
  const yTop = camera.y / s
  const yBottom = (camera.y - size.height) / s
  const y0 = Math.floor(yBottom / minor) * minor
  for (const pass of ['minor', 'major'] as const) {
    c.beginPath()
    const step = pass === 'minor' ? minor : major
    const start = pass === 'minor' ? x0 : Math.floor(x0 / major) * major
    for (let wx = start; wx <= x1; wx += step) {
      if (pass === 'minor' && isMultiple(wx, major)) continue
      const sx = Math.round(camera.x + wx * s) + 0.5
      c.moveTo(sx, 0)
      c.lineTo(sx, size.height)
    }
    const startY = pass === 'minor' ? y0 : Math.floor(y0 / major) * major
    for (let wy = startY; wy <= yTop; wy += step) {
      if (pass === 'minor' && isMultiple(wy, major)) continue
      const sy = Math.round(camera.y - wy * s) + 0.5
      c.moveTo(0, sy)
      c.lineTo(size.width, sy)
    }
    c.lineWidth = 1
    c.strokeStyle = pass === 'minor' ? 'rgba(15, 23, 42, 0.06)' : 'rgba(15, 23, 42, 0.14)'
    c.stroke()
  }
}

const isMultiple = (v: number, step: number): boolean => Math.abs(v / step - Math.round(v / step)) < 1e-6
