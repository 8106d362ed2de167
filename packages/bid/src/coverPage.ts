import { areaRuleBands, planRuleBands } from './bands.ts'
import { type BidContext, signOffOf, unmetConditions } from './bidContext.ts'
import { label, ROLE_LABEL, STATUS_LABEL } from './labels.ts'
import { dateText, figure } from './pdfFormat.ts'
import { type Cell, type Column, INK, type PdfWriter } from './pdfLayout.ts'
import { barcodeTable, fit, STATUS_COLOUR } from './tables.ts'

/** The state of a sign-off as a coloured word: agreed, outdated or none. */
export function signOffCell(ctx: BidContext, state: 'current' | 'outdated' | undefined): Cell {
  if (state === 'current') return { text: label(ctx.lang, 'agreed'), colour: INK.pass, bold: true }
  if (state === 'outdated') return { text: label(ctx.lang, 'outdated'), colour: INK.warn }
  return { text: label(ctx.lang, 'none'), colour: INK.muted }
}

/**
 * The first page: the board, the date, the norm sets, the barcode in one table per scope, the
 * unmet conditions of growth in a section of their own (plan and areas), then the plan's other
 * warnings and failures, and the sign-offs as an areas × parties matrix.
 */
export function writeCover(w: PdfWriter, ctx: BidContext): void {
  const { lang, input } = ctx
  const { plan, report } = input
  const l = (k: Parameters<typeof label>[1], vars?: Record<string, string | number>) => label(lang, k, vars)

  w.section(l('bidTitle'), 22)
  w.paragraph(plan.board.name, { size: 16, bold: true })
  w.space(2)
  w.paragraph(l('generated', { date: dateText(input.generatedAt, lang) }), { colour: INK.muted })
  w.paragraph(
    `${l('normSets')}: ${input.normSets.map((s) => `${s.name[lang]} (${s.id} ${s.version}, ${s.date})`).join('; ')}`,
    { colour: INK.muted },
  )

  w.heading(l('summary'))
  const count = (c: number) => figure(c, lang, 0)
  const summaryColumns: Column[] = [
    { header: l('scope'), width: 130 },
    { header: l('areaType'), width: 80 },
    { header: l('dwellings'), width: 55, align: 'right' },
    { header: l('status'), width: 60 },
    { header: l('verdicts'), width: 130 },
    { header: l('unmetShort'), width: 80, align: 'right' },
  ]
  const summaryRow = (name: string, type: string, dwellings: number, s: (typeof report.plan)['summary']) => [
    { text: name, bold: true },
    { text: type },
    { text: count(dwellings) },
    { text: STATUS_LABEL[lang][s.status], colour: STATUS_COLOUR[s.status], bold: s.status === 'fail' },
    { text: l('counts', { pass: s.pass, warn: s.warn, fail: s.fail }) },
    {
      text: count(s.conditionsUnmet),
      bold: s.conditionsUnmet > 0,
      colour: s.conditionsUnmet > 0 ? INK.alert : INK.text,
    },
  ]
  w.table(fit(w, summaryColumns), [
    summaryRow(l('planScope'), '', report.plan.metrics.dwellings, report.plan.summary),
    ...report.areas.map((a) => summaryRow(a.name, a.areaType, a.metrics.dwellings, a.summary)),
  ])

  // Conditions of growth decide whether housing may grow at all: they come first and apart.
  const unmet = [
    ...unmetConditions(report.plan.rules, report.plan.summary).map((rule) => ({
      rule,
      bands: planRuleBands(report, rule, ctx.sets),
      scope: l('planScope'),
    })),
    ...report.areas.flatMap((a) =>
      unmetConditions(a.rules, a.summary).map((rule) => ({
        rule,
        bands: areaRuleBands(a, rule, ctx.sets),
        scope: a.name,
      })),
    ),
  ]
  w.space(6)
  w.heading(l('unmetConditions'), 13, { colour: unmet.length > 0 ? INK.alert : INK.pass, rule: true })
  if (unmet.length === 0) w.paragraph(l('unmetConditionsNone'), { colour: INK.pass, bold: true })
  else {
    w.paragraph(l('unmetConditionsWhy'), { colour: INK.alert, size: 8.5 })
    w.space(4)
    barcodeTable(w, lang, unmet, { scopeColumn: true })
  }

  const warnings = report.plan.rules
    .filter((r) => !r.condition && r.status !== 'pass')
    .map((rule) => ({ rule, bands: planRuleBands(report, rule, ctx.sets) }))
  w.space(4)
  w.heading(l('warnings'))
  if (warnings.length === 0) w.paragraph(l('warningsNone'), { colour: INK.muted })
  else barcodeTable(w, lang, warnings)

  w.space(4)
  w.heading(l('signOffMatrix'))
  if (plan.parties.length === 0) w.paragraph(l('noParties'), { colour: INK.muted })
  else
    w.table(
      fit(w, [
        { header: l('area'), width: 110 },
        ...plan.parties.map((p) => ({ header: `${p.name} (${ROLE_LABEL[lang][p.role]})`, width: 70 })),
      ]),
      plan.areas.map((a) => [
        { text: a.name, bold: true },
        ...plan.parties.map((p) => signOffCell(ctx, signOffOf(ctx, a.id, p.id)?.state)),
      ]),
    )
}
