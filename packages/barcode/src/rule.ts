import { formatNumber, roundTo } from './format.ts'
import { type MetricName, type Metrics, metricValue } from './metrics.ts'
import { type Bands, type FigureStatus, type Interval, type Lang, type Rule, sourceText } from './normSet.ts'

export type Status = 'pass' | 'warn' | 'fail'

/** One rule's verdict for an area, a catchment or the plan. */
export interface RuleReport {
  readonly id: string
  readonly description: string
  readonly status: Status
  /** False when the rule has nothing to measure (a share of zero dwellings); such a rule passes. */
  readonly applicable: boolean
  /** Measured value in `unit`; null when not applicable. */
  readonly actual: number | null
  /** The bound that decides the verdict (the violated one, else the lower one), in `unit`. */
  readonly required: number | null
  /** The whole pass band in `unit`. */
  readonly range: Interval
  readonly unit: string
  /** Plain words with the amount needed, e.g. "+45 social dwellings". */
  readonly hint: string
  /** Signed amount of the hint's noun to reach the pass band (+ add, − remove); null when passing. */
  readonly needed: number | null
  readonly scope: 'area' | 'catchment'
  /** Set when a catchment rule was evaluated over several areas together. */
  readonly catchment?: string
  readonly condition: boolean
  readonly source: string
  readonly sourceStatus: FigureStatus
}

// Values are compared with a small relative tolerance so that a boundary (exactly 30%) passes
// even when fractional block shares leave floating-point dust.
const TOLERANCE = 1e-9
const within = (v: number, i: Interval): boolean =>
  (i.min === undefined || v >= i.min - TOLERANCE * Math.max(1, Math.abs(i.min))) &&
  (i.max === undefined || v <= i.max + TOLERANCE * Math.max(1, Math.abs(i.max)))

/** Classifies a value against pass/warn bands. */
export function classify(value: number, bands: Bands): Status {
  if (within(value, bands.pass)) return 'pass'
  if (bands.warn && within(value, bands.warn)) return 'warn'
  return 'fail'
}

const TEXT = {
  meets: { nl: 'voldoet', en: 'meets the norm' },
  notApplicable: { nl: 'n.v.t.: niets te meten', en: 'not applicable: nothing to measure' },
  convertShare: { nl: 'of {n} bestaande omzetten', en: 'or convert {n} existing' },
  convertAway: { nl: 'of {n} omzetten naar een ander segment', en: 'or convert {n} to another segment' },
  shareCatchment: {
    nl: 'of deel met een buurgebied (zelfde verzorgingsgebied)',
    en: 'or share with a neighbouring area (same catchment)',
  },
  inCatchment: { nl: 'in verzorgingsgebied {c}', en: 'in catchment {c}' },
} as const satisfies Record<string, Record<Lang, string>>

const WHY_NOT_APPLICABLE: Partial<Record<MetricName, Record<Lang, string>>> = {
  dwellings: { nl: 'n.v.t.: geen woningen', en: 'not applicable: no dwellings' },
  areaHa: { nl: 'n.v.t.: geen oppervlak', en: 'not applicable: no area' },
  areaM2: { nl: 'n.v.t.: geen oppervlak', en: 'not applicable: no area' },
}

/** Rounds an amount up to the hint's precision, ignoring floating-point dust. */
function ceilTo(x: number, decimals: number): number {
  const f = 10 ** decimals
  return Math.ceil(x * f - TOLERANCE * f) / f
}

/** Where the evaluation stands: the measured value, the pass band in reported units, and what it takes to pass. */
interface Measured {
  readonly value: number | null
  readonly actual: number | null
  readonly range: Interval
  /** Signed amount of the hint noun to reach the pass band, before rounding; 0 inside. */
  readonly gap: number
  /** For shares: how many existing units to convert instead of adding (signed like gap). */
  readonly convert?: number
  readonly whyNot?: MetricName
}

function measure(rule: Rule, m: Metrics, bands: Bands): Measured {
  const { min, max } = bands.pass
  const ms = rule.measure
  switch (ms.type) {
    case 'share': {
      const part = metricValue(m, ms.of)
      const whole = metricValue(m, ms.in)
      if (whole <= 0) return { value: null, actual: null, range: bands.pass, gap: 0, whyNot: ms.in }
      const value = (100 * part) / whole
      // Adding x units of the part raises both part and whole: (part + x) / (whole + x) = p.
      if (min !== undefined && value < min) {
        const p = min / 100
        const gap = p < 1 ? (p * whole - part) / (1 - p) : Number.POSITIVE_INFINITY
        return { value, actual: value, range: bands.pass, gap, convert: p * whole - part }
      }
      if (max !== undefined && value > max) {
        const p = max / 100
        const gap = -(part - p * whole) / (1 - p)
        return { value, actual: value, range: bands.pass, gap, convert: -(part - p * whole) }
      }
      return { value, actual: value, range: bands.pass, gap: 0 }
    }
    case 'ratio': {
      const num = metricValue(m, ms.numerator)
      const den = metricValue(m, ms.denominator)
      const scale = ms.scale ?? 1
      if (den <= 0) return { value: null, actual: null, range: bands.pass, gap: 0, whyNot: ms.denominator }
      const value = (scale * num) / den
      const gap =
        min !== undefined && value < min
          ? (min * den) / scale - num
          : max !== undefined && value > max
            ? (max * den) / scale - num
            : 0
      return { value, actual: value, range: bands.pass, gap }
    }
    case 'provision': {
      const supply = metricValue(m, ms.supply) / (ms.supplyUnit ?? 1)
      const units = metricValue(m, ms.demand) / (ms.per ?? 1)
      const range: Interval = {
        ...(min !== undefined ? { min: units * min } : {}),
        ...(max !== undefined ? { max: units * max } : {}),
      }
      // No demand: nothing is required, so any supply passes a minimum.
      const value = units > 0 ? supply / units : supply > 0 ? Number.POSITIVE_INFINITY : (min ?? 0)
      const gap =
        range.min !== undefined && supply < range.min
          ? range.min - supply
          : range.max !== undefined && supply > range.max
            ? range.max - supply
            : 0
      return { value, actual: supply, range, gap }
    }
  }
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '')
}

