import type { Area } from '@gebiedsbord/model'
import type { Metrics } from './metrics.ts'
import {
  appliesTo,
  type Bands,
  bandsFor,
  type FigureStatus,
  type Lang,
  type NormSet,
  type Rule,
} from './normSet.ts'
import { type AreaReport, roundMetrics, summarise } from './report.ts'
import { evaluateRule, provenance, type RuleReport } from './rule.ts'

/** What an area is evaluated as: its outline and name, its norm set and its type in that set. */
export interface ReportedArea {
  readonly area: Area
  readonly set: NormSet
  readonly type: string
}

/** A rule of a set as it holds for one area type: the bands and the provenance in force. */
interface RuleInForce {
  readonly rule: Rule
  readonly bands: Bands
  readonly status: FigureStatus
  readonly sourceText: string
}

// Per set and area type, the rules that apply with their bands and provenance. A report evaluates
// every rule of every area; these lookups (an `includes`, two keyed reads, two map lookups per rule
// and area) gave the same answers each time. Sets are immutable once parsed, as the rule-keyed
// cache of `provenance` already relies on.
const inForceCache = new WeakMap<NormSet, Map<string, readonly RuleInForce[]>>()

function rulesInForce(set: NormSet, type: string): readonly RuleInForce[] {
  let byType = inForceCache.get(set)
  if (!byType) {
    byType = new Map()
    inForceCache.set(set, byType)
  }
  let list = byType.get(type)
  if (!list) {
    const made: RuleInForce[] = []
    for (const rule of set.rules) {
      if (!appliesTo(rule, type)) continue
      const { status, sourceText } = provenance(rule, type)
      made.push({ rule, bands: bandsFor(rule, type), status, sourceText })
    }
    list = made
    byType.set(type, list)
  }
  return list
}

/**
 * One rule's verdict for an area. A catchment rule is measured over the catchment when the area
 * shares one (`catchment` and its summed metrics), else over the area alone.
 */
function ruleReport(
  r: RuleInForce,
  metrics: Metrics,
  lang: Lang,
  catchment: string | undefined,
  catchmentMetrics: Metrics | undefined,
): RuleReport {
  const overCatchment = r.rule.scope === 'catchment' && catchment !== undefined
  return evaluateRule(r.rule, overCatchment ? (catchmentMetrics as Metrics) : metrics, r.bands, {
    lang,
    status: r.status,
    sourceText: r.sourceText,
    catchment: overCatchment ? catchment : undefined,
    alone: !overCatchment && r.rule.scope === 'catchment',
  })
}

/**
 * An area's barcode: its rounded metrics and every rule of its set that applies to its type.
 * `catchment` names the catchment the area shares with others (its summed metrics in
 * `catchmentMetrics`), undefined when the area is alone in one or has none.
 */
export function areaReport(
  entry: ReportedArea,
  metrics: Metrics,
  lang: Lang,
  catchment: string | undefined,
  catchmentMetrics: Metrics | undefined,
): AreaReport {
  const list = rulesInForce(entry.set, entry.type)
  const rules: RuleReport[] = []
  for (const r of list) rules.push(ruleReport(r, metrics, lang, catchment, catchmentMetrics))
  return {
    id: entry.area.id,
    name: entry.area.name,
    areaType: entry.type,
    normSet: { id: entry.set.id, version: entry.set.version },
    ...(entry.area.catchment ? { catchment: entry.area.catchment } : {}),
    metrics: roundMetrics(metrics),
    rules,
    summary: summarise(rules, metrics.dwellings > 0),
  }
}

/**
 * An area's previous report with its catchment rules evaluated again: for when only a catchment
 * neighbour changed, so that the area's own rules stand.
 */
export function withCatchmentRules(
  previous: AreaReport,
  entry: ReportedArea,
  metrics: Metrics,
  lang: Lang,
  catchment: string,
  catchmentMetrics: Metrics,
): AreaReport {
  const rules = previous.rules.map((r) => {
    if (r.scope !== 'catchment') return r
    const rule = entry.set.rules.find((x) => x.id === r.id) as Rule
    const { status, sourceText } = provenance(rule, entry.type)
    const inForce = { rule, bands: bandsFor(rule, entry.type), status, sourceText }
    return ruleReport(inForce, metrics, lang, catchment, catchmentMetrics)
  })
  return { ...previous, rules, summary: summarise(rules, metrics.dwellings > 0) }
}
