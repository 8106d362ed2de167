import { type Bands, type Lang, type NormSet, type Rule, sourceText } from '@gebiedsbord/barcode'
import { writeThreads } from './areaPage.ts'
import type { BidContext } from './bidContext.ts'
import { label } from './labels.ts'
import { bandText, figure } from './pdfFormat.ts'
import { type Cell, INK, type PdfWriter } from './pdfLayout.ts'
import { amenityTable, fit, partyTable } from './tables.ts'

/** The plan's party tables (programme and amenities per use), and comments on no area of the plan. */
export function writePlanPage(w: PdfWriter, ctx: BidContext): void {
  const { lang } = ctx
  w.section(label(lang, 'planPartyTable'), 15)
  partyTable(w, lang, ctx.programme.plan)
  w.heading(label(lang, 'amenitiesPerUse'), 11)
  amenityTable(w, lang, ctx.programme.plan)
  if (ctx.threadsElsewhere.length > 0) {
    w.space(4)
    w.heading(label(lang, 'elsewhere'), 11)
    writeThreads(w, ctx, ctx.threadsElsewhere)
  }
}

/** The decision log: decisions and actions with owner, due date, state and the areas they are about. */
export function writeDecisionsPage(w: PdfWriter, ctx: BidContext): void {
  const { lang, input } = ctx
  const l = (k: Parameters<typeof label>[1]) => label(lang, k)
  w.section(l('decisions'), 15)
  if (input.decisions.length === 0) {
    w.paragraph(l('decisionsNone'), { colour: INK.muted })
    return
  }
  w.table(
    fit(w, [
      { header: l('kind'), width: 50 },
      { header: l('decision'), width: 210 },
      { header: l('owner'), width: 85 },
      { header: l('due'), width: 60 },
      { header: l('status'), width: 40 },
      { header: l('about'), width: 70 },
    ]),
    input.decisions.map((d): Cell[] => [
      { text: l(d.kind), bold: true },
      { text: d.text },
      { text: d.owner ? ('party' in d.owner ? ctx.partyName(d.owner.party) : d.owner.name) : '' },
      { text: d.due ?? '' },
      d.kind === 'action'
        ? { text: d.done ? l('done') : l('open'), colour: d.done ? INK.pass : INK.warn }
        : { text: '' },
      { text: d.areas.map(ctx.areaName).join(', ') },
    ]),
  )
}

// How the demand a provision norm is stated per is named: one pupil, 2,095 residents.
const DEMAND_NAMES = {
  pupils: { one: 'pupil', many: 'pupils' },
  residents: { one: 'resident', many: 'residents' },
  childcarePlaces: { one: 'childcarePlace', many: 'childcarePlaces' },
} as const

/** A rule's bands in the norm's own terms: a provision rule's norm is per unit of demand. */
function normText(rule: Rule, bands: Bands['pass'] | undefined, lang: Lang): string {
  const text = bandText(bands, rule.unit, lang)
  if (!bands || rule.measure.type !== 'provision') return text
  const per = rule.measure.per ?? 1
  const names = DEMAND_NAMES[rule.measure.demand as keyof typeof DEMAND_NAMES]
  const demand = names ? label(lang, per === 1 ? names.one : names.many) : rule.measure.demand
  const perText =
    per === 1
      ? label(lang, 'perOne', { demand })
      : label(lang, 'perMany', { n: figure(per, lang, 0), demand })
  return `${text} ${perText}`
}

/**
 * Where each norm comes from: per norm set, every rule with its bands (and those of area types
 * that differ), its source (publisher, title, year, link) and whether the figure is found in the
 * source or estimated.
 */
export function writeSourcesPage(w: PdfWriter, ctx: BidContext): void {
  const { lang, input } = ctx
  const l = (k: Parameters<typeof label>[1], vars?: Record<string, string>) => label(lang, k, vars)
  w.section(l('sources'), 15)
  input.normSets.forEach((set: NormSet, i) => {
    if (i > 0) w.space(6)
    w.heading(`${set.name[lang]} (${set.id} ${set.version}, ${set.date})`, 11)
    if (set.description) w.paragraph(set.description[lang], { size: 8, colour: INK.muted })
    if (set.conditions)
      w.paragraph(
        `${l('conditionsBasis', { source: sourceText(set.conditions.source) })} (${l(set.conditions.status)})`,
        {
          size: 8,
          colour: INK.muted,
        },
      )
    const rows: Cell[][] = []
    for (const rule of set.rules) {
      const source = `${sourceText(rule.source)}${rule.source.url ? `\n${rule.source.url}` : ''}`
      rows.push([
        { text: rule.id, bold: true },
        { text: rule.description[lang] },
        { text: normText(rule, rule.bands.pass, lang) },
        { text: normText(rule, rule.bands.warn, lang) },
        { text: source },
        { text: l(rule.status), colour: rule.status === 'found' ? INK.pass : INK.warn },
      ])
      for (const [type, o] of Object.entries(rule.byAreaType ?? {})) {
        const s = o.source ?? rule.source
        const status = o.status ?? rule.status
        rows.push([
          { text: l('forAreaType', { rule: rule.id, type }) },
          { text: '' },
          { text: normText(rule, o.bands.pass, lang) },
          { text: normText(rule, o.bands.warn, lang) },
          { text: o.source ? `${sourceText(s)}${s.url ? `\n${s.url}` : ''}` : '' },
          { text: l(status), colour: status === 'found' ? INK.pass : INK.warn },
        ])
      }
    }
    w.table(
      fit(w, [
        { header: l('ruleId'), width: 80 },
        { header: l('rule'), width: 120 },
        { header: l('band'), width: 70 },
        { header: l('warnBand'), width: 70 },
        { header: l('source'), width: 150 },
        { header: l('sourceStatus'), width: 45 },
      ]),
      rows,
      { size: 7 },
    )
  })
}
