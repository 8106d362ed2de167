import { type Area, type Block, blockFootprint, type Party, type Ring, ringBBox } from '@gebiedsbord/model'
import {
  type Color,
  clip,
  closePath,
  endPath,
  fillAndStroke,
  lineTo,
  moveTo,
  type PDFOperator,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
  setLineWidth,
  setStrokingRgbColor,
  stroke,
} from 'pdf-lib'

/** Points per metre of paper: 72 points to the inch. */
export const POINTS_PER_PAPER_METRE = 72 / 0.0254

/** Scales planners print at; a map is drawn at the largest of these at which its area fits. */
export const STANDARD_SCALES = [
  100, 200, 250, 500, 1000, 1250, 2000, 2500, 5000, 7500, 10_000, 15_000, 20_000, 25_000, 50_000, 100_000,
  250_000,
] as const

/** A box on the page, in points from the bottom left. */
export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/**
 * The denominator N of the map scale 1:N: the largest standard scale (the smallest N) at which
 * an extent of `widthM` × `heightM` metres fits a box of `box` points; beyond the list, the next
 * 1, 2 or 5 times a power of ten.
 */
export function fitScale(widthM: number, heightM: number, box: { width: number; height: number }): number {
  const needed = Math.max(
    (widthM * POINTS_PER_PAPER_METRE) / box.width,
    (heightM * POINTS_PER_PAPER_METRE) / box.height,
    1,
  )
  // An extent that fits a scale exactly may compute a hair above it.
  const fits = (n: number) => n >= needed * (1 - 1e-9)
  for (const n of STANDARD_SCALES) if (fits(n)) return n
  const power = 10 ** Math.floor(Math.log10(needed))
  for (const step of [1, 2, 5, 10]) if (fits(step * power)) return step * power
  return 10 * power
}

/**
 * A scale bar's ground length: the largest 1, 2 or 5 times a power of ten metres that stays
 * within `maxPoints` on paper at scale 1:`scale`, with its length in points.
 */
export function scaleBar(scale: number, maxPoints: number): { metres: number; points: number } {
  const pointsPerMetre = POINTS_PER_PAPER_METRE / scale
  const maxMetres = maxPoints / pointsPerMetre
  const power = 10 ** Math.floor(Math.log10(maxMetres))
  const metres = [5, 2, 1].map((s) => s * power).find((m) => m <= maxMetres) ?? power
  return { metres, points: metres * pointsPerMetre }
}

/** The colour a block is filled with on the map. */
export type MapFill = 'housing-social' | 'housing-mid' | 'housing-private' | Exclude<Block['kind'], 'housing'>

/**
 * Fill colours by kind (housing by segment), as on the board (client/src/blocks/catalogue.ts),
 * so that the map reads the same; in legend order.
 */
export const MAP_FILLS: readonly (readonly [MapFill, Color])[] = [
  ['housing-social', rgb(0xc2 / 255, 0x41 / 255, 0x0c / 255)],
  ['housing-mid', rgb(0xf5 / 255, 0x9e / 255, 0x0b / 255)],
  ['housing-private', rgb(0xfc / 255, 0xd3 / 255, 0x4d / 255)],
  ['amenity', rgb(0x8b / 255, 0x5c / 255, 0xf6 / 255)],
  ['green', rgb(0x4d / 255, 0x9f / 255, 0x4f / 255)],
  ['parking', rgb(0x9c / 255, 0xa3 / 255, 0xaf / 255)],
  ['work', rgb(0x3b / 255, 0x6e / 255, 0xa5 / 255)],
  ['water', rgb(0x60 / 255, 0xa5 / 255, 0xfa / 255)],
]
const FILL = new Map<MapFill, Color>(MAP_FILLS)

const NO_PARTY = rgb(0.25, 0.25, 0.28)
const CONTEXT = rgb(0.7, 0.7, 0.74)
const OUTLINE = rgb(0.1, 0.1, 0.12)

/** A `#rgb` or `#rrggbb` colour; undefined for any other CSS colour. */
export function hex(css: string): Color | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim())
  if (!m) return undefined
  const digits = m[1] as string
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits
  const channel = (i: number) => Number.parseInt(full.slice(i, i + 2), 16) / 255
  return rgb(channel(0), channel(2), channel(4))
}

/** A party's colour as drawn: its own when it is `#rgb` or `#rrggbb`, else dark grey. */
export const partyColour = (p: Pick<Party, 'colour'>): Color => hex(p.colour) ?? NO_PARTY

const fillOf = (b: Block): Color =>
  FILL.get(b.kind === 'housing' ? `housing-${b.segment}` : b.kind) ?? NO_PARTY

function rgbOf(c: Color): [number, number, number] {
  const { red, green, blue } = c as { red: number; green: number; blue: number }
  return [red, green, blue]
}

/** What to draw: the area, every area (for context) and every block with the parties' colours. */
export interface MapInput {
  readonly area: Area
  readonly areas: readonly Area[]
  readonly blocks: readonly Block[]
  readonly parties: readonly Party[]
  /** Draw a north arrow: only a georeferenced board (RD New) knows where north is. */
  readonly north: boolean
}

