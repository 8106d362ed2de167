import type { Status } from '@gebiedsbord/barcode'
import {
  type Area,
  type AreaId,
  type BBox,
  type Block,
  type BlockId,
  blockFootprint,
  type Plan,
  type Ring,
  ringBBox,
} from '@gebiedsbord/model'
import { paletteIdOf } from '../blocks/catalogue.ts'
import { type Camera, type ViewportSize, visibleBox } from '../geometry/camera.ts'
import { boxesMeet } from '../geometry/hitTest.ts'
import type { BlockMark } from '../state/compare.ts'
import { drawArea, drawOrder, labelPoint } from './areaDrawing.ts'
import { fillByStyle, STYLE_IDS, STYLE_INDEX, trace } from './coldDrawing.ts'
import { drawGrid } from './gridDrawing.ts'
import { FONT_AREA, textWidth } from './renderContext.ts'

/** How a difference is outlined: added green, removed red, changed or moved orange. */
export const MARK_COLOURS: Record<BlockMark, string> = {
  added: '#16a34a',
  removed: '#dc2626',
  changed: '#ea580c',
}

/** Below this size on screen a marked block also gets a ring, so a change shows when zoomed out. */
const RING_BELOW_PX = 10
const RING_RADIUS_PX = 7

interface PreparedBlock {
  readonly ring: Ring
  readonly box: BBox
  readonly style: number
  readonly mark: BlockMark | undefined
}

/**
 * One plan made ready to draw many times: footprints in world metres and their boxes, computed
 * once, so that a pan or zoom of thousands of blocks costs a box test and a path segment each.
 */
export interface PreparedMap {
  readonly plan: Plan
  readonly blocks: readonly PreparedBlock[]
  /** The areas in drawing order (largest first, so that smaller ones stay visible on top). */
  readonly areasInOrder: readonly Area[]
  /** The plan's areas in its order with their boxes, for the names. */
  readonly labels: readonly { readonly area: Area; readonly box: BBox }[]
  readonly status: ReadonlyMap<AreaId, Status>
}

/** Prepares a plan for drawing, with its marked blocks and its areas' barcode statuses. */
export function prepareMap(
  plan: Plan,
  marks: ReadonlyMap<BlockId, BlockMark>,
  status: ReadonlyMap<AreaId, Status>,
): PreparedMap {
  const blocks = plan.blocks.map((b: Block) => {
    const ring = blockFootprint(b)
    return {
      ring,
      box: ringBBox(ring),
      style: STYLE_INDEX.get(paletteIdOf(b)) as number,
      mark: marks.get(b.id),
    }
  })
  const byId = new Map(plan.areas.map((a) => [a.id, a]))
  const areasInOrder = drawOrder(plan.areas).map((id) => byId.get(id) as Area)
  const labels = plan.areas.map((area) => ({ area, box: ringBBox(area.polygon) }))
  return { plan, blocks, areasInOrder, labels, status }
}

const MARKS = Object.keys(MARK_COLOURS) as BlockMark[]

/**
 * Draws one side of a comparison on a plain canvas: grid, area outlines tinted by their status,
 * blocks grouped by style into one path each (only those in view), then the differences outlined
 * in their colour, with a ring around those too small to see, and the area names on top.
 */
export function drawComparedMap(
  c: CanvasRenderingContext2D,
  map: PreparedMap,
  camera: Camera,
  size: ViewportSize,
  pixelRatio: number,
  untitled: string,
): void {
  c.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
  c.fillStyle = '#ffffff'
  c.fillRect(0, 0, size.width, size.height)
  drawGrid(c, camera, size)

  // World drawing: the same transform as the board's Konva stage (y flipped by the drawers).
  const s = camera.scale
  c.setTransform(pixelRatio * s, 0, 0, pixelRatio * s, pixelRatio * camera.x, pixelRatio * camera.y)
  for (const a of map.areasInOrder) drawArea(c, a, map.status.get(a.id), false, s)

  const seen = visibleBox(camera, size)
  const groups: Ring[][] = STYLE_IDS.map(() => [])
  const marked: Record<BlockMark, PreparedBlock[]> = { added: [], removed: [], changed: [] }
  for (const b of map.blocks) {
    if (!boxesMeet(b.box, seen)) continue
    ;(groups[b.style] as Ring[]).push(b.ring)
    if (b.mark) marked[b.mark].push(b)
  }
  fillByStyle(c, groups, s)
  // One path per kind of difference: each marked outline, and a ring around those too small to see.
  c.lineWidth = 3 / s
  const radius = RING_RADIUS_PX / s
  for (const mark of MARKS) {
    const list = marked[mark]
    if (list.length === 0) continue
    c.beginPath()
    for (const b of list) {
      trace(c, b.ring)
      const px = Math.max(b.box.maxX - b.box.minX, b.box.maxY - b.box.minY) * s
      if (px < RING_BELOW_PX) {
        const cx = (b.box.minX + b.box.maxX) / 2
        const cy = -(b.box.minY + b.box.maxY) / 2
        c.moveTo(cx + radius, cy)
        c.arc(cx, cy, radius, 0, 2 * Math.PI)
      }
    }
    c.strokeStyle = MARK_COLOURS[mark]
    c.stroke()
  }

  c.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
  c.font = FONT_AREA
  c.textAlign = 'center'
  c.textBaseline = 'middle'
  for (const { area: a, box } of map.labels) {
    if ((box.maxX - box.minX) * s < 60 || !boxesMeet(box, seen)) continue
    const [wx, wy] = labelPoint(a)
    const x = camera.x + s * wx
    const y = camera.y - s * wy
    const name = a.name || untitled
    const w = textWidth(c, FONT_AREA, name) + 10
    c.fillStyle = 'rgba(255, 255, 255, 0.85)'
    c.fillRect(x - w / 2, y - 10, w, 20)
    c.fillStyle = '#0f172a'
    c.fillText(name, x, y)
  }
}
