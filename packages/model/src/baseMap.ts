import type * as Y from 'yjs'
import { bad, type Decoded, ok } from './decode.ts'
import { migrate } from './migrations.ts'
import { readBoard } from './read.ts'
import { BoardKey, boardMap } from './schema.ts'
import type { Frame } from './types.ts'

/*
 * The base map is the background under the plan: a metre grid, the national PDOK base map, a tile
 * service of the board's choosing, or an uploaded image (a scanned plan drawing, an aerial photo)
 * placed by two reference points. It is one plain JSON value under the board key `baseMap` (since
 * schema v3), so that two editors choosing at once end with one whole choice, never a mix of both.
 * Absent means "the default": PDOK on a board in RD New, the grid otherwise; whether PDOK can be
 * reached is for the client to find out, so it is not stored.
 */
type Origin = unknown

/** How the tiles of a custom tile service are cut: PDOK's RD New matrix or the web's usual one. */
export const TILINGS = ['rd-new', 'web-mercator'] as const
/**
 * `rd-new`: the Dutch WMTS tile matrix of EPSG:28992 that PDOK and most Dutch services use.
 * `web-mercator`: the `{z}/{x}/{y}` tiles of OpenStreetMap-style services (EPSG:3857).
 */
export type Tiling = (typeof TILINGS)[number]

/** A point of an image and where it lies in the world: two of them place the image. */
export interface RefPoint {
  /** In image pixels from the top-left corner: x right, y down. */
  readonly image: { readonly x: number; readonly y: number }
  /** In world metres: x east, y north. */
  readonly world: { readonly x: number; readonly y: number }
}

/** The background under the plan. */
export type BaseMap =
  /** Only the metre grid. */
  | { readonly kind: 'grid' }
  /** The BRT Achtergrondkaart of PDOK (Kadaster) in RD New; boards in RD New only. */
  | { readonly kind: 'pdok' }
  /** A tile service; boards in RD New only. */
  | {
      readonly kind: 'tiles'
      /** `http(s)` URL template with `{z}`, `{x}` and `{y}`. */
      readonly url: string
      readonly tiling: Tiling
      /** Credit the service asks for, shown on the map. */
      readonly attribution?: string
    }
  /** An uploaded image, scaled, turned and moved so that its two reference points meet the world's. */
  | {
      readonly kind: 'image'
      /** The id the server gave the upload (`/api/boards/:id/assets/:asset`). */
      readonly asset: string
      /** Size of the image in pixels. */
      readonly width: number
      readonly height: number
      readonly refs: readonly [RefPoint, RefPoint]
    }

/** The kinds of base map, in the order the settings offer them. */
export const BASE_MAP_KINDS = ['grid', 'pdok', 'tiles', 'image'] as const
/** See `BASE_MAP_KINDS`. */
export type BaseMapKind = BaseMap['kind']

/** Longest tile URL template: far beyond any real service, short enough to keep the board small. */
export const MAX_TILE_URL_LENGTH = 2048
/** Longest attribution: a line of credit, not a text. */
export const MAX_ATTRIBUTION_LENGTH = 200
/**
 * Longest side of an image in pixels: browsers refuse canvases and decode larger images
 * unreliably (Chromium's limit is 32,767), and no 8 MiB upload is sharp beyond it.
 */
export const MAX_IMAGE_SIDE = 32_767
/** Largest world coordinate of a reference point: RD New stays under 10⁶ m, local frames near 0. */
export const MAX_REF_COORDINATE = 1e9
/**
 * Closest two reference points may be, in image pixels and in metres. Two clicks closer than this
 * cannot tell a scale or a rotation: every error of a click would be magnified many times.
 */
export const MIN_REF_SEPARATION_PIXELS = 1
export const MIN_REF_SEPARATION_METRES = 0.01