export interface RuleContext {
  readonly lang: Lang
  readonly status: FigureStatus
  readonly sourceText: string
  /** Catchment the rule was evaluated over, when it spans several areas. */
  readonly catchment?: string
  /** True when a catchment rule was evaluated for one area alone (it could be shared). */
  readonly alone?: boolean
}

/** Evaluates one rule against metrics with the bands of the area type in force. */
export function evaluateRule(rule: Rule, metrics: Metrics, bands: Bands, ctx: RuleContext): RuleReport {
  const lang = ctx.lang
  const r = measure(rule, metrics, bands)
  const range = r.range
  if (r.value === null) {
    const why = (r.whyNot && WHY_NOT_APPLICABLE[r.whyNot]?.[lang]) ?? TEXT.notApplicable[lang]
    return ruleReport(rule, ctx, range, 'pass', false, null, null, why, null)
  }
  const status = classify(r.value, bands)
  const lower = r.range.min
  const upper = r.range.max
  const bound = r.gap < 0 && upper !== undefined ? upper : (lower ?? upper)
  const required = bound === undefined ? null : roundTo(bound)
  const actual = roundTo(r.actual ?? 0)
  if (status === 'pass')
    return ruleReport(rule, ctx, range, status, true, actual, required, TEXT.meets[lang], null)
  const decimals = rule.hint.decimals ?? 0
  const amount = ceilTo(Math.abs(r.gap), decimals)
  const sign = r.gap >= 0 ? '+' : '−'
  let hint = Number.isFinite(amount)
    ? `${sign}${formatNumber(amount, lang, decimals)} ${rule.hint.noun[lang]}`
    : ''
  const extras: string[] = []
  if (r.convert !== undefined && r.convert !== 0) {
    const n = formatNumber(ceilTo(Math.abs(r.convert), decimals), lang, decimals)
    extras.push(fill(r.convert > 0 ? TEXT.convertShare[lang] : TEXT.convertAway[lang], { n }))
  }
  if (ctx.catchment !== undefined) hint += ` ${fill(TEXT.inCatchment[lang], { c: ctx.catchment })}`
  else if (ctx.alone && r.gap > 0) extras.push(TEXT.shareCatchment[lang])
  if (extras.length) hint = hint ? `${hint} (${extras.join('; ')})` : extras.join('; ')
  const needed = Number.isFinite(amount) ? (r.gap >= 0 ? amount : -amount) : null
  return ruleReport(rule, ctx, range, status, true, actual, required, hint, needed)
}

/**
 * Every report is built by this one literal in one property order, so that the thousands of them a
 * plan produces share a hidden class (cheap to make and to read). `catchment` is undefined when
 * unset, which JSON leaves out. A module-level function, not a closure per evaluated rule: that was
 * an allocation per rule (and, under tsx, which keeps function names, a defineProperty per rule).
 */
function ruleReport(
  rule: Rule,
  ctx: RuleContext,
  range: Interval,
  status: Status,
  applicable: boolean,
  actual: number | null,
  required: number | null,
  hint: string,
  needed: number | null,
): RuleReport {
  return {
    id: rule.id,
    description: rule.description[ctx.lang],
    status,
    applicable,
    actual,
    required,
    range: { min: roundOpt(range.min), max: roundOpt(range.max) },
    unit: rule.unit,
    hint,
    needed,
    scope: rule.scope,
    catchment: ctx.catchment,
    condition: rule.condition === true,
    source: ctx.sourceText,
    sourceStatus: ctx.status,
  }
}

const roundOpt = (v: number | undefined): number | undefined => (v === undefined ? undefined : roundTo(v))

const provenanceCache = new WeakMap<Rule, Map<string, { status: FigureStatus; sourceText: string }>>()

/** The figure status and source text in force for an area type (an override may carry its own). */
export function provenance(rule: Rule, areaType: string): { status: FigureStatus; sourceText: string } {
  let byType = provenanceCache.get(rule)
  if (!byType) {
    byType = new Map()
    provenanceCache.set(rule, byType)
  }
  let p = byType.get(areaType)
  if (!p) {
    const o = rule.byAreaType?.[areaType]
    p = { status: o?.status ?? rule.status, sourceText: sourceText(o?.source ?? rule.source) }
    byType.set(areaType, p)
  }
  return p
}
