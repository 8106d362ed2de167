import {
  AMENITY_USES,
  type AmenityUse,
  type Block,
  GREEN_USES,
  type GreenUse,
  SEGMENTS,
  seededRandom,
} from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { readBlock, scratchBox } from './blockEntry.ts'
import { roundTo } from './format.ts'
import {
  type BlockFigures,
  deriveMetrics,
  emptyRawMetrics,
  type Metrics,
  type RawMetrics,
  sumMetrics,
  sumShares,
} from './metrics.ts'
import { roundMetrics } from './report.ts'
import { amenity, green, housing, parking, work } from './testPlans.ts'

describe('emptyRawMetrics', () => {
  it('has a zero for every segment and use the model knows', () => {
    const m = emptyRawMetrics()
    expect(Object.keys(m.dwellingsBySegment)).toEqual([...SEGMENTS])
    expect(Object.keys(m.greenM2ByUse)).toEqual([...GREEN_USES])
    expect(Object.keys(m.amenityM2)).toEqual([...AMENITY_USES])
    expect(Object.keys(m.amenityCount)).toEqual([...AMENITY_USES])
  })
})

function randomFigures(seed: number, n: number): { blocks: BlockFigures[]; shares: number[] } {
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const blocks: BlockFigures[] = []
  const shares: number[] = []
  for (let i = 0; i < n; i++) {
    const at = { x: 0, y: 0, w: 1 + rnd() * 40, h: 1 + rnd() * 40, floors: 1 + Math.floor(rnd() * 6) }
    const kinds: (() => Block)[] = [
      () => housing(`b${i}`, at, Math.floor(rnd() * 80), pick(SEGMENTS)),
      () => amenity(`b${i}`, at, pick(AMENITY_USES)),
      () => green(`b${i}`, at, pick(GREEN_USES)),
      () => parking(`b${i}`, at, Math.floor(rnd() * 100)),
      () => work(`b${i}`, at),
      () => ({ ...work(`b${i}`, at), kind: 'water' }),
    ]
    blocks.push(readBlock(pick(kinds)(), scratchBox()))
    shares.push(rnd() < 0.7 ? 1 : rnd())
  }
  return { blocks, shares }
}

/** The sums spelled the plain way, block by block into the fields: what sumShares must equal. */
function referenceSums(blocks: readonly BlockFigures[], shares: readonly number[]): RawMetrics {
  const into = emptyRawMetrics()
  blocks.forEach((f, i) => {
    const fraction = shares[i] as number
    const m2 = f.footprintM2 * fraction
    into.blocks += 1
    if (f.kind === 'housing') {
      into.dwellings += f.dwellings * fraction
      into.dwellingsBySegment[f.segment] += f.dwellings * fraction
      into.housingM2 += m2 * f.floors
    } else if (f.kind === 'amenity') {
      into.amenityM2[f.use as AmenityUse] += m2 * f.floors
      into.amenityCount[f.use as AmenityUse] += fraction
    } else if (f.kind === 'green') {
      into.greenM2 += m2
      into.greenM2ByUse[f.use as GreenUse] += m2
    } else if (f.kind === 'parking') into.parkingPlaces += f.places * fraction
    else if (f.kind === 'work') into.workM2 += m2 * f.floors
    else into.waterM2 += m2
  })
  return into
}

describe('sumShares', () => {
  const SEEDS = [1, 2, 3, 4, 5]
  it.each(SEEDS)('gives the plain block-by-block sums, to the last bit (seed %i)', (seed) => {
    const { blocks, shares } = randomFigures(seed, 500)
    const expected = referenceSums(blocks, shares)
    const actual = sumShares(blocks, shares)
    expect(JSON.stringify(actual), `seed ${seed}`).toBe(JSON.stringify(expected))
  })
})

describe('roundMetrics', () => {
  // What roundMetrics spells out field by field: every figure rounded, keys in the same order.
  const generic = (m: Metrics): unknown =>
    Object.fromEntries(
      Object.entries(m).map(([k, v]) => [
        k,
        typeof v === 'number'
          ? roundTo(v)
          : Object.fromEntries(
              Object.entries(v as Record<string, number>).map(([kk, vv]) => [kk, roundTo(vv)]),
            ),
      ]),
    )
  it('rounds every figure of area, catchment and plan metrics, keeping their order', () => {
    const seed = 11
    const { blocks, shares } = randomFigures(seed, 300)
    const area = deriveMetrics(sumShares(blocks, shares), 12_345.678, {
      personsPerDwelling: 2.1,
      pupilsPerDwelling: 0.31,
      childcarePlacesPerDwelling: 0.07,
    })
    for (const m of [area, sumMetrics([area, area]), sumMetrics([])])
      expect(JSON.stringify(roundMetrics(m)), `seed ${seed}`).toBe(JSON.stringify(generic(m)))
  })
})