/** Asset ids as servers make them: letters, digits, `_` and `-` (they go into a URL path). */
const ASSET_ID = /^[0-9A-Za-z_-]{1,128}$/
/** The placeholders a tile URL may hold; any other `{…}` would be requested literally. */
const PLACEHOLDERS = ['{z}', '{x}', '{y}'] as const

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Why a tile URL template cannot be used, or undefined when it can. */
export function tileUrlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return 'url must be a non-empty string'
  if (url.length > MAX_TILE_URL_LENGTH)
    return `url is ${url.length} characters long; at most ${MAX_TILE_URL_LENGTH} are allowed`
  for (const p of PLACEHOLDERS) if (!url.includes(p)) return `url must contain ${p}`
  const unknown = /\{[^}]*\}/.exec(PLACEHOLDERS.reduce((u, p) => u.replaceAll(p, ''), url))
  if (unknown) return `url has the placeholder ${unknown[0]}; only {z}, {x} and {y} are filled in`
  let parsed: URL
  try {
    parsed = new URL(PLACEHOLDERS.reduce((u, p) => u.replaceAll(p, '0'), url))
  } catch {
    return 'url is not a valid URL'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return `url must start with https:// or http://, not ${parsed.protocol}`
  // Everyone with the board's view link reads the URL, so a password in it would be shared with them.
  if (parsed.username || parsed.password) return 'url may not hold a user name or password'
  return undefined
}

function pointProblem(what: string, v: unknown, max: number): string | undefined {
  if (!isObject(v) || !isFiniteNumber(v.x) || !isFiniteNumber(v.y))
    return `${what} must be { x, y } of finite numbers`
  if (Math.abs(v.x) > max || Math.abs(v.y) > max) return `${what} lies beyond ±${max}`
  return undefined
}

function refsProblem(refs: unknown, width: number, height: number): string | undefined {
  if (!Array.isArray(refs) || refs.length !== 2) return 'refs must be two reference points'
  for (const [i, r] of refs.entries()) {
    if (!isObject(r)) return `refs[${i}] must be { image, world }`
    const image = pointProblem(`refs[${i}].image`, r.image, MAX_IMAGE_SIDE)
    if (image) return image
    const world = pointProblem(`refs[${i}].world`, r.world, MAX_REF_COORDINATE)
    if (world) return world
    const p = r.image as { x: number; y: number }
    if (p.x < 0 || p.y < 0 || p.x > width || p.y > height)
      return `refs[${i}].image (${p.x}, ${p.y}) lies outside the ${width} × ${height} image`
  }
  const [a, b] = refs as [RefPoint, RefPoint]
  if (Math.hypot(a.image.x - b.image.x, a.image.y - b.image.y) < MIN_REF_SEPARATION_PIXELS)
    return `refs are not distinct: their image points must be at least ${MIN_REF_SEPARATION_PIXELS} pixel apart`
  if (Math.hypot(a.world.x - b.world.x, a.world.y - b.world.y) < MIN_REF_SEPARATION_METRES)
    return `refs are not distinct: their world points must be at least ${MIN_REF_SEPARATION_METRES} m apart`
  return undefined
}

const point = (p: { x: number; y: number }) => ({ x: p.x, y: p.y })

/**
 * Reads a base map from a stored or given value, keeping only the properties its kind has (so a
 * faulty peer's extra keys are not carried along), or says what is wrong with it.
 */
