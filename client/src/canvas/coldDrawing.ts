import { type BBox, type Block, type BlockId, type Ring, ringBBox, type Vec2 } from '@gebiedsbord/model'
import { BLOCK_STYLES, type PaletteId, paletteIdOf } from '../blocks/catalogue.ts'
import { keyFigure } from '../blocks/figures.ts'
import type { PlanMirror } from '../state/planMirror.ts'
import { FONT_FIGURE, FONT_LABEL, type RenderContext, textWidth } from './renderContext.ts'

/** Ground (green, water, parking) is drawn before buildings, so that a school on a park stays visible. */
const GROUND: readonly string[] = ['green', 'water', 'parking']
/** Block styles in drawing order: ground first. */
export const STYLE_IDS = (Object.keys(BLOCK_STYLES) as PaletteId[]).sort(
  (a, b) => Number(!GROUND.some((g) => a.startsWith(g))) - Number(!GROUND.some((g) => b.startsWith(g))),
)
/** Each style's place in `STYLE_IDS`. */
export const STYLE_INDEX = new Map(STYLE_IDS.map((id, i) => [id, i]))

/** Local boxes by shape identity: the mirror replaces a block's shape only when it changes. */
const localBoxes = new WeakMap<Ring, BBox>()
/** The box of a block's own shape (before rotation), cached by shape identity. */
export function localBoxOf(block: Block): BBox {
  let b = localBoxes.get(block.shape)
  if (!b) {
    b = ringBBox(block.shape)
    localBoxes.set(block.shape, b)
  }
  return b
}

/** Pixels around a text line inside a block. */
const PAD = 4
/** Width in pixels of a block's outline in its party's colour: wider than the kind's, narrower than a selection's. */
export const PARTY_LINE = 2.5
const LINE = 14

/**
 * Draws every block nobody is touching in one pass, in layer coordinates (y flipped): footprints
 * grouped by style into one path each, so a redraw of ten thousand blocks is a few dozen fills
 * rather than ten thousand. Only blocks in view are drawn. Labels follow in a second pass where
 * they fit on screen, one font at a time.
 */
export function drawColdBlocks(
  c: CanvasRenderingContext2D,
  mirror: PlanMirror,
  skip: { has(id: BlockId): boolean },
  rc: RenderContext,
): void {
  const s = rc.scale
  const ids = mirror.blocksNear(rc.visible)
  const groups: Ring[][] = STYLE_IDS.map(() => [])
  const labelled: Block[] = []
  const peers: [Ring, string][] = []
  /** Footprints of blocks with an owner, by their party's colour: one stroke per party. */
  const owned = new Map<string, Ring[]>()
  const colours = rc.partyColours
  for (const id of ids) {
    if (skip.has(id)) continue
    const b = mirror.blocks.get(id)
    const fp = mirror.footprints.get(id)
    if (!b || !fp) continue
    ;(groups[STYLE_INDEX.get(paletteIdOf(b)) as number] as Ring[]).push(fp)
    const peer = rc.peerSelected.get(id)
    if (peer) peers.push([fp, peer])
    const party = b.party === undefined ? undefined : colours?.get(b.party)
    if (party) {
      const rings = owned.get(party)
      if (rings) rings.push(fp)
      else owned.set(party, [fp])
    }
    const box = localBoxOf(b)
    if ((box.maxX - box.minX) * s >= 28 && (box.maxY - box.minY) * s >= 14) labelled.push(b)
  }
  const outline = fillByStyle(c, groups, s)
  if (outline && owned.size) {
    c.lineWidth = PARTY_LINE / s
    for (const [colour, rings] of owned) {
      c.beginPath()
      for (const ring of rings) trace(c, ring)
      c.strokeStyle = colour
      c.stroke()
    }
  }
  if (peers.length) {
    c.lineWidth = 3 / s
    for (const [ring, colour] of peers) {
      c.beginPath()
      trace(c, ring)
      c.strokeStyle = colour
      c.stroke()
    }
  }
  if (labelled.length) drawLabels(c, labelled, rc)
}

/**
 * Fills footprints grouped by style (`groups[i]` holds those of `STYLE_IDS[i]`), one path per
 * style, in layer coordinates at scale `s`, and outlines them where an outline would show.
 * Returns whether it outlined them.
 */
export function fillByStyle(
  c: CanvasRenderingContext2D,
  groups: readonly (readonly Ring[])[],
  s: number,
): boolean {
  c.lineJoin = 'round'
  c.lineWidth = 1 / s
  // Outlines of blocks under two pixels would only blur them into their neighbours.
  const outline = s * 2 >= 1
  groups.forEach((rings, i) => {
    if (rings.length === 0) return
    const style = BLOCK_STYLES[STYLE_IDS[i] as PaletteId]
    c.beginPath()
    for (const ring of rings) trace(c, ring)
    c.fillStyle = style.fill
    c.fill()
    if (outline) {
      c.strokeStyle = style.stroke
      c.stroke()
    }
  })
  return outline
}

/** Adds a world ring to the current path, in layer coordinates (y flipped). */
export function trace(c: CanvasRenderingContext2D, ring: Ring): void {
  const first = ring[0] as Vec2
  c.moveTo(first[0], -first[1])
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i] as Vec2
    c.lineTo(p[0], -p[1])
  }
  // Back to the start rather than closePath(), which Chromium makes costly on long paths.
  c.lineTo(first[0], -first[1])
}

interface TextJob {
  readonly block: Block
  readonly label: string | null
  readonly figure: string
}

function drawLabels(c: CanvasRenderingContext2D, blocks: readonly Block[], rc: RenderContext): void {
  const s = rc.scale
  const jobs: TextJob[] = []
  for (const b of blocks) {
    const box = localBoxOf(b)
    const w = (box.maxX - box.minX) * s
    const h = (box.maxY - box.minY) * s
    const figure = keyFigure(b, rc.lang)
    if (textWidth(c, FONT_FIGURE, figure) + 2 * PAD > w) continue
    const label = b.label ?? rc.kindLabel(paletteIdOf(b))
    const two = h >= 2 * LINE + PAD && textWidth(c, FONT_LABEL, label) + 2 * PAD <= w
    jobs.push({ block: b, label: two ? label : null, figure })
  }
  c.textAlign = 'center'
  c.textBaseline = 'middle'
  c.font = FONT_LABEL
  for (const j of jobs) if (j.label) text(c, j.block, j.label, -LINE / 2, s)
  c.font = FONT_FIGURE
  for (const j of jobs) text(c, j.block, j.figure, j.label ? LINE / 2 : 0, s)
}

/**
 * Draws one line of a block's text at a constant pixel size about the footprint's centre, along
 * the block and turned right side up when it is rotated past a quarter turn.
 */
export function text(c: CanvasRenderingContext2D, b: Block, line: string, dy: number, s: number): void {
  const box = localBoxOf(b)
  const lx = (box.minX + box.maxX) / 2
  const ly = (box.minY + box.maxY) / 2
  const r = (b.rotation * Math.PI) / 180
  const cos = Math.cos(r)
  const sin = Math.sin(r)
  const x = b.x + lx * cos - ly * sin
  const y = b.y + lx * sin + ly * cos
  c.save()
  c.translate(x, -y)
  c.scale(1 / s, 1 / s)
  const deg = ((b.rotation % 360) + 360) % 360
  c.rotate(-r + (deg > 90 && deg < 270 ? Math.PI : 0))
  c.fillStyle = BLOCK_STYLES[paletteIdOf(b)].text
  c.fillText(line, 0, dy)
  c.restore()
}
