import { describe, expect, it } from 'vitest'
import { crsFromMember, crsFromName, inRdNewExtent, rdToWgs84, wgs84ToRd } from './crs.ts'
import { GeoJsonReadError } from './errors.ts'

// The RD origin, the Onze Lieve Vrouwetoren in Amersfoort, in ETRS89 (≈ WGS84 to well under a metre).
const AMERSFOORT_WGS84 = [5.38720621, 52.1551744] as const
const AMERSFOORT_RD = [155_000, 463_000] as const
// The 7-parameter shift is good to about a metre against the official RDNAPTRANS grid.
const HELMERT_TOLERANCE_M = 1
// proj4 inverts the datum shift iteratively; it stops at about half a millimetre.
const ROUND_TRIP_TOLERANCE_M = 0.001

describe('RD New projection', () => {
  it('puts the Amersfoort tower at the RD origin', () => {
    const [x, y] = wgs84ToRd(AMERSFOORT_WGS84)
    expect(Math.abs(x - AMERSFOORT_RD[0])).toBeLessThan(HELMERT_TOLERANCE_M)
    expect(Math.abs(y - AMERSFOORT_RD[1])).toBeLessThan(HELMERT_TOLERANCE_M)
  })

  it('round-trips to under a millimetre across the Netherlands', () => {
    for (const p of [
      [5.1214, 52.0907], // Utrecht
      [6.5665, 53.2194], // Groningen
      [5.6909, 50.8514], // Maastricht
      [3.5736, 51.4427], // Vlissingen
    ] as const) {
      const rd = wgs84ToRd(p)
      const [x, y] = wgs84ToRd(rdToWgs84(rd))
      expect(Math.abs(x - rd[0])).toBeLessThan(ROUND_TRIP_TOLERANCE_M)
      expect(Math.abs(y - rd[1])).toBeLessThan(ROUND_TRIP_TOLERANCE_M)
      expect(inRdNewExtent(rd)).toBe(true)
    }
  })
})

describe('crsFromMember', () => {
  const named = (name: string) => ({ type: 'name', properties: { name } })

  it('reads no crs member as undefined (WGS84 per RFC 7946, open to the RD New check)', () => {
    expect(crsFromMember(undefined)).toBeUndefined()
    expect(crsFromMember(null)).toBeUndefined()
  })

  it.each([
    'urn:ogc:def:crs:EPSG::28992',
    'urn:ogc:def:crs:EPSG:6.9:28992',
    'urn:ogc:def:crs:EPSG:9.8.15:28992',
    'EPSG:28992',
    'epsg:28992',
    'http://www.opengis.net/def/crs/EPSG/0/28992',
    'urn:ogc:def:crs:EPSG::7415',
  ])('reads %s as RD New', (name) => {
    expect(crsFromMember(named(name))).toBe('rd-new')
  })

  it.each([
    'urn:ogc:def:crs:OGC:1.3:CRS84',
    'urn:ogc:def:crs:OGC::CRS84',
    'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
    'EPSG:4326',
    'urn:ogc:def:crs:EPSG::4326',
  ])('reads %s as WGS84', (name) => {
    expect(crsFromMember(named(name))).toBe('wgs84')
  })

  it('reads the 2008 draft form {"type": "EPSG"} and a bare name', () => {
    expect(crsFromMember({ type: 'EPSG', properties: { code: 28992 } })).toBe('rd-new')
    expect(crsFromMember('EPSG:28992')).toBe('rd-new')
  })

  it('throws a read error that names an unknown crs', () => {
    expect(() => crsFromMember(named('urn:ogc:def:crs:EPSG::3857'))).toThrow(GeoJsonReadError)
    expect(() => crsFromMember(named('urn:ogc:def:crs:EPSG::3857'))).toThrow(/urn:ogc:def:crs:EPSG::3857/)
    expect(() => crsFromMember({ type: 'link', properties: { href: 'x.prj' } })).toThrow(/unknown crs .*link/)
    expect(() => crsFromMember({ type: 'EPSG', properties: { code: 3035 } })).toThrow(/EPSG:3035/)
  })

  it('does not mistake other EPSG codes that contain 28992 for RD New', () => {
    expect(crsFromName('EPSG:289920')).toBeUndefined()
    expect(crsFromName('urn:ogc:def:crs:EPSG::128992')).toBeUndefined()
  })
})
