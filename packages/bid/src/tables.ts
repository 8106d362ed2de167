import type { Lang, PartyProgrammeRow, RuleReport, ScopeProgramme, Status } from '@gebiedsbord/barcode'
import { AMENITY_USES } from '@gebiedsbord/model'
import type { Color } from 'pdf-lib'
import { partyColour } from './areaMap.ts'
import type { ReportedBands } from './bands.ts'
import { AMENITY_LABEL, label, statusText } from './labels.ts'
import { bandText, figure, percentText, withUnit } from './pdfFormat.ts'
import { type Cell, type Column, INK, type PdfWriter } from './pdfLayout.ts'

/*
 * The tables that appear on more than one page: a barcode (area, plan, cover) and a party table
 * (area, plan).
 */

/** The colour of a verdict. */
export const STATUS_COLOUR: Record<Status, Cell['colour']> = {
  pass: INK.pass,
  warn: INK.warn,
  fail: INK.fail,
}

/** A rule's verdict as a coloured cell. */
export const statusCell = (r: RuleReport, lang: Lang): Cell => ({
  text: statusText(r, lang),
  colour: r.applicable ? STATUS_COLOUR[r.status] : INK.muted,
  bold: r.status === 'fail',
})

/** Scales column widths to the writer's text width, keeping their proportions. */
export function fit(w: PdfWriter, columns: readonly Column[]): Column[] {
  const total = columns.reduce((t, c) => t + c.width, 0)
  return columns.map((c) => ({ ...c, width: (c.width * w.width) / total }))
}

/**
 * A barcode as a table: rule, value, pass band, status and what is needed; optionally a first
 * column naming each row's scope, the warn band, and whether the rule is a condition of growth.
 */
export function barcodeTable(
  w: PdfWriter,
  lang: Lang,
  rows: readonly { rule: RuleReport; bands: ReportedBands; scope?: string }[],
  options: { scopeColumn?: boolean; warnColumn?: boolean; conditionColumn?: boolean } = {},
): void {
  const l = (k: Parameters<typeof label>[1]) => label(lang, k)
  const columns: Column[] = [
    ...(options.scopeColumn ? [{ header: l('scope'), width: 60 }] : []),
    { header: l('rule'), width: 185 },
    { header: l('value'), width: 50, align: 'right' },
    { header: l('band'), width: 60 },
    ...(options.warnColumn ? [{ header: l('warnBand'), width: 60 }] : []),
    { header: l('status'), width: 52 },
    { header: l('needed'), width: 160 },
    ...(options.conditionColumn ? [{ header: l('conditionShort'), width: 48 }] : []),
  ]
  w.table(
    fit(w, columns),
    rows.map(({ rule: r, bands, scope }) => [
      ...(options.scopeColumn ? [{ text: scope ?? '' }] : []),
      { text: r.description },
      { text: withUnit(r.actual, r.unit, lang) },
      { text: bandText(bands.pass, r.unit, lang) },
      ...(options.warnColumn ? [{ text: bandText(bands.warn, r.unit, lang) }] : []),
      statusCell(r, lang),
      { text: r.status === 'pass' ? '' : r.hint },
      ...(options.conditionColumn ? [{ text: r.condition ? l('yes') : '' }] : []),
    ]),
    { size: 7 },
  )
}

const shareOf = (part: number, whole: number | null): number | null =>
  whole === null || whole <= 0 ? null : (100 * part) / whole

/**
 * A party table: each party's dwellings per segment, amenity, green, work floor area and parking,
 * and its part in the social and affordable targets; a bold total row; then the targets themselves.
 */
