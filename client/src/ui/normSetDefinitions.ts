import {
  DEFAULT_NORM_SET_ID,
  type FigureStatus,
  formatNumber,
  type Interval,
  type Lang,
  type Measure,
  type MetricName,
  type NormSet,
  type NormSetRegistry,
  type Rule,
  type Source,
} from '@gebiedsbord/barcode'
import type { Translate } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'

/*
 * The norm sets a board uses, as readable definitions: what each rule measures, its bands, whether
 * it is a condition of growth and where its figure comes from. Pure text-making for the
 * definitions page, so that every party reads the same rules in the same words.
 */

/** Most decimals a band value shows: enough for 0.25 places per dwelling, no floating-point dust. */
const BAND_DECIMALS = 2

/** One norm set a board uses, and by what. */
export interface NormSetUse {
  /** The id the plan names (an unknown one is evaluated with the default set). */
  readonly id: string
  /** The set, when this client knows it. */
  readonly set: NormSet | undefined
  /** Whether it is the board's set (which every area without its own uses). */
  readonly board: boolean
  /** Names of the areas that name this set themselves, sorted. */
  readonly areas: readonly string[]
}

/**
 * The norm sets in use: the board's first (the shipped default when the board names none), then
 * every other set that an area names, by id. Areas that name the board's set are listed with it.
 */
export function normSetsInUse(
  boardSetId: string | undefined,
  areas: Iterable<{ readonly name: string; readonly normSetId?: string | undefined }>,
  registry: NormSetRegistry,
  untitled: string,
): NormSetUse[] {
  const boardId = boardSetId ?? DEFAULT_NORM_SET_ID
  const byId = new Map<string, string[]>([[boardId, []]])
  for (const a of areas) {
    if (a.normSetId === undefined) continue
    const list = byId.get(a.normSetId) ?? []
    list.push(a.name || untitled)
    byId.set(a.normSetId, list)
  }
  const others = [...byId.keys()].filter((id) => id !== boardId).sort()
  return [boardId, ...others].map((id) => ({
    id,
    set: registry.get(id),
    board: id === boardId,
    areas: [...(byId.get(id) ?? [])].sort((p, q) => p.localeCompare(q)),
  }))
}

/** A metric in words: singular for one (`per dwelling`), plural otherwise (`dwellings`). */
export function metricLabel(name: MetricName, t: Translate, count = 2): string {
  const dot = name.indexOf('.')
  if (dot < 0) return t(`metric.${name}` as MessageKey, { count })
  const group = name.slice(0, dot)
  if (group === 'dwellings') return t(`metric.${name}` as MessageKey, { count })
  const word = t(`use.${name.slice(dot + 1)}` as MessageKey)
  // Mid-sentence: "m² school", but an acronym stays as it is ("m² GP").
  const use = word === word.toUpperCase() ? word : word.toLowerCase()
  if (group === 'greenM2') return t('metric.greenM2Of', { use })
  if (group === 'amenityM2') return t('metric.amenityM2Of', { use })
  return t('metric.amenityCountOf', { use })
}

/** What a rule measures, in words: "m² public green per dwelling". `unit` is the rule's reported unit. */
export function measureText(m: Measure, unit: string, lang: Lang, t: Translate): string {
  switch (m.type) {
    case 'share':
      return t('definitions.measure.share', { part: metricLabel(m.of, t), whole: metricLabel(m.in, t) })
    case 'ratio': {
      const numerator = metricLabel(m.numerator, t)
      const denominator = metricLabel(m.denominator, t, 1)
      const scale = m.scale ?? 1
      if (scale === 1) return t('definitions.measure.ratio', { numerator, denominator })
      if (scale === 100) return t('definitions.measure.percentOf', { numerator, denominator })
      return t('definitions.measure.scaled', { numerator, denominator, scale: formatNumber(scale, lang, 2) })
    }
    case 'provision': {
      const supply = metricLabel(m.supply, t)
      const demand = metricLabel(m.demand, t)
      if (m.supplyUnit === undefined) return t('definitions.measure.provision', { supply, demand })
      return t('definitions.measure.provisionUnit', {
        supply,
        size: formatNumber(m.supplyUnit, lang, BAND_DECIMALS),
        unit,
        demand,
      })
    }
  }
}

