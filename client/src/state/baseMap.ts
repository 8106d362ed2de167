import {
  type BaseMap,
  baseMapProblem,
  type Frame,
  migrate,
  needsRdNew,
  type RefPoint,
  readBaseMap,
  setBaseMap,
  type Tiling,
} from '@gebiedsbord/model'
import type * as Y from 'yjs'
import type { AssetApi, UploadedAsset } from '../api/assets.ts'
import type { WorldPoint } from '../geometry/points.ts'
import { PDOK_ATTRIBUTION, PDOK_TILE_URL } from '../geometry/rdTiles.ts'
import { Cell } from './observable.ts'
import type { PlanMirror } from './planMirror.ts'

/** What the map draws under the plan, after the default and reachability have been applied. */
export type ShownBaseMap =
  | { readonly source: 'grid' }
  | {
      readonly source: 'tiles'
      /** What reachability is judged by: the URL template. */
      readonly key: string
      readonly url: string
      readonly tiling: Tiling
      readonly attribution?: string
    }
  | {
      readonly source: 'image'
      readonly key: string
      readonly asset: string
      readonly width: number
      readonly height: number
      readonly refs: readonly [RefPoint, RefPoint]
    }

/** Why the map shows the grid instead of what was chosen (or the default). */
export type BaseMapNote = 'pdok-unreachable' | 'tiles-unreachable' | 'image-unavailable' | 'needs-rd-new'

/** Whether a source's tiles or image could be loaded: unknown until the first ones answer. */
export type Reachability = 'unknown' | 'reachable' | 'unreachable'

/** The board's base map as this client shows it. */
export interface BaseMapView {
  /** What the board chose; undefined for the default. */
  readonly chosen: BaseMap | undefined
  readonly shown: ShownBaseMap
  readonly note?: BaseMapNote
}

const pdokTiles = (): ShownBaseMap => ({
  source: 'tiles',
  key: PDOK_TILE_URL,
  url: PDOK_TILE_URL,
  tiling: 'rd-new',
  attribution: PDOK_ATTRIBUTION,
})

/**
 * What to draw for a board's choice: absent means PDOK in RD New and the grid in a local frame;
 * tiles need RD New; a source that cannot be reached gives way to the grid, with the reason.
 */
export function resolveBaseMap(
  chosen: BaseMap | undefined,
  frame: Frame,
  reach: (key: string) => Reachability,
): BaseMapView {
  const grid = (note?: BaseMapNote): BaseMapView => ({
    chosen,
    shown: { source: 'grid' },
    ...(note ? { note } : {}),
  })
  const unlessUnreachable = (shown: ShownBaseMap, note: BaseMapNote): BaseMapView =>
    shown.source !== 'grid' && reach(shown.key) === 'unreachable' ? grid(note) : { chosen, shown }
  if (chosen === undefined)
    return frame.kind === 'rd-new' ? unlessUnreachable(pdokTiles(), 'pdok-unreachable') : grid()
  if (needsRdNew(chosen.kind) && frame.kind !== 'rd-new') return grid('needs-rd-new')
  switch (chosen.kind) {
    case 'grid':
      return grid()
    case 'pdok':
      return unlessUnreachable(pdokTiles(), 'tiles-unreachable')
    case 'tiles':
      return unlessUnreachable(
        {
          source: 'tiles',
          key: chosen.url,
          url: chosen.url,
          tiling: chosen.tiling,
          ...(chosen.attribution ? { attribution: chosen.attribution } : {}),
        },
        'tiles-unreachable',
      )
    case 'image':
      return unlessUnreachable(
        {
          source: 'image',
          key: `asset:${chosen.asset}`,
          asset: chosen.asset,
          width: chosen.width,
          height: chosen.height,
          refs: chosen.refs,
        },
        'image-unavailable',
      )
  }
}

/**
 * How long the first tiles of a source may take before it counts as unreachable: PDOK answers
 * in well under a second; a network that swallows requests (a firewall, a captive portal) would
 * otherwise leave an empty map with no word why.
 */
export const TILE_PROBE_TIMEOUT_MS = 8_000
/** Tiles that must fail, before any loads, for a source to count as unreachable (one may be a gap). */
export const PROBE_FAILURES = 4

/** Timers, injected so that the probe's timeout can be tested on a fake clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}
const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
}

/** How to follow a board's base map. */
export interface BaseMapOptions {
  readonly doc: Y.Doc
  readonly mirror: PlanMirror
  readonly assets: AssetApi
  readonly timers?: Timers
}

/** Someone waiting for a click on the map: which reference point of the image, and what to do with it. */
export interface MapPick {
  readonly point: number
  readonly pick: (at: WorldPoint) => void
}

/**
 * The board's base map as this client shows it: the choice read from the plan doc, the default
 * when there is none, and whether its tiles or image could be loaded (the map's layer reports
 * each tile; the first ones decide). Also the asset API for the image and the hand-off between
 * the settings and the map while an image is being placed.
 */
