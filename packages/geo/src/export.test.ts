import {
  asAreaId,
  asBlockId,
  blockFootprint,
  type Plan,
  type Ring,
  rectangle,
  ringArea,
} from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { GeoJsonWriteError } from './errors.ts'
import { planToGeoJSON } from './export.ts'
import { type ImportResult, planFromGeoJSON } from './import.ts'
import { isCounterClockwise } from './ring.ts'
import { readFixture, testRandom, UTRECHT_SAMPLE } from './test-support.ts'

const SAME_POSITION_M = 0.01

const imported = planFromGeoJSON(readFixture(UTRECHT_SAMPLE), { random: testRandom() })
const again = (result: ImportResult, crs: 'wgs84' | 'rd-new') =>
  planFromGeoJSON(JSON.parse(JSON.stringify(planToGeoJSON(result.plan, { crs }))), { random: testRandom(2) })

// The largest distance between corresponding vertices of two rings.
const ringDistance = (a: Ring, b: Ring): number => {
  expect(a).toHaveLength(b.length)
  return Math.max(...a.map(([x, y], i) => Math.hypot(x - (b[i]?.[0] ?? 0), y - (b[i]?.[1] ?? 0))))
}

function expectSamePlan(a: Plan, b: Plan): void {
  expect(b.board).toEqual(a.board)
  expect(b.areas.map(({ polygon, ...rest }) => rest)).toEqual(a.areas.map(({ polygon, ...rest }) => rest))
  expect(b.blocks.map(({ x, y, shape, ...rest }) => rest)).toEqual(
    a.blocks.map(({ x, y, shape, ...rest }) => rest),
  )
  a.areas.forEach((area, i) => {
    expect(ringDistance(area.polygon, b.areas[i]?.polygon ?? [])).toBeLessThan(SAME_POSITION_M)
  })
  a.blocks.forEach((block, i) => {
    const other = b.blocks[i]
    expect(other).toBeDefined()
    if (other)
      expect(ringDistance(blockFootprint(block), blockFootprint(other))).toBeLessThan(SAME_POSITION_M)
  })
}

describe('planToGeoJSON', () => {
  it('round-trips the fixture through WGS84: same ids, properties and geometry within 1 cm', () => {
    const back = again(imported, 'wgs84')
    expect(back.problems).toEqual([])
    expect(back.crs).toBe('wgs84')
    expectSamePlan(imported.plan, back.plan)
    expect([...back.featureIndex]).toEqual([...imported.featureIndex])
  })

  it('round-trips the fixture through RD New', () => {
    const back = again(imported, 'rd-new')
    expect(back.problems).toEqual([])
    expect(back.crs).toBe('rd-new')
    expectSamePlan(imported.plan, back.plan)
  })

  it('writes closed, counter-clockwise rings and the contract properties', () => {
    const fc = planToGeoJSON(imported.plan, { crs: 'wgs84' })
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.name).toBe('Merwede (voorbeeld)')
    expect(fc).not.toHaveProperty('crs')
    for (const f of fc.features) {
      const [exterior] = f.geometry.coordinates
      expect(exterior?.[0]).toEqual(exterior?.[exterior.length - 1])
      expect(isCounterClockwise(exterior ?? [])).toBe(true)
    }
    expect(fc.features[0]?.properties).toEqual({
      type: 'area',
      id: 'merwede-noord',
      name: 'Merwede Noord',
      areaType: 'stedelijk',
      catchment: 'merwede',
    })
    expect(fc.features.find((f) => f.properties.id === 'mn-1')?.properties).toEqual({
      type: 'block',
      id: 'mn-1',
      kind: 'housing',
      dwellings: 120,
      segment: 'social',
      floors: 6,
      party: 'portaal',
      label: 'Blok Noord 1',
    })
  })

  it('writes the RD New crs member as QGIS does, and rounds to the millimetre', () => {
    const fc = planToGeoJSON(imported.plan, { crs: 'rd-new' })
    expect(fc.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } })
    for (const f of fc.features)
      for (const [x, y] of f.geometry.coordinates[0] ?? []) {
        expect(Math.round(x * 1000) / 1000).toBe(x)
        expect(Math.round(y * 1000) / 1000).toBe(y)
      }
  })

  it('rounds WGS84 to 1e-7 degree', () => {
    const fc = planToGeoJSON(imported.plan, { crs: 'wgs84' })
    for (const [lon, lat] of fc.features[0]?.geometry.coordinates[0] ?? []) {
      expect(lon.toString().split('.')[1]?.length ?? 0).toBeLessThanOrEqual(7)
      expect(lat.toString().split('.')[1]?.length ?? 0).toBeLessThanOrEqual(7)
    }
  })

  it('writes a rotated block as its footprint, which reads back with the same outline', () => {
    const plan: Plan = {
      board: { name: 'r', frame: { kind: 'rd-new' } },
      areas: [],
      blocks: [
        {
          id: asBlockId('r'),
          kind: 'water',
          x: 136_000,
          y: 455_000,
          rotation: 30,
          shape: rectangle(40, 10),
          floors: 1,
        },
      ],
      parties: [],
    }
    const back = planFromGeoJSON(planToGeoJSON(plan, { crs: 'rd-new' }), { random: testRandom() }).plan
    const block = back.blocks[0]
    expect(block?.rotation).toBe(0)
    expect(ringArea(block ? blockFootprint(block) : [])).toBeCloseTo(400, 2)
    const original = blockFootprint(plan.blocks[0] as (typeof plan.blocks)[number])
    const read = block ? blockFootprint(block) : []
    // Same corners, possibly starting elsewhere after the orientation check.
    for (const [x, y] of original)
      expect(Math.min(...read.map(([rx, ry]) => Math.hypot(rx - x, ry - y)))).toBeLessThan(0.001)
  })

  it('refuses a board in a local frame, whose metres have no place on earth', () => {
    const plan: Plan = {
      board: { name: 'Schets', frame: { kind: 'local' } },
      areas: [{ id: asAreaId('A'), name: 'A', polygon: rectangle(10, 10) }],
      blocks: [],
      parties: [],
    }
    expect(() => planToGeoJSON(plan, { crs: 'wgs84' })).toThrow(GeoJsonWriteError)
  })
})
