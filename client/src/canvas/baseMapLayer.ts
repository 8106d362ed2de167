import { rdToWgs84 } from '@gebiedsbord/geo'
import type Konva from 'konva'
import { type Affine, composeAffine } from '../geometry/affine.ts'
import { screenToWorld, viewCentre, visibleBox, worldToScreen } from '../geometry/camera.ts'
import { placementFromRefs } from '../geometry/imagePlacement.ts'
import { screen, world } from '../geometry/points.ts'
import { rdLevelFor, rdTilesCovering } from '../geometry/rdTiles.ts'
import { type PlacedTile, TILE_SIZE, tileKey, tileUrl } from '../geometry/tiles.ts'
import { webMercatorLevelFor, webMercatorTilesCovering } from '../geometry/webMercatorTiles.ts'
import type { ShownBaseMap } from '../state/baseMap.ts'
import type { BoardSession } from '../state/session.ts'
import { drawGrid } from './gridDrawing.ts'
import { screenShape } from './screenShape.ts'
import { loadImage, TileCache } from './tileCache.ts'

/**
 * Coarser levels searched for a stand-in while a tile loads: zooming in shows the enlarged
 * parent at once instead of the bare grid. Four levels is a 16× enlargement, still legible.
 */
const FALLBACK_LEVELS = 4
/** An image is one file: its first failure decides (tiles allow a few, see `PROBE_FAILURES`). */
const IMAGE_FAILURES = 1
/** Reference point markers: radius in pixels, and one colour per point, as in the settings. */
const MARKER_RADIUS = 9
export const REF_COLOURS = ['#c026d3', '#0891b2'] as const
const MARKER_FONT = '700 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'

/** The image of an image base map as loaded (the base map state owns its object URL). */
interface LoadedImage {
  readonly key: string
  readonly img: HTMLImageElement
}

/** World metres to screen pixels for a camera: the y axis flips (world north, screen down). */
const cameraAffine = (c: { x: number; y: number; scale: number }): Affine => ({
  a: c.scale,
  b: 0,
  c: 0,
  d: -c.scale,
  e: c.x,
  f: c.y,
})

/**
 * The base map under the plan, in a Konva layer of its own at the bottom of the stage, so that
 * it repaints only when the view or the base map changes (not with every selection or area
 * status). Draws the grid, then the tiles of the view (loaded through a bounded cache, coarser
 * ones standing in while finer ones load) or the placed image; marks the image's reference points
 * while it is being placed; and takes the click that picks a reference point on the map. Tells
 * the session's base map state which tiles load and fail, which decides reachability.
 */
export class BaseMapLayer {
  readonly #s: BoardSession
  readonly #layer: Konva.Layer
  readonly #el: HTMLElement
  #shown: ShownBaseMap = { source: 'grid' }
  #tiles: PlacedTile[] = []
  #cache: TileCache<HTMLImageElement> | null = null
  #image: LoadedImage | null = null
  #imageAbort: AbortController | null = null
  readonly #cleanup: (() => void)[] = []

