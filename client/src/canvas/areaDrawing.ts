import type { AreaReport, Status } from '@gebiedsbord/barcode'
import { type Area, type AreaId, type BBox, ringArea, ringBBox, type Vec2 } from '@gebiedsbord/model'
import type { Camera } from '../geometry/camera.ts'
import { interiorPoint, pointInRing, topAt } from '../geometry/hitTest.ts'
import { formatHa, formatInt, type Lang } from '../i18n/format.ts'
import { type AgreementTag, drawAgreementTags } from './agreementDrawing.ts'
import { FONT_AREA, FONT_CONDITION, FONT_FIGURE, textWidth } from './renderContext.ts'

/** Status colours, shared with the barcode panel (styles.css uses the same values). */
export const STATUS_COLOURS: Record<Status, { fill: string; stroke: string; solid: string }> = {
  pass: { fill: 'rgba(22, 163, 74, 0.10)', stroke: '#15803d', solid: '#16a34a' },
  warn: { fill: 'rgba(217, 119, 6, 0.12)', stroke: '#b45309', solid: '#f59e0b' },
  fail: { fill: 'rgba(220, 38, 38, 0.10)', stroke: '#b91c1c', solid: '#dc2626' },
}
const NEUTRAL = { fill: 'rgba(100, 116, 139, 0.08)', stroke: '#475569' }
const SELECTED_AREA = '#0b57d0'

/** Draws an area's outline in layer coordinates (y flipped), tinted by its barcode status. */
export function drawArea(
  c: CanvasRenderingContext2D,
  area: Area,
  status: Status | undefined,
  selected: boolean,
  scale: number,
): void {
  const ring = area.polygon
  const first = ring[0]
  if (!first) return
  c.beginPath()
  c.moveTo(first[0], -first[1])
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i] as Vec2
    c.lineTo(p[0], -p[1])
  }
  c.closePath()
  const colours = status ? STATUS_COLOURS[status] : NEUTRAL
  c.fillStyle = colours.fill
  c.fill()
  c.lineJoin = 'round'
  c.lineWidth = (selected ? 3 : 2) / scale
  c.strokeStyle = selected ? SELECTED_AREA : colours.stroke
  if (!selected) c.setLineDash([8 / scale, 4 / scale])
  c.stroke()
  c.setLineDash([])
}

/** Where an area's label goes, cached by outline identity (the mirror replaces changed areas). */
const labelPoints = new WeakMap<readonly Vec2[], Vec2>()
/** The point an area's label is centred on (well inside the area). */
export function labelPoint(area: Area): Vec2 {
  let p = labelPoints.get(area.polygon)
  if (!p) {
    p = interiorPoint(area.polygon)
    labelPoints.set(area.polygon, p)
  }
  return p
}

/** Where along the top edge a label may go: fractions of the area's width, middle first. */
const ALONG_TOP = [0.5, 0.3, 0.7, 0.15, 0.85] as const

/**
 * Where an area's label goes (its centre, in world metres), given its size in metres: just
 * inside the top edge, where it covers the least programme, at the first spot along it that
 * covers no block; else the interior point if that is free; else the least crowded of them.
 * `crowding` counts the blocks a box would cover.
 */
export function placeLabel(area: Area, w: number, h: number, crowding: (box: BBox) => number): Vec2 {
  const { box } = geometryOf(area)
  const candidates: Vec2[] = []
  for (const f of ALONG_TOP) {
    const x = box.minX + f * (box.maxX - box.minX)
    const top = topAt(area.polygon, x)
    if (top === undefined) continue
    const y = top - h / 2 - Math.min(h / 4, (box.maxY - box.minY) / 10)
    if (pointInRing([x, y], area.polygon)) candidates.push([x, y])
  }
  candidates.push(labelPoint(area))
  let best = candidates[candidates.length - 1] as Vec2
  let bestCount = Number.POSITIVE_INFINITY
  for (const p of candidates) {
    const n = crowding({ minX: p[0] - w / 2, maxX: p[0] + w / 2, minY: p[1] - h / 2, maxY: p[1] + h / 2 })
    if (n === 0) return p
    if (n < bestCount) {
      best = p
      bestCount = n
    }
  }
  return best
}

/** An area's box and size, cached by outline identity like its label point. */
const geometries = new WeakMap<readonly Vec2[], { box: ReturnType<typeof ringBBox>; ha: number }>()
function geometryOf(area: Area): { box: ReturnType<typeof ringBBox>; ha: number } {
  let g = geometries.get(area.polygon)
  if (!g) {
    g = { box: ringBBox(area.polygon), ha: ringArea(area.polygon) / 10_000 }
    geometries.set(area.polygon, g)
  }
  return g
}

const CELL_W = 7
const CELL_H = 12
const CELL_GAP = 2
/** Height of the unmet-conditions marker and the space above it, in pixels. */
const CONDITION_H = 18
const CONDITION_GAP = 4
/** Unmet conditions of growth stop housing: their marker is red whatever the area's status. */
const CONDITION_COLOURS = { fill: '#fef2f2', stroke: '#b91c1c', text: '#991b1b' } as const

/** What one area label shows. */
export interface AreaLabel {
  readonly area: Area
  readonly report: AreaReport | undefined
  /** The parties' sign-offs, as a tag on top of the label; absent where nobody signed. */
  readonly agreement?: AgreementTag | null
}