/** A band value with its unit: `30%`, `0,8 pp/wo`. */
function valueText(v: number, unit: string, lang: Lang): string {
  const n = formatNumber(v, lang, BAND_DECIMALS)
  return unit === '%' ? `${n}%` : `${n} ${unit}`
}

/**
 * The unit the bands of a rule are in. Share and ratio bands are in the rule's unit; a provision's
 * are per unit of demand (`m² per pupil`, `FTE per 2,095 residents`), while its reports give
 * amounts (`m²`, `FTE`), so the page says what the bound is measured against.
 */
export function bandUnit(rule: Rule, lang: Lang, t: Translate): string {
  const m = rule.measure
  if (m.type !== 'provision') return rule.unit
  const per = m.per ?? 1
  const demand =
    per === 1
      ? metricLabel(m.demand, t, 1)
      : `${formatNumber(per, lang, BAND_DECIMALS)} ${metricLabel(m.demand, t)}`
  return t('definitions.perDemand', { unit: rule.unit, demand })
}

/** An interval as a band: `≥ 30%`, `≤ 20%`, `0,8 – 1,2 pp/wo`; empty when it has no bound. */
export function intervalText(i: Interval, unit: string, lang: Lang): string {
  const f = (v: number) => formatNumber(v, lang, BAND_DECIMALS)
  const suffix = unit === '%' ? '%' : ` ${unit}`
  if (i.min !== undefined && i.max !== undefined) return `${f(i.min)} – ${f(i.max)}${suffix}`
  if (i.min !== undefined) return `≥ ${valueText(i.min, unit, lang)}`
  if (i.max !== undefined) return `≤ ${valueText(i.max, unit, lang)}`
  return ''
}

/** A source as the page lists it; the link only when the source gives one. */
export interface SourceLine {
  /** "Publisher — Title (year)". */
  readonly text: string
  readonly url: string | undefined
}

/** A source's publisher, title and year in one line, with its link apart. */
export function sourceLine(s: Source): SourceLine {
  const who = s.publisher ? `${s.publisher} — ` : ''
  const when = s.year !== undefined ? ` (${s.year})` : ''
  return { text: `${who}${s.title}${when}`, url: s.url }
}

/** Bands of one area type that differ from the rule's own. */
export interface AreaTypeBands {
  readonly areaType: string
  readonly pass: string
  readonly warn: string | null
  /** Given when the area type's figure has its own status or source. */
  readonly status: FigureStatus | undefined
  readonly source: SourceLine | undefined
}

/** One rule as the definitions page shows it. */
export interface RuleDefinition {
  readonly id: string
  readonly name: string
  readonly measures: string
  /** The unit the rule reports in. */
  readonly unit: string
  readonly pass: string
  /** The warn band; null when anything outside the pass band fails. */
  readonly warn: string | null
  readonly byAreaType: readonly AreaTypeBands[]
  /** Area types the rule applies to; null for all. */
  readonly areaTypes: readonly string[] | null
  readonly catchment: boolean
  readonly condition: boolean
  readonly source: SourceLine
  readonly status: FigureStatus
  readonly note: string | undefined
}

/** Every rule of a set in the reading order of the set, in `lang`. */
export function ruleDefinitions(set: NormSet, lang: Lang, t: Translate): RuleDefinition[] {
  return set.rules.map((rule) => {
    const unit = bandUnit(rule, lang, t)
    const band = (i: Interval | undefined) => (i ? intervalText(i, unit, lang) : null)
    return {
      id: rule.id,
      name: rule.description[lang],
      measures: measureText(rule.measure, rule.unit, lang, t),
      unit: rule.unit,
      pass: intervalText(rule.bands.pass, unit, lang),
      warn: band(rule.bands.warn),
      byAreaType: Object.entries(rule.byAreaType ?? {}).map(([areaType, o]) => ({
        areaType,
        pass: intervalText(o.bands.pass, unit, lang),
        warn: band(o.bands.warn),
        status: o.status,
        source: o.source ? sourceLine(o.source) : undefined,
      })),
      areaTypes: rule.areaTypes ?? null,
      catchment: rule.scope === 'catchment',
      condition: rule.condition === true,
      source: sourceLine(rule.source),
      status: rule.status,
      note: rule.note?.[lang],
    }
  })
}

/** The date a set was fixed (ISO `YYYY-MM-DD`) as people write it: `23 november 2026`. */
export function formatSetDate(iso: string, lang: Lang): string {
  const d = new Date(`${iso}T00:00:00Z`)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(d)
}
