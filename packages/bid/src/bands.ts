import {
  type AreaReport,
  appliesTo,
  areaTypeIn,
  type Bands,
  type BarcodeReport,
  bandsFor,
  type Interval,
  type NormSet,
  planBands,
  type Rule,
  type RuleReport,
  roundTo,
} from '@gebiedsbord/barcode'

/** A rule's pass and warn bands in the unit of its reported value. */
export interface ReportedBands {
  readonly pass: Interval
  /** Absent when the rule has no warn band, or its set is not among those given. */
  readonly warn?: Interval
}

/** Norm sets by id, as the bid's input lists them. */
export const setsById = (sets: readonly NormSet[]): ReadonlyMap<string, NormSet> =>
  new Map(sets.map((s) => [s.id, s]))

/**
 * The warn band in the reported unit. Share and ratio rules report in their norm's unit; a
 * provision rule reports amounts (m² of school for the area's pupils), its pass band being the
 * norm times the demand, so the warn band is scaled by the same factor, read off the pass band.
 */
function warnInUnit(rule: Rule, bands: Bands, reported: RuleReport): Interval | undefined {
  const warn = bands.warn
  if (!warn || rule.measure.type !== 'provision') return warn
  const factor =
    bands.pass.min && reported.range.min !== undefined
      ? reported.range.min / bands.pass.min
      : bands.pass.max && reported.range.max !== undefined
        ? reported.range.max / bands.pass.max
        : undefined
  if (factor === undefined) return undefined
  const scaled = (v: number | undefined) => (v === undefined ? undefined : roundTo(v * factor))
  return { min: scaled(warn.min), max: scaled(warn.max) }
}

/** The bands of one rule of an area's barcode. */
export function areaRuleBands(
  area: AreaReport,
  reported: RuleReport,
  sets: ReadonlyMap<string, NormSet>,
): ReportedBands {
  const rule = sets.get(area.normSet.id)?.rules.find((r) => r.id === reported.id)
  if (!rule) return { pass: reported.range }
  const warn = warnInUnit(rule, bandsFor(rule, area.areaType), reported)
  return warn ? { pass: reported.range, warn } : { pass: reported.range }
}

/**
 * The bands of one rule of the plan's barcode: the default set's bands of each area's type,
 * weighted as the engine weighs them (`planBands`) over the areas the rule applies to.
 */
export function planRuleBands(
  report: BarcodeReport,
  reported: RuleReport,
  sets: ReadonlyMap<string, NormSet>,
): ReportedBands {
  const set = sets.get(report.normSet.id)
  const rule = set?.rules.find((r) => r.id === reported.id)
  if (!set || !rule) return { pass: reported.range }
  const members = report.areas
    .map((a) => ({
      type: areaTypeIn(set, a.areaType),
      metrics: a.metrics,
    }))
    .filter((m) => appliesTo(rule, m.type))
  const bands = planBands(rule, members)
  const warn = bands && warnInUnit(rule, bands, reported)
  return warn ? { pass: reported.range, warn } : { pass: reported.range }
}