export function partyTable(w: PdfWriter, lang: Lang, scope: ScopeProgramme): void {
  const l = (k: Parameters<typeof label>[1]) => label(lang, k)
  const n = (v: number) => figure(v, lang, 0)
  // Widths chosen so that no header word (`Parkeer-`, `plekken`, `vereist`) has to break.
  const numeric = (header: string, width: number): Column => ({ header, width, align: 'right' })
  const dwelling = (k: 'social' | 'mid' | 'private' | 'total') => numeric(l(k), 30)
  const programme = (k: 'amenityM2' | 'greenM2' | 'parking' | 'workM2') => numeric(l(k), 35)
  const share = (k: 'ofScope' | 'ofRequired' | 'ownShare') => numeric(l(k), 31)
  const columns: Column[] = [
    { header: l('party'), width: 70 },
    dwelling('social'),
    dwelling('mid'),
    dwelling('private'),
    dwelling('total'),
    programme('amenityM2'),
    programme('greenM2'),
    programme('parking'),
    programme('workM2'),
    share('ofScope'),
    share('ofRequired'),
    share('ownShare'),
    share('ofScope'),
    share('ofRequired'),
    share('ownShare'),
  ]
  const groups = [
    { header: '', span: 1 },
    { header: l('dwellings'), span: 4 },
    { header: l('programme'), span: 4 },
    { header: l('socialTarget'), span: 3 },
    { header: l('affordableTarget'), span: 3 },
  ]
  const cells = (name: string, r: Omit<PartyProgrammeRow, 'party'>, bold: boolean, swatch?: Color): Cell[] =>
    [
      name,
      n(r.dwellingsBySegment.social),
      n(r.dwellingsBySegment.mid),
      n(r.dwellingsBySegment.private),
      n(r.dwellings),
      n(r.amenityM2Total),
      n(r.greenM2),
      n(r.parkingPlaces),
      n(r.workM2),
      percentText(r.social.ofScope, lang),
      percentText(r.social.ofRequired, lang),
      percentText(r.social.own, lang),
      percentText(r.affordable.ofScope, lang),
      percentText(r.affordable.ofRequired, lang),
      percentText(r.affordable.own, lang),
    ].map((text, i) => ({ text, bold, ...(i === 0 && swatch ? { swatch } : {}) }))
  const { social, affordable } = scope.targets
  const t = scope.total
  const total: Omit<PartyProgrammeRow, 'party'> = {
    ...t,
    social: {
      dwellings: social.dwellings,
      ofScope: t.dwellingsBySegment.social > 0 ? 100 : null,
      ofRequired: shareOf(social.dwellings, social.requiredDwellings),
      own: shareOf(social.dwellings, t.dwellings),
    },
    affordable: {
      dwellings: affordable.dwellings,
      ofScope: affordable.dwellings > 0 ? 100 : null,
      ofRequired: shareOf(affordable.dwellings, affordable.requiredDwellings),
      own: shareOf(affordable.dwellings, t.dwellings),
    },
  }
  w.table(
    fit(w, columns),
    [
      ...scope.rows.map((r) =>
        cells(r.party?.name ?? l('noParty'), r, false, r.party ? partyColour(r.party) : undefined),
      ),
      cells(l('total'), total, true),
    ],
    { size: 6.8, groups },
  )
  w.space(3)
  w.paragraph(
    social.requiredDwellings === null && affordable.requiredDwellings === null
      ? l('targetsNone')
      : label(lang, 'targets', {
          social: social.requiredDwellings === null ? '–' : figure(social.requiredDwellings, lang, 0),
          socialPct: percentText(social.minPercent, lang),
          affordable:
            affordable.requiredDwellings === null ? '–' : figure(affordable.requiredDwellings, lang, 0),
          affordablePct: percentText(affordable.minPercent, lang),
        }),
    { size: 8, colour: INK.muted },
  )
}

/** Amenity floor area per party and use, with a total column. */
export function amenityTable(w: PdfWriter, lang: Lang, scope: ScopeProgramme): void {
  const columns: Column[] = [
    { header: label(lang, 'party'), width: 100 },
    ...AMENITY_USES.map((u): Column => ({ header: AMENITY_LABEL[lang][u], width: 50, align: 'right' })),
    { header: label(lang, 'total'), width: 55, align: 'right' },
  ]
  const n = (v: number) => figure(v, lang, 0)
  const row = (name: string, r: Pick<PartyProgrammeRow, 'amenityM2' | 'amenityM2Total'>, bold: boolean) =>
    [name, ...AMENITY_USES.map((u) => n(r.amenityM2[u])), n(r.amenityM2Total)].map((text) => ({ text, bold }))
  w.table(fit(w, columns), [
    ...scope.rows.map((r) => row(r.party?.name ?? label(lang, 'noParty'), r, false)),
    row(label(lang, 'total'), scope.total, true),
  ])
}
