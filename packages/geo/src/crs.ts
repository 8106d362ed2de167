import type { Vec2 } from '@gebiedsbord/model'
import proj4 from 'proj4'
import { z } from 'zod'
import { GeoJsonReadError } from './errors.ts'

/** The coordinate reference systems a GeoJSON plan may be written in. */
export type GeoCrs = 'wgs84' | 'rd-new'

/**
 * EPSG:28992 (Amersfoort / RD New) for proj4, with the official 7-parameter datum shift to WGS84.
 * A Helmert shift is good to about a metre, which is far below what a planning board needs;
 * the grid-based RDNAPTRANS would add a large data file for centimetres nobody draws.
 */
export const RD_NEW_PROJ4 =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs'

/** The crs member written for RD New on export: the URN form QGIS and GDAL write. */
export const RD_NEW_URN = 'urn:ogc:def:crs:EPSG::28992'

/** The extent of RD New coordinates (metres) that fall on or near the Netherlands. */
export const RD_NEW_EXTENT = { minX: 0, maxX: 300_000, minY: 289_000, maxY: 629_000 } as const

const MAX_LONGITUDE = 180
const MAX_LATITUDE = 90

// 7415 is RD New + NAP height: its horizontal axes are RD New's.
const RD_NEW_CODES: ReadonlySet<number> = new Set([28992, 7415])
// 4258 (ETRS89) differs from WGS84 by well under the metre the RD datum shift is good for.
const WGS84_CODES: ReadonlySet<number> = new Set([4326, 4258])

const converter = proj4('WGS84', RD_NEW_PROJ4)

/** Projects a WGS84 position [longitude, latitude] in degrees to RD New [x, y] in metres. */
export function wgs84ToRd(lonLat: Vec2): Vec2 {
  const [x, y] = converter.forward([lonLat[0], lonLat[1]])
  return [x ?? Number.NaN, y ?? Number.NaN]
}

/** Unprojects an RD New position [x, y] in metres to WGS84 [longitude, latitude] in degrees. */
export function rdToWgs84(xy: Vec2): Vec2 {
  const [lon, lat] = converter.inverse([xy[0], xy[1]])
  return [lon ?? Number.NaN, lat ?? Number.NaN]
}

/** Whether a position can be a WGS84 [longitude, latitude]. */
export const inLonLatRange = ([x, y]: Vec2): boolean =>
  Math.abs(x) <= MAX_LONGITUDE && Math.abs(y) <= MAX_LATITUDE

/** Whether a position lies in the RD New extent of the Netherlands. */
export const inRdNewExtent = ([x, y]: Vec2): boolean =>
  x >= RD_NEW_EXTENT.minX && x <= RD_NEW_EXTENT.maxX && y >= RD_NEW_EXTENT.minY && y <= RD_NEW_EXTENT.maxY

// Names of a crs as they occur in the wild: OGC URNs with or without a version, OGC http URIs,
// and the short "EPSG:code" of older GDAL versions and hand-written files.
const EPSG_NAME_PATTERNS: readonly RegExp[] = [
  /^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$/i,
  /^EPSG:{1,2}(\d+)$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d+)$/i,
  /^https?:\/\/www\.opengis\.net\/gml\/srs\/epsg\.xml#(\d+)$/i,
]
const CRS84_PATTERN =
  /^(?:urn:ogc:def:crs:OGC:[\d.]*:CRS84|https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/[\d.]+\/CRS84|(?:OGC:)?CRS84)$/i

const namedCrs = z.object({ type: z.literal('name'), properties: z.object({ name: z.string() }) })
// The 2008 GeoJSON draft's form, still written by some older tools.
const epsgCrs = z.object({
  type: z.literal('EPSG'),
  properties: z.object({ code: z.union([z.number(), z.string()]) }),
})

function crsFromCode(code: number): GeoCrs | undefined {
  if (RD_NEW_CODES.has(code)) return 'rd-new'
  if (WGS84_CODES.has(code)) return 'wgs84'
  return undefined
}

/** The crs a crs name denotes, or undefined for a name Gebiedsbord does not read. */
export function crsFromName(name: string): GeoCrs | undefined {
  const trimmed = name.trim()
  if (CRS84_PATTERN.test(trimmed)) return 'wgs84'
  for (const pattern of EPSG_NAME_PATTERNS) {
    const code = pattern.exec(trimmed)?.[1]
    if (code !== undefined) return crsFromCode(Number(code))
  }
  return undefined
}

const quote = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v)
  const MAX_QUOTED = 120
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text
}

/**
 * Reads the `crs` member of a FeatureCollection. An absent (or null) member means WGS84 per RFC 7946
 * and gives undefined, so that the caller can still recognise RD New metres written without one.
 * A crs that is neither RD New nor WGS84 throws: guessing would silently misplace every feature.
 */
export function crsFromMember(crs: unknown): GeoCrs | undefined {
  if (crs === undefined || crs === null) return undefined
  let name: string | undefined
  const named = namedCrs.safeParse(crs)
  const epsg = epsgCrs.safeParse(crs)
  if (typeof crs === 'string') name = crs
  else if (named.success) name = named.data.properties.name
  else if (epsg.success) {
    const found = crsFromCode(Number(epsg.data.properties.code))
    if (found) return found
    name = `EPSG:${epsg.data.properties.code}`
  }
  const found = name === undefined ? undefined : crsFromName(name)
  if (found) return found
  throw new GeoJsonReadError(
    `unknown crs ${name === undefined ? quote(crs) : `"${name}"`}: Gebiedsbord reads WGS84 (RFC 7946, no crs member) or RD New (EPSG:28992, e.g. "${RD_NEW_URN}")`,
  )
}