interface Layout {
  readonly x: number
  readonly top: number
  readonly w: number
  readonly h: number
  readonly name: string
  readonly sub: string
  readonly showText: boolean
  readonly report: AreaReport | undefined
  /** The unmet-conditions marker's text; null when every condition of growth is met. */
  readonly condition: string | null
  readonly conditionW: number
  readonly agreement: AgreementTag | null
}

/**
 * Draws area labels in screen pixels: name, size and dwellings, a compact barcode strip (one
 * cell per rule, coloured by status) so the whole plan's state reads at a glance, and, apart from
 * ordinary warnings, a red marker when conditions of growth are unmet (`conditionsText(n)`, e.g.
 * "2 growth conditions unmet"; just the count where the label has no room for text), and on top of
 * the label the parties' sign-offs ("2/3 agreed", see `agreementDrawing.ts`). Labels are
 * drawn in passes (boxes, names, figures, strips) so that each font is set once per redraw:
 * setting a canvas font parses it, which adds up over a hundred areas at 60 frames a second.
 */
export function drawAreaLabels(
  c: CanvasRenderingContext2D,
  labels: readonly AreaLabel[],
  camera: Camera,
  size: { width: number; height: number },
  lang: Lang,
  dwellingsUnit: string,
  untitled: string,
  place: (area: Area, w: number, h: number) => Vec2,
  conditionsText: (count: number) => string,
): void {
  const layouts: Layout[] = []
  for (const { area, report, agreement = null } of labels) {
    const { box, ha } = geometryOf(area)
    const showText = (box.maxX - box.minX) * camera.scale >= 90
    const rules = report?.rules.length ?? 0
    const stripW = rules * (CELL_W + CELL_GAP) - CELL_GAP
    const name = area.name || untitled
    const sub = `${formatHa(ha, lang)} · ${formatInt(report?.metrics.dwellings ?? 0, lang)} ${dwellingsUnit}`
    const textW = showText ? Math.max(textWidth(c, FONT_AREA, name), textWidth(c, FONT_FIGURE, sub)) : 0
    const unmet = report?.summary.conditionsUnmet ?? 0
    const condition = unmet > 0 ? (showText ? conditionsText(unmet) : `! ${unmet}`) : null
    const conditionW = condition === null ? 0 : textWidth(c, FONT_CONDITION, condition) + 12
    const w = Math.max(textW, stripW, conditionW) + 12
    const h =
      (showText ? 36 : 0) + (rules ? CELL_H + 8 : 0) + (condition === null ? 0 : CONDITION_H + CONDITION_GAP)
    if (h === 0) continue
    const [wx, wy] = place(area, w / camera.scale, h / camera.scale)
    const x = camera.x + camera.scale * wx
    const y = camera.y - camera.scale * wy
    if (x < -w || y < -h || x > size.width + w || y > size.height + h) continue
    layouts.push({ x, top: y - h / 2, w, h, name, sub, showText, report, condition, conditionW, agreement })
  }
  c.lineWidth = 1
  for (const l of layouts) {
    c.fillStyle = 'rgba(255, 255, 255, 0.88)'
    c.strokeStyle = l.condition
      ? CONDITION_COLOURS.stroke
      : l.report
        ? STATUS_COLOURS[l.report.summary.status].stroke
        : NEUTRAL.stroke
    c.beginPath()
    c.roundRect(l.x - l.w / 2, l.top, l.w, l.h, 4)
    c.fill()
    c.stroke()
  }
  c.textAlign = 'center'
  c.textBaseline = 'top'
  c.font = FONT_AREA
  c.fillStyle = '#0f172a'
  for (const l of layouts) if (l.showText) c.fillText(l.name, l.x, l.top + 5)
  c.font = FONT_FIGURE
  c.fillStyle = '#334155'
  for (const l of layouts) if (l.showText) c.fillText(l.sub, l.x, l.top + 21)
  for (const l of layouts) {
    const rules = l.report?.rules ?? []
    const stripW = rules.length * (CELL_W + CELL_GAP) - CELL_GAP
    let cx = l.x - stripW / 2
    const cy = l.top + (l.showText ? 39 : 5)
    for (const r of rules) {
      c.fillStyle = STATUS_COLOURS[r.status].solid
      c.fillRect(cx, cy, CELL_W, CELL_H)
      cx += CELL_W + CELL_GAP
    }
  }
  drawConditionMarkers(c, layouts)
  drawAgreementTags(c, layouts)
}

/** The red unmet-conditions markers at the foot of their labels, in one pass per style. */
function drawConditionMarkers(c: CanvasRenderingContext2D, layouts: readonly Layout[]): void {
  const marked = layouts.filter((l) => l.condition !== null)
  if (marked.length === 0) return
  const top = (l: Layout) => l.top + l.h - CONDITION_H - 4
  c.lineWidth = 1.5
  c.fillStyle = CONDITION_COLOURS.fill
  c.strokeStyle = CONDITION_COLOURS.stroke
  for (const l of marked) {
    c.beginPath()
    c.roundRect(l.x - l.conditionW / 2, top(l), l.conditionW, CONDITION_H, 3)
    c.fill()
    c.stroke()
  }
  c.font = FONT_CONDITION
  c.fillStyle = CONDITION_COLOURS.text
  c.textBaseline = 'middle'
  for (const l of marked) c.fillText(l.condition as string, l.x, top(l) + CONDITION_H / 2)
}

/** Area ids in drawing order: larger first, so that nested areas stay visible on top. */
export function drawOrder(areas: Iterable<Area>): AreaId[] {
  return [...areas].sort((a, b) => ringArea(b.polygon) - ringArea(a.polygon)).map((a) => a.id)
}
