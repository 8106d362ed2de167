import type { BarcodeReport, Lang, NormSet, RuleReport } from '@gebiedsbord/barcode'
import { areaRuleBands, planRuleBands, type ReportedBands, setsById } from './bands.ts'
import { type CsvCell, toCsv } from './csv.ts'
import { label, statusText } from './labels.ts'

/** Options of `barcodeCsv`. */
export interface BarcodeCsvOptions {
  readonly lang: Lang
  /** The norm sets the report was made with: they give the warn bands, which a report does not carry. */
  readonly normSets: readonly NormSet[]
  /** A UTF-8 byte order mark first (default true), for Excel. */
  readonly bom?: boolean
}

/**
 * The barcode as CSV: one row per rule, area by area in report order, then the whole plan. Each
 * row: scope, rule id and name, value and unit, pass and warn bands (in the value's unit), status,
 * whether the rule is a condition of growth, the signed amount needed to pass with its hint
 * ("+45 social dwellings"), and the source with its status (found or estimated). The rule names
 * and hints are in the language the report was made in.
 */
export function barcodeCsv(report: BarcodeReport, options: BarcodeCsvOptions): string {
  const { lang } = options
  const sets = setsById(options.normSets)
  const header = (
    [
      'scope',
      'ruleId',
      'rule',
      'value',
      'unit',
      'passMin',
      'passMax',
      'warnMin',
      'warnMax',
      'status',
      'condition',
      'neededAmount',
      'hint',
      'source',
      'sourceStatus',
    ] as const
  ).map((k) => label(lang, k))
  const row = (scope: string, r: RuleReport, bands: ReportedBands): CsvCell[] => [
    scope,
    r.id,
    r.description,
    r.actual,
    r.unit,
    bands.pass.min,
    bands.pass.max,
    bands.warn?.min,
    bands.warn?.max,
    statusText(r, lang),
    label(lang, r.condition ? 'yes' : 'no'),
    r.needed,
    r.status === 'pass' ? '' : r.hint,
    r.source,
    label(lang, r.sourceStatus),
  ]
  const rows: CsvCell[][] = [header]
  for (const area of report.areas)
    for (const r of area.rules) rows.push(row(area.name, r, areaRuleBands(area, r, sets)))
  const plan = label(lang, 'planScope')
  for (const r of report.plan.rules) rows.push(row(plan, r, planRuleBands(report, r, sets)))
  return toCsv(rows, options)
}
