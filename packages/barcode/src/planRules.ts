import { type Metrics, metricValue, sumMetrics } from './metrics.ts'
import {
  appliesTo,
  type Bands,
  bandsFor,
  type Interval,
  type Lang,
  type NormSet,
  type Rule,
  sourceText,
} from './normSet.ts'
import { evaluateRule, type RuleReport } from './rule.ts'

interface Member {
  readonly type: string
  readonly metrics: Metrics
}

/** What a rule's value is taken over: the quantity that weighs an area's bands in the plan's. */
function weightOf(rule: Rule, m: Metrics): number {
  const ms = rule.measure
  return metricValue(m, ms.type === 'share' ? ms.in : ms.type === 'ratio' ? ms.denominator : ms.demand)
}

function weightedInterval(parts: readonly { i: Interval | undefined; w: number }[]): Interval | undefined {
  const out: { min?: number; max?: number } = {}
  for (const bound of ['min', 'max'] as const) {
    if (parts.some((p) => p.i?.[bound] === undefined)) continue
    const total = parts.reduce((s, p) => s + p.w, 0)
    out[bound] =
      total > 0
        ? parts.reduce((s, p) => s + (p.i?.[bound] as number) * p.w, 0) / total
        : parts.reduce((s, p) => s + (p.i?.[bound] as number), 0) / parts.length
  }
  return out.min === undefined && out.max === undefined ? undefined : out
}

/**
 * The plan's bands for a rule: each area's bands weighted by what the rule measures over
 * (dwellings for shares, hectares for density …). Where all areas are of one type this is that
 * type's band; a bound that some area type lacks (density max outside groen-stedelijk) is dropped.
 */
export function planBands(rule: Rule, members: readonly Member[]): Bands | undefined {
  const parts = members.map((m) => ({ b: bandsFor(rule, m.type), w: weightOf(rule, m.metrics) }))
  const pass = weightedInterval(parts.map((p) => ({ i: p.b.pass, w: p.w })))
  if (!pass) return undefined
  const warn = weightedInterval(parts.map((p) => ({ i: p.b.warn, w: p.w })))
  return warn ? { pass, warn } : { pass }
}

/**
 * Evaluates the default norm set over the whole plan: each rule over the areas it applies to,
 * with catchment rules taking the plan as one catchment.
 */
export function planRuleReports(
  set: NormSet,
  planMetrics: Metrics,
  members: readonly Member[],
  lang: Lang,
): RuleReport[] {
  const out: RuleReport[] = []
  for (const rule of set.rules) {
    const applicable = members.filter((m) => appliesTo(rule, m.type))
    if (applicable.length === 0) continue
    const bands = planBands(rule, applicable)
    if (!bands) continue
    // Rules limited to some area types are measured over those areas only.
    const metrics =
      applicable.length === members.length ? planMetrics : sumMetrics(applicable.map((m) => m.metrics))
    out.push(
      evaluateRule(rule, metrics, bands, { lang, status: rule.status, sourceText: sourceText(rule.source) }),
    )
  }
  return out
}