/** What a drawn map states about itself. */
export interface DrawnMap {
  /** The denominator of the scale 1:N. */
  readonly scale: number
  readonly bar: { readonly metres: number; readonly points: number }
  /** Where the caller writes the north arrow's "N", when one was drawn. */
  readonly northLabel?: { readonly x: number; readonly y: number }
}

/**
 * Draws an area's map in a box: the area centred at a standard scale with some room around it,
 * neighbouring areas as grey outlines, blocks as vector paths filled by kind and outlined in
 * their party's colour, the area's outline on top, all clipped to the box; then a scale bar and,
 * for a board in RD New, a north arrow (RD New's grid north is up).
 */
export function drawAreaMap(page: PDFPage, box: Box, input: MapInput): DrawnMap {
  const bbox = ringBBox(input.area.polygon)
  // 8% room on each side, so that the outline does not touch the frame.
  const scale = fitScale((bbox.maxX - bbox.minX) * 1.16, (bbox.maxY - bbox.minY) * 1.16, box)
  const k = POINTS_PER_PAPER_METRE / scale
  const cx = (bbox.minX + bbox.maxX) / 2
  const cy = (bbox.minY + bbox.maxY) / 2
  const toPage = ([x, y]: readonly [number, number]): [number, number] => [
    box.x + box.width / 2 + (x - cx) * k,
    box.y + box.height / 2 + (y - cy) * k,
  ]
  const path = (ring: Ring): PDFOperator[] => {
    const points = ring.map(toPage)
    const [first, ...rest] = points
    if (!first) return []
    return [moveTo(...first), ...rest.map((p) => lineTo(...p)), closePath()]
  }
  const view = {
    minX: cx - box.width / 2 / k,
    maxX: cx + box.width / 2 / k,
    minY: cy - box.height / 2 / k,
    maxY: cy + box.height / 2 / k,
  }
  const inView = (ring: Ring) => {
    const b = ringBBox(ring)
    return b.minX <= view.maxX && b.maxX >= view.minX && b.minY <= view.maxY && b.maxY >= view.minY
  }
  const colours = new Map(input.parties.map((p) => [p.id, partyColour(p)]))
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    rectangle(box.x, box.y, box.width, box.height),
    clip(),
    endPath(),
    setLineWidth(0.6),
    setStrokingRgbColor(...rgbOf(CONTEXT)),
  ]
  for (const a of input.areas)
    if (a.id !== input.area.id && inView(a.polygon)) ops.push(...path(a.polygon), stroke())
  for (const b of input.blocks) {
    const footprint = blockFootprint(b)
    if (!inView(footprint)) continue
    const party = b.party !== undefined ? colours.get(b.party) : undefined
    ops.push(
      setFillingRgbColor(...rgbOf(fillOf(b))),
      setStrokingRgbColor(...rgbOf(party ?? NO_PARTY)),
      // A party's blocks carry a thick outline in its colour; others a thin dark one.
      setLineWidth(party ? 1.4 : 0.4),
      ...path(footprint),
      fillAndStroke(),
    )
  }
  ops.push(setLineWidth(1.6), setStrokingRgbColor(...rgbOf(OUTLINE)), ...path(input.area.polygon), stroke())
  ops.push(popGraphicsState())
  page.pushOperators(...ops)
  page.drawRectangle({ ...box, borderColor: CONTEXT, borderWidth: 0.5 })
  const bar = scaleBar(scale, box.width / 4)
  if (!input.north) return { scale, bar }
  return { scale, bar, northLabel: drawNorthArrow(page, box) }
}

/** A scale bar of two halves, black and white, from a point on the page. */
export function drawScaleBar(page: PDFPage, x: number, y: number, points: number): void {
  const h = 3.5
  page.drawRectangle({
    x,
    y,
    width: points / 2,
    height: h,
    color: OUTLINE,
    borderColor: OUTLINE,
    borderWidth: 0.5,
  })
  page.drawRectangle({
    x: x + points / 2,
    y,
    width: points / 2,
    height: h,
    color: rgb(1, 1, 1),
    borderColor: OUTLINE,
    borderWidth: 0.5,
  })
}

/** Draws an arrow pointing up in the box's top right corner; returns where its "N" goes. */
function drawNorthArrow(page: PDFPage, box: Box): { x: number; y: number } {
  const x = box.x + box.width - 16
  const top = box.y + box.height - 10
  page.pushOperators(
    pushGraphicsState(),
    setFillingRgbColor(...rgbOf(OUTLINE)),
    setStrokingRgbColor(...rgbOf(OUTLINE)),
    setLineWidth(0.5),
    moveTo(x, top),
    lineTo(x + 5, top - 16),
    lineTo(x, top - 12),
    lineTo(x - 5, top - 16),
    closePath(),
    fillAndStroke(),
    popGraphicsState(),
  )
  return { x: x - 3, y: top - 26 }
}
