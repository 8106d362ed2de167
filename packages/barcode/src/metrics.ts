import {
  AMENITY_USES,
  type AmenityUse,
  type Block,
  GREEN_USES,
  type GreenUse,
  type Segment,
} from '@gebiedsbord/model'

/** Sums of what blocks bring to an area, before anything is derived from them. */
export interface RawMetrics {
  dwellings: number
  dwellingsBySegment: Record<Segment, number>
  /** Gross floor area (BVO) of housing: footprint × floors. */
  housingM2: number
  greenM2: number
  greenM2ByUse: Record<GreenUse, number>
  parkingPlaces: number
  /** Gross floor area (BVO) per amenity use: footprint × floors. */
  amenityM2: Record<AmenityUse, number>
  /** Number of amenity blocks per use, fractional where a block straddles areas. */
  amenityCount: Record<AmenityUse, number>
  workM2: number
  waterM2: number
  /** Blocks that overlap the area at all. */
  blocks: number
}

/** All metrics of an area (or a catchment, or the plan): raw sums plus what the norm set derives. */
export interface Metrics extends RawMetrics {
  areaM2: number
  areaHa: number
  /** Dwellings per hectare. */
  density: number
  /** Social + mid rent: the segments this model has of the national "affordable" definition. */
  affordableDwellings: number
  residents: number
  pupils: number
  childcarePlaces: number
  playM2: number
}

/**
 * A block's own figures in one fixed shape. Blocks come in six shapes (one per kind); reading them
 * once per block into this record keeps the sums, which run per block per area, monomorphic.
 */
export interface BlockFigures {
  readonly id: string
  readonly kind: Block['kind']
  readonly dwellings: number
  readonly segment: Segment
  readonly use: AmenityUse | GreenUse
  readonly places: number
  readonly floors: number
  /** The block's whole footprint in m². */
  readonly footprintM2: number
}

// Object literals rather than Object.fromEntries: literals get one fixed hidden class, so the hot
// `into.amenityM2[use] += …` stays a fast property access. Keys mirror the model's lists.
const segmentZeroes = (): Record<Segment, number> => ({ social: 0, mid: 0, private: 0 })
const greenZeroes = (): Record<GreenUse, number> => ({ park: 0, play: 0, sports: 0 })
const amenityZeroes = (): Record<AmenityUse, number> => ({
  school: 0,
  gp: 0,
  childcare: 0,
  retail: 0,
  sports: 0,
  community: 0,
})

/** Raw metrics with everything zero. */
export function emptyRawMetrics(): RawMetrics {
  return {
    dwellings: 0,
    dwellingsBySegment: segmentZeroes(),
    housingM2: 0,
    greenM2: 0,
    greenM2ByUse: greenZeroes(),
    parkingPlaces: 0,
    amenityM2: amenityZeroes(),
    amenityCount: amenityZeroes(),
    workM2: 0,
    waterM2: 0,
    blocks: 0,
  }
}

/**
 * Sums what blocks bring to an area (`shares[i]` of `blocks[i]`, its figures times that share) into
 * fresh raw metrics, in the order of the list. The sums are kept in local numbers until the end:
 * fields of an object hold fractional numbers boxed, and each `+=` on them, two per block, was work
 * for every block of every area on a full evaluation.
 */
export function sumShares(blocks: readonly BlockFigures[], shares: readonly number[]): RawMetrics {
  let dwellings = 0
  let social = 0
  let mid = 0
  let priv = 0
  let housingM2 = 0
  let greenM2 = 0
  let park = 0
  let play = 0
  let sportsGreen = 0
  let parkingPlaces = 0
  const amenityM2 = amenityZeroes()
  const amenityCount = amenityZeroes()
  let workM2 = 0
  let waterM2 = 0
  for (let i = 0, n = blocks.length; i < n; i++) {
    const f = blocks[i] as BlockFigures
    const fraction = shares[i] as number
    const m2 = f.footprintM2 * fraction
    switch (f.kind) {
      case 'housing': {
        const d = f.dwellings * fraction
        dwellings += d
        if (f.segment === 'social') social += d
        else if (f.segment === 'mid') mid += d
        else priv += d
        housingM2 += m2 * f.floors
        break
      }
      case 'amenity':
        amenityM2[f.use as AmenityUse] += m2 * f.floors
        amenityCount[f.use as AmenityUse] += fraction
        break
      case 'green':
        greenM2 += m2
        if (f.use === 'park') park += m2
        else if (f.use === 'play') play += m2
        else sportsGreen += m2
        break
      case 'parking':
        parkingPlaces += f.places * fraction
        break
      case 'work':
        workM2 += m2 * f.floors
        break
      case 'water':
        waterM2 += m2
        break
    }
  }
  return {
    dwellings,
    dwellingsBySegment: { social, mid, private: priv },
    housingM2,
    greenM2,
    greenM2ByUse: { park, play, sports: sportsGreen },
    parkingPlaces,
    amenityM2,
    amenityCount,
    workM2,
    waterM2,
    blocks: blocks.length,
  }
}

function addRecord<K extends string>(a: Record<K, number>, b: Record<K, number>): void {
  for (const k in b) a[k] += b[k]
}

function addAmenities(a: Record<AmenityUse, number>, b: Record<AmenityUse, number>): void {
  a.school += b.school
  a.gp += b.gp
  a.childcare += b.childcare
  a.retail += b.retail
  a.sports += b.sports
  a.community += b.community
}

