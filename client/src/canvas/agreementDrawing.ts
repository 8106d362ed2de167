import type { SignOffWithState } from '@gebiedsbord/barcode'
import type { AreaId, Party, PartyId } from '@gebiedsbord/model'
import type { Translate } from '../i18n/lang.ts'
import { agreementsByArea } from '../state/signoffs.ts'
import { FONT_FIGURE, textWidth } from './renderContext.ts'

/** What an area's label says of its sign-offs: "2/3 agreed", and whether all hold. */
export interface AgreementTag {
  readonly text: string
  /** Where the label shows no text (zoomed out): just the count. */
  readonly short: string
  /** All parties agreed / some agreed / some sign-off is outdated (the area changed since). */
  readonly tone: 'complete' | 'partial' | 'outdated'
}

const TONES: Record<AgreementTag['tone'], { fill: string; stroke: string; text: string }> = {
  complete: { fill: '#f0fdf4', stroke: '#15803d', text: '#166534' },
  partial: { fill: '#f8fafc', stroke: '#475569', text: '#334155' },
  outdated: { fill: '#fffbeb', stroke: '#b45309', text: '#92400e' },
}
const TAG_H = 16
const TAG_GAP = 2

/**
 * The tag of each area any existing party signed off (areas nobody signed carry none, so a board
 * with parties but no sign-offs yet is not cluttered with "0/3").
 */
export function agreementTags(
  states: readonly SignOffWithState[],
  parties: ReadonlyMap<PartyId, Party>,
  t: Translate,
): Map<AreaId, AgreementTag> {
  const out = new Map<AreaId, AgreementTag>()
  const total = parties.size
  for (const [area, a] of agreementsByArea(states, parties)) {
    const vars = { agreed: a.agreed, total, count: a.outdated }
    out.set(area, {
      text: t(a.outdated > 0 ? 'signoff.onMapOutdated' : 'signoff.onMap', vars),
      short: `${a.agreed}/${total}${a.outdated > 0 ? ' !' : ''}`,
      tone: a.outdated > 0 ? 'outdated' : a.agreed === total ? 'complete' : 'partial',
    })
  }
  return out
}

/** Where a label was drawn, and its tag. */
export interface TaggedLabel {
  /** Centre x and top of the label box, in screen pixels. */
  readonly x: number
  readonly top: number
  readonly showText: boolean
  readonly agreement: AgreementTag | null
}

/** Draws the sign-off tags on top of their area labels, one pass per part so the font is set once. */
export function drawAgreementTags(c: CanvasRenderingContext2D, labels: readonly TaggedLabel[]): void {
  const tagged: { l: TaggedLabel; text: string; w: number; tone: AgreementTag['tone'] }[] = []
  for (const l of labels) {
    if (!l.agreement) continue
    const text = l.showText ? l.agreement.text : l.agreement.short
    tagged.push({ l, text, w: textWidth(c, FONT_FIGURE, text) + 10, tone: l.agreement.tone })
  }
  if (tagged.length === 0) return
  const top = (l: TaggedLabel) => l.top - TAG_H - TAG_GAP
  c.lineWidth = 1
  for (const { l, w, tone } of tagged) {
    c.fillStyle = TONES[tone].fill
    c.strokeStyle = TONES[tone].stroke
    c.beginPath()
    c.roundRect(l.x - w / 2, top(l), w, TAG_H, 8)
    c.fill()
    c.stroke()
  }
  c.font = FONT_FIGURE
  c.textAlign = 'center'
  c.textBaseline = 'middle'
  for (const { l, text, tone } of tagged) {
    c.fillStyle = TONES[tone].text
    c.fillText(text, l.x, top(l) + TAG_H / 2)
  }
}