export function decodeBaseMap(v: unknown): Decoded<BaseMap> {
  if (!isObject(v)) return bad('base map must be an object with a kind')
  switch (v.kind) {
    case 'grid':
    case 'pdok':
      return ok({ kind: v.kind })
    case 'tiles': {
      const url = tileUrlProblem(v.url)
      if (url) return bad(url)
      if (!(TILINGS as readonly unknown[]).includes(v.tiling))
        return bad(`tiling must be ${TILINGS.join(' | ')}, got ${JSON.stringify(v.tiling)}`)
      const attribution = v.attribution
      if (attribution !== undefined) {
        if (typeof attribution !== 'string') return bad('attribution must be a string')
        if (attribution.length > MAX_ATTRIBUTION_LENGTH)
          return bad(
            `attribution is ${attribution.length} characters long; at most ${MAX_ATTRIBUTION_LENGTH} are allowed`,
          )
      }
      const text = typeof attribution === 'string' ? attribution.trim() : ''
      return ok({
        kind: 'tiles',
        url: v.url as string,
        tiling: v.tiling as Tiling,
        ...(text ? { attribution: text } : {}),
      })
    }
    case 'image': {
      if (typeof v.asset !== 'string' || !ASSET_ID.test(v.asset))
        return bad('asset must be the id of an uploaded file (letters, digits, _ and -)')
      const { width, height } = v
      for (const [name, side] of [
        ['width', width],
        ['height', height],
      ] as const)
        if (!Number.isInteger(side) || (side as number) < 1 || (side as number) > MAX_IMAGE_SIDE)
          return bad(`${name} must be a whole number of pixels from 1 to ${MAX_IMAGE_SIDE}`)
      const refs = refsProblem(v.refs, width as number, height as number)
      if (refs) return bad(refs)
      const [a, b] = v.refs as [RefPoint, RefPoint]
      return ok({
        kind: 'image',
        asset: v.asset,
        width: width as number,
        height: height as number,
        refs: [
          { image: point(a.image), world: point(a.world) },
          { image: point(b.image), world: point(b.world) },
        ],
      })
    }
    default:
      return bad(`base map kind must be ${BASE_MAP_KINDS.join(' | ')}, got ${JSON.stringify(v.kind)}`)
  }
}

/**
 * The board's chosen base map, or undefined when none is chosen, or when the stored value cannot
 * be read (written by a faulty peer): then the default applies, as if nothing were chosen.
 */
export function readBaseMap(doc: Y.Doc): BaseMap | undefined {
  const v = boardMap(doc).get(BoardKey.baseMap)
  if (v === undefined) return undefined
  const d = decodeBaseMap(v)
  return d.ok ? d.value : undefined
}

/** Whether a kind of base map needs the world to be RD New (tiles are cut in real coordinates). */
export const needsRdNew = (kind: BaseMapKind): boolean => kind === 'pdok' || kind === 'tiles'

/** The base map a board shows when none is chosen: PDOK in RD New, the grid in a local frame. */
export const defaultBaseMap = (frame: Frame): BaseMap =>
  frame.kind === 'rd-new' ? { kind: 'pdok' } : { kind: 'grid' }

/**
 * Why a base map cannot be chosen on a board in `frame`, or undefined when it can: what
 * `setBaseMap` checks, for callers that check before they start an edit.
 */
export function baseMapProblem(baseMap: unknown, frame: Frame): string | undefined {
  const d = decodeBaseMapFor(baseMap, frame)
  return d.ok ? undefined : d.reason
}

/** A base map decoded and checked against the board's frame, as `baseMapProblem` judges it. */
function decodeBaseMapFor(baseMap: unknown, frame: Frame): Decoded<BaseMap> {
  const d = decodeBaseMap(baseMap)
  if (!d.ok) return d
  if (needsRdNew(d.value.kind) && frame.kind !== 'rd-new')
    return bad(`${d.value.kind} needs a board in RD New (frame rd-new); this board's frame is ${frame.kind}`)
  return d
}

/**
 * Chooses the board's base map, or with `null` returns to the default. Throws a RangeError naming
 * the bad field (a URL that is not http(s), reference points that coincide, tiles on a board that
 * is not in RD New) before anything is written, and SchemaVersionError for a doc of a newer schema.
 */
export function setBaseMap(doc: Y.Doc, baseMap: BaseMap | null, origin?: Origin): void {
  if (baseMap === null) {
    doc.transact(() => boardMap(doc).delete(BoardKey.baseMap), origin)
    return
  }
  const d = decodeBaseMapFor(baseMap, readBoard(doc).frame)
  if (!d.ok) throw new RangeError(`invalid base map: ${d.reason}`)
  // A doc holding a base map must say v3, so that an older client refuses it. The stamp is written
  // first, in a transaction without the origin, so that undoing the choice never takes it back
  // while others may have written v3 data since. (Called inside a transaction of the caller's, it
  // joins that one: stamp the doc with `migrate` beforehand there.)
  migrate(doc)
  doc.transact(() => boardMap(doc).set(BoardKey.baseMap, d.value), origin)
}
