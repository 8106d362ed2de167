import type { Status } from '@gebiedsbord/barcode'
import {
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
  readonly areaOrder: readonly AreaId[]
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
  return { plan, blocks, areaOrder: drawOrder(plan.areas), status }
}

const overlaps = (a: BBox, b: BBox): boolean =>
  a.maxX >= b.minX && a.minX <= b.maxX && a.maxY >= b.minY && a.minY <= b.maxY

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
  const areas = new Map(map.plan.areas.map((a) => [a.id, a]))
  for (const id of map.areaOrder) {
    const a = areas.get(id)
    if (a) drawArea(c, a, map.status.get(id), false, s)
  }

  const seen = visibleBox(camera, size)
  const groups: Ring[][] = STYLE_IDS.map(() => [])
  const marked: PreparedBlock[] = []
  for (const b of map.blocks) {
    if (!overlaps(b.box, seen)) continue
    ;(groups[b.style] as Ring[]).push(b.ring)
    if (b.mark) marked.push(b)
  }
  fillByStyle(c, groups, s)
  c.lineWidth = 3 / s
  for (const b of marked) {
    c.beginPath()
    trace(c, b.ring)
    c.strokeStyle = MARK_COLOURS[b.mark as BlockMark]
    c.stroke()
    const px = Math.max(b.box.maxX - b.box.minX, b.box.maxY - b.box.minY) * s
    if (px < RING_BELOW_PX) {
      c.beginPath()
      c.arc((b.box.minX + b.box.maxX) / 2, -(b.box.minY + b.box.maxY) / 2, RING_RADIUS_PX / s, 0, 2 * Math.PI)
      c.stroke()
    }
  }

  c.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
  c.font = FONT_AREA
  c.textAlign = 'center'
  c.textBaseline = 'middle'
  for (const a of map.plan.areas) {
    const box = ringBBox(a.polygon)
    if ((box.maxX - box.minX) * s < 60 || !overlaps(box, seen)) continue
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
