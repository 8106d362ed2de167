import type { BBox, Block } from '@gebiedsbord/model'
import { paletteIdOf, styleOf } from '../blocks/catalogue.ts'
import { keyFigure } from '../blocks/figures.ts'
import { PARTY_LINE } from './coldDrawing.ts'
import { FONT_FIGURE, FONT_LABEL, type RenderContext, textWidth } from './renderContext.ts'

/** Selection outline colour of this user: the focus blue of the UI. */
export const SELECTION_COLOUR = '#0b57d0'

/** Pixels around a text line inside a block. */
const PAD = 4
const LINE = 14

/**
 * Draws one block in its own frame (origin at its centre, y flipped, rotated by the node): the
 * footprint filled by kind, outlined, with a selection ring and, where it fits on screen, its
 * label and key figure at a constant 12 px so they stay legible at every zoom.
 */
export function drawBlock(
  c: CanvasRenderingContext2D,
  block: Block,
  localBox: BBox,
  worldBox: BBox,
  rc: RenderContext,
): void {
  const v = rc.visible
  if (worldBox.maxX < v.minX || worldBox.minX > v.maxX || worldBox.maxY < v.minY || worldBox.minY > v.maxY)
    return
  const s = rc.scale
  const style = styleOf(block)
  const shape = block.shape
  c.beginPath()
  const first = shape[0]
  if (!first) return
  c.moveTo(first[0], -first[1])
  for (let i = 1; i < shape.length; i++) {
    const p = shape[i] as readonly [number, number]
    c.lineTo(p[0], -p[1])
  }
  c.closePath()
  c.fillStyle = style.fill
  c.fill()
  const peer = rc.peerSelected.get(block.id)
  const mine = rc.selected.has(block.id)
  c.lineJoin = 'round'
  if (mine || peer) {
    c.lineWidth = 3 / s
    c.strokeStyle = mine ? SELECTION_COLOUR : (peer as string)
    c.stroke()
    if (mine && peer) {
      c.setLineDash([6 / s, 6 / s])
      c.strokeStyle = peer
      c.stroke()
      c.setLineDash([])
    }
  } else {
    const party = block.party === undefined ? undefined : rc.partyColours?.get(block.party)
    c.lineWidth = (party ? PARTY_LINE : 1) / s
    c.strokeStyle = party ?? style.stroke
    c.stroke()
  }
  drawLabels(c, block, localBox, rc, style.text)
}

function drawLabels(
  c: CanvasRenderingContext2D,
  block: Block,
  box: BBox,
  rc: RenderContext,
  colour: string,
): void {
  const s = rc.scale
  const w = (box.maxX - box.minX) * s
  const h = (box.maxY - box.minY) * s
  if (w < 28 || h < 14) return
  const figure = keyFigure(block, rc.lang)
  const figureW = textWidth(c, FONT_FIGURE, figure)
  if (figureW + 2 * PAD > w) return
  const label = block.label ?? rc.kindLabel(paletteIdOf(block))
  const labelW = textWidth(c, FONT_LABEL, label)
  const twoLines = h >= 2 * LINE + PAD && labelW + 2 * PAD <= w
  c.save()
  // Text is drawn in screen pixels about the footprint's centre, turned right side up when the
  // block is rotated past a quarter turn.
  const cx = (box.minX + box.maxX) / 2
  const cy = -(box.minY + box.maxY) / 2
  c.translate(cx, cy)
  c.scale(1 / s, 1 / s)
  const r = ((block.rotation % 360) + 360) % 360
  if (r > 90 && r < 270) c.rotate(Math.PI)
  c.fillStyle = colour
  c.textAlign = 'center'
  c.textBaseline = 'middle'
  if (twoLines) {
    c.font = FONT_LABEL
    c.fillText(label, 0, -LINE / 2)
    c.font = FONT_FIGURE
    c.fillText(figure, 0, LINE / 2)
  } else {
    c.font = FONT_FIGURE
    c.fillText(figure, 0, 0)
  }
  c.restore()
}
