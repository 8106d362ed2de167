import type { AmenityUse, AreaId, BlockId } from '@gebiedsbord/model'
import { roundTo } from './format.ts'
import type { Metrics } from './metrics.ts'
import type { RuleReport, Status } from './rule.ts'

/** Metrics as reported: rounded to 2 decimals, nested per segment and use. */
export type MetricsReport = Metrics

export interface Summary {
  readonly pass: number
  readonly warn: number
  readonly fail: number
  /** Worst status over the rules. */
  readonly status: Status
  /** Rules marked as conditions of growth that do not pass, where housing grows (0 without dwellings). */
  readonly conditionsUnmet: number
}

export interface AreaReport {
  readonly id: AreaId
  readonly name: string
  readonly areaType: string
  readonly normSet: { readonly id: string; readonly version: string }
  readonly catchment?: string
  readonly metrics: MetricsReport
  readonly rules: readonly RuleReport[]
  readonly summary: Summary
}

export interface PlanReport {
  readonly metrics: MetricsReport
  readonly rules: readonly RuleReport[]
  readonly summary: Summary
}

export interface CatchmentReport {
  readonly id: string
  readonly areas: readonly AreaId[]
  readonly metrics: MetricsReport
}

/** Something in the plan the engine could not use as given. `feature` is filled in by file readers. */
export interface Problem {
  readonly feature: number | null
  readonly area?: AreaId
  readonly block?: BlockId
  readonly message: string
}

/** The barcode of a whole plan: per area, per catchment and for the plan, as `gebiedsbord check` prints it. */
export interface BarcodeReport {
  readonly normSet: { readonly id: string; readonly version: string }
  readonly areas: readonly AreaReport[]
  readonly plan: PlanReport
  readonly catchments: readonly CatchmentReport[]
  /** Blocks that lie outside every area: they count nowhere. */
  readonly outside: readonly BlockId[]
  /** Blocks partly outside every area: only their inside share counts. */
  readonly partlyOutside: readonly BlockId[]
  readonly problems: readonly Problem[]
}

const RANK: Record<Status, number> = { pass: 0, warn: 1, fail: 2 }

/**
 * Counts statuses and finds the worst. `grows` says whether there is housing to condition: a
 * condition of growth (housing proceeds only with amenities and public space) binds only where
 * dwellings are planned, so an area without any has no unmet condition, only ordinary verdicts.
 */
export function summarise(rules: readonly RuleReport[], grows = true): Summary {
  let pass = 0
  let warn = 0
  let fail = 0
  let worst: Status = 'pass'
  let conditionsUnmet = 0
  for (const r of rules) {
    if (r.status === 'pass') pass++
    else if (r.status === 'warn') warn++
    else fail++
    if (RANK[r.status] > RANK[worst]) worst = r.status
    if (grows && r.condition && r.status !== 'pass') conditionsUnmet++
  }
  return { pass, warn, fail, status: worst, conditionsUnmet }
}

/**
 * Rounds every figure of a metrics object for reporting. Spelled out field by field, in the order
 * `Metrics` objects are made (which JSON output keeps): a report rounds the metrics of every area,
 * catchment and the plan, and walking them through `Object.entries` built a pair per figure.
 */
export function roundMetrics(m: Metrics): MetricsReport {
  const s = m.dwellingsBySegment
  const g = m.greenM2ByUse
  return {
    dwellings: roundTo(m.dwellings),
    dwellingsBySegment: { social: roundTo(s.social), mid: roundTo(s.mid), private: roundTo(s.private) },
    housingM2: roundTo(m.housingM2),
    greenM2: roundTo(m.greenM2),
    greenM2ByUse: { park: roundTo(g.park), play: roundTo(g.play), sports: roundTo(g.sports) },
    parkingPlaces: roundTo(m.parkingPlaces),
    amenityM2: roundAmenities(m.amenityM2),
    amenityCount: roundAmenities(m.amenityCount),
    workM2: roundTo(m.workM2),
    waterM2: roundTo(m.waterM2),
    blocks: roundTo(m.blocks),
    areaM2: roundTo(m.areaM2),
    areaHa: roundTo(m.areaHa),
    density: roundTo(m.density),
    affordableDwellings: roundTo(m.affordableDwellings),
    residents: roundTo(m.residents),
    pupils: roundTo(m.pupils),
    childcarePlaces: roundTo(m.childcarePlaces),
    playM2: roundTo(m.playM2),
  }
}

function roundAmenities(a: Record<AmenityUse, number>): Record<AmenityUse, number> {
  return {
    school: roundTo(a.school),
    gp: roundTo(a.gp),
    childcare: roundTo(a.childcare),
    retail: roundTo(a.retail),
    sports: roundTo(a.sports),
    community: roundTo(a.community),
  }
}
