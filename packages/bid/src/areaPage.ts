import type { AreaReport } from '@gebiedsbord/barcode'
import type { Area, BlockKind, Segment, Thread } from '@gebiedsbord/model'
import { drawAreaMap, drawScaleBar, MAP_FILLS, partyColour } from './areaMap.ts'
import { areaRuleBands } from './bands.ts'
import { type BidContext, signOffOf } from './bidContext.ts'
import { signOffCell } from './coverPage.ts'
import { KIND_LABEL, label, ROLE_LABEL, SEGMENT_LABEL } from './labels.ts'
import { dateText, figure } from './pdfFormat.ts'
import { INK, type PdfWriter } from './pdfLayout.ts'
import { barcodeTable, fit, partyTable } from './tables.ts'

/** Height of an area's map on its page, in points (about 5.6 cm). */
const MAP_HEIGHT = 160

/**
 * An area's pages: its map at a stated scale, its barcode, its party table, its sign-offs and its
 * open comments. Usually one page; longer content continues on the next.
 */
export function writeAreaPage(
  w: PdfWriter,
  ctx: BidContext,
  area: Area,
  report: AreaReport | undefined,
): void {
  const { lang, input } = ctx
  const l = (k: Parameters<typeof label>[1], vars?: Record<string, string | number>) => label(lang, k, vars)
  w.section(l('areaPage', { name: area.name }), 15)
  if (report) {
    const m = report.metrics
    w.paragraph(
      [
        `${l('areaType')}: ${report.areaType}`,
        `${report.normSet.id} ${report.normSet.version}`,
        `${figure(m.areaHa, lang, 1)} ha`,
        `${figure(m.dwellings, lang, 0)} ${l('dwellings').toLowerCase()}`,
      ].join(' · '),
      { colour: INK.muted, size: 8.5 },
    )
  }

  w.ensure(MAP_HEIGHT + 24)
  w.space(4)
  const box = { x: w.left, y: w.y - MAP_HEIGHT, width: w.width, height: MAP_HEIGHT }
  const map = drawAreaMap(w.page, box, {
    area,
    areas: input.plan.areas,
    blocks: input.plan.blocks,
    parties: input.plan.parties,
    north: input.plan.board.frame.kind === 'rd-new',
  })
  if (map.northLabel) w.draw(l('north'), map.northLabel.x, map.northLabel.y, { size: 8, bold: true })
  const below = box.y - 12
  const scaleText = l('scale', { n: figure(map.scale, lang, 0) })
  w.draw(scaleText, w.left, below, { size: 8, bold: true })
  const barX = w.left + w.textWidth(scaleText, { size: 8, bold: true }) + 14
  drawScaleBar(w.page, barX, below, map.bar.points)
  w.draw('0', barX - 2, below - 8, { size: 6.5 })
  const end = `${figure(map.bar.metres, lang, 0)} ${l('metres')}`
  w.draw(end, barX + map.bar.points - w.textWidth(end, { size: 6.5 }) / 2, below - 8, { size: 6.5 })
  // The legend, under the scale: fills by kind; outlines are the parties' colours.
  const legend = { size: 6.5 }
  let x = w.left
  let y = below - 18
  const items = MAP_FILLS.map(([fill, colour]) => ({
    colour,
    name: fill.startsWith('housing-')
      ? SEGMENT_LABEL[lang][fill.slice('housing-'.length) as Segment]
      : KIND_LABEL[lang][fill as BlockKind],
  }))
  for (const { colour, name } of items) {
    const width = 8 + w.textWidth(name, legend) + 9
    if (x + width > w.left + w.width) {
      x = w.left
      y -= 10
    }
    w.swatch(x, y, colour)
    w.draw(name, x + 8, y, legend)
    x += width
  }
  w.draw(l('legendOutline'), x, y, { ...legend, colour: INK.muted })
  w.moveTo(y - 6)

  w.heading(l('barcode'), 11)
  if (report)
    barcodeTable(
      w,
      lang,
      report.rules.map((rule) => ({ rule, bands: areaRuleBands(report, rule, ctx.sets) })),
      { conditionColumn: true },
    )

  const programme = ctx.programme.areas.find((p) => p.area === area.id)
  if (programme) {
    w.heading(l('partyTable'), 11)
    partyTable(w, lang, programme)
  }

  w.heading(l('signOffs'), 11)
  if (input.plan.parties.length === 0) w.paragraph(l('noParties'), { colour: INK.muted, size: 8 })
  else {
    const rows = input.plan.parties.map((p) => {
      const s = signOffOf(ctx, area.id, p.id)
      return [
        { text: p.name, bold: true, swatch: partyColour(p) },
        { text: ROLE_LABEL[lang][p.role] },
        signOffCell(ctx, s?.state),
        {
          text: s ? l('signedBy', { name: s.name, date: dateText(s.at, lang), version: s.versionName }) : '',
        },
      ]
    })
    w.table(
      fit(w, [
        { header: l('party'), width: 110 },
        { header: l('role'), width: 90 },
        { header: l('status'), width: 60 },
        { header: '', width: 255 },
      ]),
      rows,
    )
  }

  writeThreads(w, ctx, ctx.threadsByArea.get(area.id) ?? [])
}

/** Open comment threads, each with its target, its author and date, and its replies indented. */
export function writeThreads(w: PdfWriter, ctx: BidContext, threads: readonly Thread[]): void {
  const { lang } = ctx
  w.heading(label(lang, 'openComments'), 11)
  if (threads.length === 0) {
    w.paragraph(label(lang, 'openCommentsNone'), { colour: INK.muted, size: 8 })
    return
  }
  // A rule by the name the thread's area reports it under (norm sets may word a rule their own way).
  const rule = (area: string, id: string) =>
    ctx.input.report.areas.find((a) => a.id === area)?.rules.find((r) => r.id === id)?.description ?? id
  for (const t of threads) {
    const on =
      t.target.kind === 'rule'
        ? ` ${label(lang, 'onRule', { rule: rule(t.target.area, t.target.rule) })}`
        : t.target.kind === 'block'
          ? ` ${label(lang, 'onBlock', { block: blockName(ctx, t.target.block) })}`
          : ''
    w.space(2)
    w.paragraph(`${t.root.author.name}, ${dateText(t.root.createdAt, lang)}${on}`, { size: 7.5, bold: true })
    w.paragraph(t.root.deletedAt !== undefined ? `(${label(lang, 'deleted')})` : t.root.text, { size: 8.5 })
    for (const r of t.replies) {
      w.paragraph(`${r.author.name}, ${dateText(r.createdAt, lang)}`, { size: 7.5, bold: true, indent: 14 })
      w.paragraph(r.text, { size: 8.5, indent: 14 })
    }
  }
}

function blockName(ctx: BidContext, id: string): string {
  const b = ctx.input.plan.blocks.find((x) => x.id === id)
  return b?.label ?? id
}