export class BaseMapState {
  readonly view: Cell<BaseMapView>
  readonly assets: AssetApi
  /** True while an editor places the image: the map marks its reference points. */
  readonly placing = new Cell<boolean>(false)
  /** Set while the settings wait for a click on the map; the map calls it with the world point. */
  readonly picking = new Cell<MapPick | null>(null)
  readonly #o: BaseMapOptions
  readonly #timers: Timers
  readonly #reach = new Map<string, Reachability>()
  readonly #probes = new Map<string, { failures: number; timer: unknown }>()
  /** Object URLs of images, by asset: the map and the settings' preview share one download. */
  readonly #images = new Map<string, Promise<string>>()
  readonly #stop: () => void

  constructor(o: BaseMapOptions) {
    this.#o = o
    this.assets = o.assets
    this.#timers = o.timers ?? realTimers
    this.view = new Cell(this.#resolve())
    this.#stop = o.mirror.changes.subscribe((c) => {
      if (c.board) this.#refresh()
    })
  }

  /** Stops following the doc and the probes' timers. */
  destroy(): void {
    this.#stop()
    for (const p of this.#probes.values()) this.#timers.clearTimeout(p.timer)
    this.#probes.clear()
    this.#forgetImages()
  }

  /** An object URL of an uploaded image, downloaded once (with the board's token). */
  imageUrl(asset: string): Promise<string> {
    let url = this.#images.get(asset)
    if (!url) {
      url = this.#o.assets.fetch(asset).then((blob) => URL.createObjectURL(blob))
      // A failed download is not remembered: the next ask tries again.
      url.catch(() => this.#images.delete(asset))
      this.#images.set(asset, url)
    }
    return url
  }

  /** Keeps a just-uploaded image, so that showing it does not download it again. */
  rememberImage(asset: string, file: Blob): void {
    if (!this.#images.has(asset)) this.#images.set(asset, Promise.resolve(URL.createObjectURL(file)))
  }

  /** Whether a source answered; unknown before its first tiles do. */
  reachability(key: string): Reachability {
    return this.#reach.get(key) ?? 'unknown'
  }

  /** The map asked for a tile of a source: the probe's clock starts with the first one. */
  requested(key: string): void {
    if (this.reachability(key) !== 'unknown' || this.#probes.has(key)) return
    const timer = this.#timers.setTimeout(() => this.#judge(key, 'unreachable'), TILE_PROBE_TIMEOUT_MS)
    this.#probes.set(key, { failures: 0, timer })
  }

  /** A tile or the image of a source loaded: the source is reachable. */
  loaded(key: string): void {
    if (this.reachability(key) === 'unknown') this.#judge(key, 'reachable')
  }

  /** A tile or the image of a source failed; enough failures before any success make it unreachable. */
  failed(key: string, enough = PROBE_FAILURES): void {
    if (this.reachability(key) !== 'unknown') return
    this.requested(key)
    const probe = this.#probes.get(key)
    if (probe && ++probe.failures >= enough) this.#judge(key, 'unreachable')
  }

  /** Uploads an image for the base map (edit token). */
  upload(file: Blob): Promise<UploadedAsset> {
    return this.#o.assets.upload(file)
  }

  #judge(key: string, verdict: Reachability): void {
    const probe = this.#probes.get(key)
    if (probe) this.#timers.clearTimeout(probe.timer)
    this.#probes.delete(key)
    this.#reach.set(key, verdict)
    this.#refresh()
  }

  #resolve(): BaseMapView {
    return resolveBaseMap(readBaseMap(this.#o.doc), this.#o.mirror.board.frame, (k) => this.reachability(k))
  }

  /** Frees the object URLs of images other than `keep` (no longer the board's base map). */
  #forgetImages(keep?: string): void {
    for (const [asset, url] of this.#images)
      if (asset !== keep) {
        this.#images.delete(asset)
        url.then(URL.revokeObjectURL, () => {})
      }
  }

  #refresh(): void {
    const before = this.view.get().chosen
    const chosen = readBaseMap(this.#o.doc)
    // A new choice is a new try: a source that failed before (a typo since fixed, a network
    // since back) is probed again rather than written off for the rest of the session.
    if (JSON.stringify(chosen) !== JSON.stringify(before))
      for (const [key, r] of this.#reach) if (r === 'unreachable') this.#reach.delete(key)
    const next = this.#resolve()
    this.#forgetImages(chosen?.kind === 'image' ? chosen.asset : undefined)
    // The board map also changes with a rename: only a different base map is news for the map.
    if (JSON.stringify(next) !== JSON.stringify(this.view.get())) this.view.set(next)
  }
}

/** What choosing a base map needs of a session. */
export interface BaseMapEditor {
  readonly doc: Y.Doc
  readonly readOnly: boolean
  readonly mirror: { readonly board: { readonly frame: Frame } }
  edit(fn: () => void): void
  readonly origin: object
}

/**
 * Chooses the board's base map (`null`: the default) as one undo step of this user. Throws the
 * model's RangeError for a choice it cannot store; does nothing in a read-only session.
 */
export function chooseBaseMap(s: BaseMapEditor, baseMap: BaseMap | null): void {
  if (s.readOnly) return
  // Checked first: a throw inside the edit would leave the user's undo step open.
  const problem = baseMap && baseMapProblem(baseMap, s.mirror.board.frame)
  if (problem) throw new RangeError(`invalid base map: ${problem}`)
  // The schema stamp goes first, outside the user's undo step (see `setBaseMap`).
  migrate(s.doc)
  s.edit(() => setBaseMap(s.doc, baseMap, s.origin))
}
