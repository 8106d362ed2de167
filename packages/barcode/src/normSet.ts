import type { MetricName } from './metrics.ts'

/** Text in both UI languages. */
export interface Localised {
  readonly nl: string
  readonly en: string
}
export type Lang = keyof Localised

/** Whether a figure is published in the named source (found) or a rule of thumb (estimated). */
export type FigureStatus = 'found' | 'estimated'

export interface Source {
  readonly title: string
  readonly publisher?: string
  readonly year?: number
  readonly url?: string
}

/** A closed or half-open interval in a rule's norm unit. */
export interface Interval {
  readonly min?: number
  readonly max?: number
}

/**
 * Pass/warn/fail bands: a value inside `pass` passes; else inside `warn` (which must contain `pass`)
 * warns; else fails. Without `warn`, anything outside `pass` fails.
 */
export interface Bands {
  readonly pass: Interval
  readonly warn?: Interval
}

/**
 * How a rule turns metrics into the value its bands judge.
 * - share: `of` as a percentage of `in`, where `of` is part of `in` (social dwellings of all dwellings).
 * - ratio: `numerator / denominator × scale` of two independent quantities (m² green per dwelling).
 * - provision: supply (optionally divided by `supplyUnit`, e.g. m² per GP FTE) per `per` units of
 *   demand (e.g. per 2,095 residents); reported as amounts: actual supply against required supply.
 */
export type Measure =
  | { readonly type: 'share'; readonly of: MetricName; readonly in: MetricName }
  | {
      readonly type: 'ratio'
      readonly numerator: MetricName
      readonly denominator: MetricName
      readonly scale?: number
    }
  | {
      readonly type: 'provision'
      readonly supply: MetricName
      readonly supplyUnit?: number
      readonly demand: MetricName
      readonly per?: number
    }

/** Values of a rule that differ per area type (woonmilieu). */
export interface AreaTypeOverride {
  readonly bands: Bands
  readonly status?: FigureStatus
  readonly source?: Source
}

/** One norm of the barcode, e.g. `social-share` ≥ 30%. */
export interface Rule {
  /** Stable id, cited by tests, comments and users: never reuse one for another meaning. */
  readonly id: string
  readonly description: Localised
  readonly measure: Measure
  /** Unit of the reported actual and required values, e.g. `%`, `wo/ha`, `m²`, `FTE`. */
  readonly unit: string
  readonly bands: Bands
  readonly byAreaType?: Readonly<Record<string, AreaTypeOverride>>
  /** Area types the rule applies to; all when absent. */
  readonly areaTypes?: readonly string[]
  /** `catchment`: evaluated over the areas sharing a catchment (school, sports hall). */
  readonly scope: 'area' | 'catchment'
  /** How hints name the quantity to add or remove, e.g. "social dwellings", "m² green". */
  readonly hint: { readonly noun: Localised; readonly decimals?: number }
  /** A condition of growth (Delft's Kompas voor Goede Groei): shown apart from ordinary norms. */
  readonly condition?: boolean
  readonly source: Source
  readonly status: FigureStatus
  readonly note?: Localised
}

/** A per-dwelling population factor with its provenance. */
export interface Factor {
  readonly value: number
  readonly byAreaType?: Readonly<Record<string, number>>
  readonly source: Source
  readonly status: FigureStatus
}

export interface Population {
  readonly personsPerDwelling: Factor
  readonly pupilsPerDwelling: Factor
  readonly childcarePlacesPerDwelling: Factor
}

/**
 * Why some rules of a set are conditions of growth (Delft's Kompas voor Goede Groei: housing in an
 * area proceeds only if amenities and public space grow with it). Which rules are conditions is a
 * policy choice, so the set names the policy it follows and whether that marking is published.
 */
export interface ConditionsBasis {
  readonly source: Source
  /** `found`: the source itself lists these rules; `estimated`: the set's own reading of its principle. */
  readonly status: FigureStatus
  readonly note?: Localised
}

/** A barcode: reference norms as data, replaceable by a municipality's own. */
export interface NormSet {
  readonly id: string
  readonly version: string
  /** ISO date (YYYY-MM-DD) the set was fixed. */
  readonly date: string
  readonly name: Localised
  readonly description?: Localised
  readonly areaTypes: readonly string[]
  readonly defaultAreaType: string
  readonly population: Population
  readonly rules: readonly Rule[]
  /** Present when any rule is a condition of growth: where that marking comes from. */
  readonly conditions?: ConditionsBasis
}

/** The bands that hold for an area type. */
export function bandsFor(rule: Rule, areaType: string): Bands {
  return rule.byAreaType?.[areaType]?.bands ?? rule.bands
}

/** Whether a rule applies to an area type. */
export function appliesTo(rule: Rule, areaType: string): boolean {
  return !rule.areaTypes || rule.areaTypes.includes(areaType)
}

/** A population factor's value for an area type. */
export function factorFor(f: Factor, areaType: string): number {
  return f.byAreaType?.[areaType] ?? f.value
}

/** One line naming a source, e.g. "LHV / NZa — Normpraktijk huisarts (2022)". */
export function sourceText(s: Source): string {
  const who = s.publisher ? `${s.publisher} — ` : ''
  const when = s.year ? ` (${s.year})` : ''
  return `${who}${s.title}${when}`
}
