import { type Block, blockFootprint, ringArea } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { planFromGeoJSON } from './import.ts'
import { overlapFraction } from './polygon.ts'
import { readFixture, testRandom, UTRECHT_SAMPLE, UTRECHT_SAMPLE_RD } from './test-support.ts'

/** The fixtures are used by other packages' tests and the README: these are the facts they rely on. */
const M2_PER_HA = 10_000
const SAME_POSITION_M = 0.01

const wgs84 = planFromGeoJSON(readFixture(UTRECHT_SAMPLE), { random: testRandom() })
const rd = planFromGeoJSON(readFixture(UTRECHT_SAMPLE_RD), { random: testRandom() })

const sharesOf = (block: Block | undefined) =>
  Object.fromEntries(
    wgs84.plan.areas.map((a) => [
      a.id,
      block ? overlapFraction(blockFootprint(block), a.polygon) : Number.NaN,
    ]),
  )
const blockById = (id: string) => wgs84.plan.blocks.find((b) => b.id === id)

describe('fixture utrecht-sample.geojson', () => {
  it('imports in WGS84 without problems', () => {
    expect(wgs84.crs).toBe('wgs84')
    expect(wgs84.problems).toEqual([])
    expect(wgs84.plan.board.name).toBe('Merwede (voorbeeld)')
  })

  it('has three areas of 5 to 30 ha in one catchment', () => {
    expect(wgs84.plan.areas.map((a) => a.id)).toEqual(['merwede-noord', 'merwede-zuid', 'kanaalpark'])
    for (const a of wgs84.plan.areas) {
      const ha = ringArea(a.polygon) / M2_PER_HA
      expect(ha).toBeGreaterThanOrEqual(5)
      expect(ha).toBeLessThanOrEqual(30)
      expect(a.catchment).toBe('merwede')
    }
    expect(ringArea(wgs84.plan.areas[1]?.polygon ?? []) / M2_PER_HA).toBeCloseTo(17.75, 2)
  })

  it('has fifteen blocks of every programme the norms look at', () => {
    const blocks = wgs84.plan.blocks
    expect(blocks).toHaveLength(15)
    const housing = blocks.filter((b) => b.kind === 'housing')
    expect(housing.reduce((n, b) => n + b.dwellings, 0)).toBe(590)
    for (const b of housing) {
      expect(b.dwellings).toBeGreaterThanOrEqual(20)
      expect(b.dwellings).toBeLessThanOrEqual(200)
      expect(b.floors).toBeGreaterThan(1)
    }
    expect(new Set(housing.map((b) => b.segment))).toEqual(new Set(['social', 'mid', 'private']))
    const uses = blocks.flatMap((b) =>
      b.kind === 'amenity' || b.kind === 'green' ? [`${b.kind}:${b.use}`] : [],
    )
    expect(uses).toEqual(
      expect.arrayContaining([
        'amenity:school',
        'amenity:childcare',
        'amenity:gp',
        'green:park',
        'green:play',
      ]),
    )
    expect(blocks.find((b) => b.kind === 'parking')).toMatchObject({ places: 250, floors: 4 })
  })

  it('has one block straddling Merwede Noord and Zuid half and half', () => {
    const shares = sharesOf(blockById('poort'))
    expect(shares['merwede-noord']).toBeCloseTo(0.5, 3)
    expect(shares['merwede-zuid']).toBeCloseTo(0.5, 3)
    expect(shares.kanaalpark).toBe(0)
  })

  it('has one block outside every area, in the notch of Merwede Zuid', () => {
    expect(Object.values(sharesOf(blockById('werf')))).toEqual([0, 0, 0])
  })

  it('has every other block wholly inside exactly one area', () => {
    for (const b of wgs84.plan.blocks) {
      if (b.id === 'poort' || b.id === 'werf') continue
      const shares = Object.values(sharesOf(b)).sort()
      expect(shares[0]).toBe(0)
      expect(shares[1]).toBe(0)
      expect(shares[2]).toBeCloseTo(1, 6)
    }
  })
})

describe('fixture utrecht-sample-rd.geojson (as QGIS writes it)', () => {
  it('imports in RD New, without reprojection or problems', () => {
    expect(rd.crs).toBe('rd-new')
    expect(rd.problems).toEqual([])
    expect(rd.plan.areas[0]?.polygon).toEqual([
      [135_400, 454_200],
      [135_800, 454_200],
      [135_800, 454_500],
      [135_450, 454_500],
      [135_400, 454_450],
    ])
  })

  it('is the same plan as the WGS84 fixture, to the centimetre', () => {
    expect(rd.plan.areas.map((a) => a.id)).toEqual(wgs84.plan.areas.map((a) => a.id))
    expect(rd.plan.blocks.map(({ x, y, shape, ...rest }) => rest)).toEqual(
      wgs84.plan.blocks.map(({ x, y, shape, ...rest }) => rest),
    )
    rd.plan.blocks.forEach((b, i) => {
      const other = wgs84.plan.blocks[i]
      expect(Math.abs(b.x - (other?.x ?? 0))).toBeLessThan(SAME_POSITION_M)
      expect(Math.abs(b.y - (other?.y ?? 0))).toBeLessThan(SAME_POSITION_M)
    })
  })
})