/** Adds raw metrics `b` into `a` (mutates `a`); used for catchments and the plan. */
export function addRawMetrics(a: RawMetrics, b: RawMetrics): void {
  a.dwellings += b.dwellings
  a.housingM2 += b.housingM2
  a.greenM2 += b.greenM2
  a.parkingPlaces += b.parkingPlaces
  a.workM2 += b.workM2
  a.waterM2 += b.waterM2
  a.blocks += b.blocks
  // Spelled out: the plan sums every area on every report, and keyed loops are slower here.
  addRecord(a.dwellingsBySegment, b.dwellingsBySegment)
  addRecord(a.greenM2ByUse, b.greenM2ByUse)
  addAmenities(a.amenityM2, b.amenityM2)
  addAmenities(a.amenityCount, b.amenityCount)
}

/** Per-dwelling population figures an area's norm set gives for its area type. */
export interface PopulationFactors {
  readonly personsPerDwelling: number
  readonly pupilsPerDwelling: number
  readonly childcarePlacesPerDwelling: number
}

/** Derives the full metrics of an area from its raw sums, its size and its population factors. */
export function deriveMetrics(raw: RawMetrics, areaM2: number, f: PopulationFactors): Metrics {
  return withDerived(raw, areaM2, {
    residents: raw.dwellings * f.personsPerDwelling,
    pupils: raw.dwellings * f.pupilsPerDwelling,
    childcarePlaces: raw.dwellings * f.childcarePlacesPerDwelling,
  })
}

/** Sums the metrics of several areas; population figures add up as they are (each area used its own factors). */
export function sumMetrics(parts: readonly Metrics[]): Metrics {
  const raw = emptyRawMetrics()
  let areaM2 = 0
  const people = { residents: 0, pupils: 0, childcarePlaces: 0 }
  for (const p of parts) {
    addRawMetrics(raw, p)
    areaM2 += p.areaM2
    people.residents += p.residents
    people.pupils += p.pupils
    people.childcarePlaces += p.childcarePlaces
  }
  return withDerived(raw, areaM2, people)
}

const M2_PER_HA = 10_000

function withDerived(
  raw: RawMetrics,
  areaM2: number,
  people: { residents: number; pupils: number; childcarePlaces: number },
): Metrics {
  const areaHa = areaM2 / M2_PER_HA
  // Spelled out rather than spread (same keys, same order): this runs for every area, catchment and
  // plan sum of a report, and a spread copies by looking each key up.
  return {
    dwellings: raw.dwellings,
    dwellingsBySegment: raw.dwellingsBySegment,
    housingM2: raw.housingM2,
    greenM2: raw.greenM2,
    greenM2ByUse: raw.greenM2ByUse,
    parkingPlaces: raw.parkingPlaces,
    amenityM2: raw.amenityM2,
    amenityCount: raw.amenityCount,
    workM2: raw.workM2,
    waterM2: raw.waterM2,
    blocks: raw.blocks,
    areaM2,
    areaHa,
    density: areaHa > 0 ? raw.dwellings / areaHa : 0,
    affordableDwellings: raw.dwellingsBySegment.social + raw.dwellingsBySegment.mid,
    residents: people.residents,
    pupils: people.pupils,
    childcarePlaces: people.childcarePlaces,
    playM2: raw.greenM2ByUse.play,
  }
}

/**
 * Names a rule may measure with. Dotted names reach into the per-segment and per-use sums,
 * so that norm sets stay plain data.
 */
export const METRIC_NAMES = [
  'dwellings',
  'dwellings.social',
  'dwellings.mid',
  'dwellings.private',
  'dwellings.affordable',
  'housingM2',
  'residents',
  'pupils',
  'childcarePlaces',
  'areaM2',
  'areaHa',
  'greenM2',
  ...GREEN_USES.map((u) => `greenM2.${u}` as const),
  'playM2',
  'parkingPlaces',
  ...AMENITY_USES.map((u) => `amenityM2.${u}` as const),
  ...AMENITY_USES.map((u) => `amenityCount.${u}` as const),
  'workM2',
  'waterM2',
] as const
export type MetricName = (typeof METRIC_NAMES)[number]

function accessor(name: MetricName): (m: Metrics) => number {
  const dot = name.indexOf('.')
  if (dot < 0) {
    const key = name as Exclude<MetricName, `${string}.${string}`>
    return (m) => m[key]
  }
  const group = name.slice(0, dot)
  const key = name.slice(dot + 1)
  switch (group) {
    case 'dwellings':
      return key === 'affordable' ? (m) => m.affordableDwellings : (m) => m.dwellingsBySegment[key as Segment]
    case 'greenM2':
      return (m) => m.greenM2ByUse[key as GreenUse]
    case 'amenityM2':
      return (m) => m.amenityM2[key as AmenityUse]
    default:
      return (m) => m.amenityCount[key as AmenityUse]
  }
}

// Rules read metrics by name on every evaluation: parse each name once.
const accessors = new Map<MetricName, (m: Metrics) => number>(METRIC_NAMES.map((n) => [n, accessor(n)]))

/** Reads a named metric. */
export function metricValue(m: Metrics, name: MetricName): number {
  return (accessors.get(name) as (m: Metrics) => number)(m)
}