  constructor(layer: Konva.Layer, session: BoardSession) {
    this.#s = session
    this.#layer = layer
    this.#el = layer.getStage().container()
    layer.listening(false)
    layer.add(screenShape((c, pr) => this.#draw(c, pr)))
    const { view, baseMap } = session
    this.#cleanup.push(
      view.camera.subscribe(() => this.#refreshTiles()),
      view.size.subscribe(() => this.#refreshTiles()),
      baseMap.view.subscribe((v) => this.#setShown(v.shown)),
      baseMap.placing.subscribe(() => layer.batchDraw()),
      baseMap.picking.subscribe((pick) => {
        this.#el.style.cursor = pick ? 'crosshair' : ''
      }),
    )
    // Capturing on the container runs before the gestures' own listeners, so the pick's click
    // neither selects a block nor starts a pan.
    const onDown = (e: PointerEvent) => {
      const request = baseMap.picking.get()
      if (!request || e.button !== 0) return
      e.stopPropagation()
      e.preventDefault()
      const r = this.#el.getBoundingClientRect()
      baseMap.picking.set(null)
      request.pick(screenToWorld(view.camera.get(), screen(e.clientX - r.left, e.clientY - r.top)))
    }
    // Escape ends the pick before the board's own Escape (which clears the selection) sees it.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !baseMap.picking.get()) return
      e.stopPropagation()
      baseMap.picking.set(null)
    }
    this.#el.addEventListener('pointerdown', onDown, { capture: true })
    window.addEventListener('keydown', onKey, { capture: true })
    this.#cleanup.push(
      () => this.#el.removeEventListener('pointerdown', onDown, { capture: true }),
      () => window.removeEventListener('keydown', onKey, { capture: true }),
    )
    this.#setShown(baseMap.view.get().shown)
  }

  destroy(): void {
    for (const f of this.#cleanup) f()
    this.#el.style.cursor = ''
    this.#cache?.close()
    this.#dropImage()
  }

  #setShown(shown: ShownBaseMap): void {
    const before = this.#shown
    this.#shown = shown
    if (sourceId(before) !== sourceId(shown)) {
      this.#cache?.close()
      this.#cache = null
      this.#tiles = []
      if (shown.source === 'tiles') {
        const key = shown.key
        this.#cache = new TileCache(loadImage, (_tile, ok) => {
          if (ok) this.#s.baseMap.loaded(key)
          else this.#s.baseMap.failed(key)
          this.#layer.batchDraw()
        })
      }
      if (shown.source !== 'image' || this.#image?.key !== shown.key) this.#dropImage()
      if (shown.source === 'image' && !this.#image) void this.#loadImage(shown.key, shown.asset)
    }
    this.#refreshTiles()
  }

  #refreshTiles(): void {
    const shown = this.#shown
    if (shown.source === 'tiles' && this.#cache) {
      const camera = this.#s.view.camera.get()
      const size = this.#s.view.size.get()
      const box = visibleBox(camera, size)
      const mpp = 1 / camera.scale
      if (shown.tiling === 'rd-new') this.#tiles = rdTilesCovering(box, rdLevelFor(mpp))
      else {
        const latitude = rdToWgs84(viewCentre(camera, size))[1]
        this.#tiles = webMercatorTilesCovering(box, webMercatorLevelFor(mpp, latitude))
      }
      if (this.#tiles.length > 0) this.#s.baseMap.requested(shown.key)
      this.#cache.want(this.#tiles.map((t) => ({ key: t.key, url: tileUrl(shown.url, t) })))
    }
    this.#layer.batchDraw()
  }

  async #loadImage(key: string, asset: string): Promise<void> {
    const abort = new AbortController()
    this.#imageAbort = abort
    try {
      const img = await loadImage(await this.#s.baseMap.imageUrl(asset), abort.signal)
      if (abort.signal.aborted) return
      this.#image = { key, img }
      this.#s.baseMap.loaded(key)
      this.#layer.batchDraw()
    } catch {
      if (!abort.signal.aborted) this.#s.baseMap.failed(key, IMAGE_FAILURES)
    }
  }

  #dropImage(): void {
    this.#imageAbort?.abort()
    this.#imageAbort = null
    this.#image = null
  }

  #draw(c: CanvasRenderingContext2D, pr: number): void {
    const camera = this.#s.view.camera.get()
    const size = this.#s.view.size.get()
    const shown = this.#shown
    const toScreen = cameraAffine(camera)
    // Under the base map: where it has nothing (tiles still loading, beyond the image) the grid shows.
    drawGrid(c, camera, size)
    if (shown.source === 'tiles' && this.#cache)
      for (const t of this.#tiles) this.#drawTile(c, pr, t, toScreen)
    else if (shown.source === 'image' && this.#image) {
      const m = composeAffine(toScreen, placementFromRefs(shown.refs))
      c.setTransform(pr * m.a, pr * m.b, pr * m.c, pr * m.d, pr * m.e, pr * m.f)
      c.drawImage(this.#image.img, 0, 0, shown.width, shown.height)
      c.setTransform(pr, 0, 0, pr, 0, 0)
      if (this.#s.baseMap.placing.get())
        shown.refs.forEach((r, i) => {
          const p = worldToScreen(camera, world(r.world.x, r.world.y))
          drawMarker(c, p[0], p[1], i)
        })
    }
  }

  /** Draws a tile, or the matching part of its nearest loaded ancestor. */
  #drawTile(c: CanvasRenderingContext2D, pr: number, t: PlacedTile, toScreen: Affine): void {
    const cache = this.#cache as TileCache<HTMLImageElement>
    let img = cache.get(t.key)
    let k = 0
    for (; !img && k < FALLBACK_LEVELS && k < t.z; ) {
      k++
      img = cache.get(tileKey({ z: t.z - k, x: t.x >> k, y: t.y >> k }))
    }
    if (!img) return
    // The child's share of its ancestor: 256 / 2^k pixels, offset by its place among the children.
    const part = TILE_SIZE / 2 ** k
    const sx = (t.x % 2 ** k) * part
    const sy = (t.y % 2 ** k) * part
    const m = composeAffine(toScreen, t.place)
    if (Math.abs(m.b) < 1e-9 && Math.abs(m.c) < 1e-9) {
      // Axis-aligned (RD tiles): whole-pixel edges shared with the neighbours leave no seams.
      const x0 = Math.round(m.e)
      const y0 = Math.round(m.f)
      const x1 = Math.round(m.e + m.a * TILE_SIZE)
      const y1 = Math.round(m.f + m.d * TILE_SIZE)
      c.drawImage(img, sx, sy, part, part, x0, y0, x1 - x0, y1 - y0)
      return
    }
    // Turned (web-mercator tiles): overlap the neighbours by half a screen pixel against seams.
    const pad = 0.5 / Math.hypot(m.a, m.b)
    c.setTransform(pr * m.a, pr * m.b, pr * m.c, pr * m.d, pr * m.e, pr * m.f)
    c.drawImage(img, sx, sy, part, part, -pad, -pad, TILE_SIZE + 2 * pad, TILE_SIZE + 2 * pad)
    c.setTransform(pr, 0, 0, pr, 0, 0)
  }
}

/** What decides whether loaded tiles or the image still apply: the source, its URL or asset, and its tiling. */
const sourceId = (s: ShownBaseMap): string =>
  s.source === 'grid' ? 'grid' : s.source === 'tiles' ? `tiles ${s.tiling} ${s.key}` : `image ${s.key}`

/** A numbered reference point marker, in screen pixels. */
function drawMarker(c: CanvasRenderingContext2D, x: number, y: number, i: number): void {
  c.beginPath()
  c.arc(x, y, MARKER_RADIUS, 0, 2 * Math.PI)
  c.fillStyle = REF_COLOURS[i] ?? REF_COLOURS[0]
  c.fill()
  c.lineWidth = 2
  c.strokeStyle = '#ffffff'
  c.stroke()
  c.fillStyle = '#ffffff'
  c.font = MARKER_FONT
  c.textAlign = 'center'
  c.textBaseline = 'middle'
  c.fillText(String(i + 1), x, y + 0.5)
}
