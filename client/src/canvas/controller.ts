import type { AreaReport } from '@gebiedsbord/barcode'
import type { AreaId, BlockId } from '@gebiedsbord/model'
import Konva from 'konva'
import { visibleBox } from '../geometry/camera.ts'
import type { Lang } from '../i18n/format.ts'
import type { Translate } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { partyColours } from '../state/parties.ts'
import type { BoardSession } from '../state/session.ts'
import { type AgreementTag, agreementTags } from './agreementDrawing.ts'
import { drawArea, drawAreaLabels, drawOrder } from './areaDrawing.ts'
import { AreaHandles } from './areaHandles.ts'
import { BaseMapLayer } from './baseMapLayer.ts'
import { BlockRenderer } from './blockRenderer.ts'
import { Gestures } from './gestures.ts'
import { LabelSpots } from './labelSpots.ts'
import { drawCursors, drawSketch, emptySketch, type Sketch } from './overlayDrawing.ts'
import type { RenderContext } from './renderContext.ts'
import { screenShape } from './screenShape.ts'
import { BlockTransformer } from './transformer.ts'

/** The Konva layers of the map, bottom to top. */
export interface MapLayers {
  /** The base map (grid, map tiles or an image): redrawn on pan and zoom and as tiles arrive. */
  readonly backdrop: Konva.Layer
  /** Area outlines: redrawn on pan and zoom, and when an area or its status changes. */
  readonly base: Konva.Layer
  /** Blocks nobody is touching. */
  readonly cold: Konva.Layer
  /** Area labels and barcode strips: redrawn only when what a label shows changes. */
  readonly labels: Konva.Layer
  /**
   * Everything that changes while dragging, in one canvas so that a frame repaints one layer:
   * selected, dragged and recently changed blocks, gesture sketches, cursors and handles. The
   * only listening layer.
   */
  readonly overlay: Konva.Layer
}

/** What an area's label shows of its report. */
const labelKey = (r: AreaReport): string =>
  `${r.metrics.dwellings}|${r.summary.conditionsUnmet}|${r.rules.map((x) => x.status).join('')}`

/**
 * The map of one board: Konva layers driven by the session's state. It applies the camera,
 * re-renders exactly the blocks and areas each transaction touched, repaints the area barcode
 * strips when the report changes, and shows others' cursors and selections. Pointer input goes
 * to `Gestures`; nothing here is React.
 */
export class MapController {
  readonly session: BoardSession
  readonly stage: Konva.Stage
  readonly layers: MapLayers
  readonly blocks: BlockRenderer
  readonly sketch: Sketch = emptySketch()
  readonly rc: RenderContext
  #t: Translate
  readonly #gestures: Gestures
  readonly #transformer: BlockTransformer
  readonly #handles: AreaHandles
  readonly #areaOrder: { ids: AreaId[] } = { ids: [] }
  readonly #reports = new Map<AreaId, AreaReport>()
  /** The sign-off tag of each area some party signed off. */
  #agreements = new Map<AreaId, AgreementTag>()
  readonly #sketchShape: Konva.Shape
  readonly #cursorShape: Konva.Shape
  readonly #baseMap: BaseMapLayer
  readonly #labelSpots: LabelSpots
  /** The area the followed participant has selected, drawn as selected here too. */
  #leaderArea: AreaId | null = null
  readonly #cleanup: (() => void)[] = []

  constructor(session: BoardSession, stage: Konva.Stage, layers: MapLayers, lang: Lang, t: Translate) {
    this.session = session
    this.stage = stage
    this.layers = layers
    this.#t = t
    const { view, mirror, selection } = session
    this.rc = {
      scale: view.camera.get().scale,
      visible: visibleBox(view.camera.get(), view.size.get()),
      lang,
      kindLabel: (id) => this.#t(`kind.${id}` as MessageKey),
      selected: selection.get().blocks,
      peerSelected: new Map(),
      partyColours: partyColours(mirror.parties.values()),
    }
    for (const l of [layers.base, layers.cold, layers.labels]) l.listening(false)
    this.#labelSpots = new LabelSpots((box) => mirror.blocksNear(box).length)
    const hot = new Konva.Group({ listening: false })
    layers.overlay.add(hot)

    this.#baseMap = new BaseMapLayer(layers.backdrop, session)
    layers.base.add(
      new Konva.Shape({
        listening: false,
        sceneFunc: (ctx) => {
          const sel = selection.get().area
          // A follower sees the area the leader selected as if it were their own selection.
          const led = this.#leaderArea
          for (const id of this.#areaOrder.ids) {
            const a = mirror.areas.get(id)
            const selected = id === sel || id === led
            if (a) drawArea(ctx._context, a, this.#reports.get(id)?.summary.status, selected, this.rc.scale)
          }
        },
      }),
    )
    layers.labels.add(
      screenShape((c) => {
        const labels = []
        for (const id of this.#areaOrder.ids) {
          const area = mirror.areas.get(id)
          if (area) labels.push({ area, report: this.#reports.get(id), agreement: this.#agreements.get(id) })
        }
        const unit = this.rc.lang === 'nl' ? 'wo' : 'dw'
        drawAreaLabels(
          c,
          labels,
          view.camera.get(),
          view.size.get(),
          this.rc.lang,
          unit,
          this.#t('area.untitled'),
          (area, w, h) => this.#labelSpots.place(area, w, h),
          (count) => this.#t('area.conditionsUnmet', { count }),
        )
      }),
    )
    this.blocks = new BlockRenderer(
      layers.cold,
      hot,
      mirror,
      this.rc,
      () => session.connection.get().everSynced,
    )
    this.#sketchShape = screenShape((c) => drawSketch(c, this.sketch, view.camera.get(), view.size.get()))
    this.#cursorShape = screenShape((c) => drawCursors(c, session.presence.peers(), view.camera.get()))
    layers.overlay.add(this.#sketchShape, this.#cursorShape)
    this.#transformer = new BlockTransformer(this)
    this.#handles = new AreaHandles(this)
    this.#gestures = new Gestures(this)

    this.#refreshAreas()
    this.#refreshReports()
    this.#refreshAgreements()
    this.#applyCamera()
    this.#cleanup.push(
      view.camera.subscribe(() => this.#applyCamera()),
      view.size.subscribe((size) => {
        stage.size(size)
        this.#applyCamera()
      }),
      mirror.changes.subscribe((c) => {
        this.blocks.apply(c)
        // Labels hold still while blocks are dragged; see LabelSpots.
        if (c.blocks.size && session.gesture.get().size === 0) this.#labelSpots.clear()
        if (c.areas.size) {
          this.#refreshAreas()
          this.#handles.refresh()
        }
        if (c.blocks.size) this.#transformer.refresh()
        if (c.parties) this.#refreshParties()
      }),
      session.gesture.subscribe((ids) => {
        if (ids.size > 0) return
        this.#labelSpots.clear()
        this.layers.labels.batchDraw()
      }),
      session.signoffs.states.subscribe(() => this.#refreshAgreements()),
      session.barcode.subscribe(() => this.#refreshReports()),
      selection.subscribe((s) => {
        this.rc.selected = s.blocks
        this.blocks.pin(s.blocks)
        layers.base.batchDraw()
        this.#transformer.refresh()
        this.#handles.refresh()
      }),
      session.presence.subscribe(() => this.#refreshPeers()),
      session.follow.state.subscribe(() => this.#refreshPeers()),
      () => this.#gestures.destroy(),
      () => this.#transformer.destroy(),
      () => this.#handles.destroy(),
      () => this.blocks.destroy(),
      () => this.#baseMap.destroy(),
    )
    this.blocks.pin(selection.get().blocks)
  }

  /** The language changed: key figures and labels are drawn again. */
  setLanguage(lang: Lang, t: Translate): void {
    this.rc.lang = lang
    this.#t = t
    this.blocks.invalidate()
    this.blocks.flush()
    this.#refreshAgreements()
  }

  /** Redraws the gesture sketch (lasso, guides, area being drawn). */
  redrawSketch(): void {
    this.layers.overlay.batchDraw()
  }

  /** Whether a screen point hits an interactive overlay handle (transformer, area corners). */
  overlayHit(x: number, y: number): boolean {
    return this.layers.overlay.getIntersection({ x, y }) !== null
  }

  /** Default name of the next drawn area, e.g. "Gebied 3". */
  nextAreaName(): string {
    return this.#t('area.default', { n: this.session.mirror.areas.size + 1 })
  }

  /** Cancels the gesture in progress (Escape). */
  cancel(): void {
    this.#gestures.cancel()
  }

  /** Finishes an area being drawn (Enter). */
  finishDrawing(): void {
    this.#gestures.finishDrawing()
  }

  destroy(): void {
    for (const f of this.#cleanup) f()
  }

  #applyCamera(): void {
    const { camera, size } = this.session.view
    const c = camera.get()
    this.stage.position({ x: c.x, y: c.y })
    this.stage.scale({ x: c.scale, y: c.scale })
    this.rc.scale = c.scale
    this.rc.visible = visibleBox(c, size.get())
    this.blocks.invalidate()
    for (const l of Object.values(this.layers) as Konva.Layer[]) l.batchDraw()
    this.#handles.rescale()
  }

  #refreshAreas(): void {
    this.#areaOrder.ids = drawOrder(this.session.mirror.areas.values())
    this.layers.base.batchDraw()
    this.layers.labels.batchDraw()
  }

  #refreshReports(): void {
    const report = this.session.barcode.report()
    let statusChanged = false
    let labelChanged = false
    const seen = new Set<AreaId>()
    for (const a of report.areas) {
      seen.add(a.id)
      const before = this.#reports.get(a.id)
      if (before === a) continue
      if (before?.summary.status !== a.summary.status) statusChanged = true
      // The evaluator makes a new report for every re-evaluated area; the label only shows the
      // dwellings and the rules' statuses, so a drag within an area leaves it alone.
      if (!before || labelKey(before) !== labelKey(a)) labelChanged = true
      this.#reports.set(a.id, a)
    }
    for (const id of [...this.#reports.keys()])
      if (!seen.has(id)) {
        this.#reports.delete(id)
        labelChanged = true
      }
    if (statusChanged) this.layers.base.batchDraw()
    if (labelChanged) this.layers.labels.batchDraw()
  }

  /** A party was added, changed or removed: block outlines take its colour, label tags its count. */
  #refreshParties(): void {
    this.rc.partyColours = partyColours(this.session.mirror.parties.values())
    this.blocks.invalidate()
    this.blocks.flush()
    this.#refreshAgreements()
  }

  #refreshAgreements(): void {
    const { signoffs, mirror } = this.session
    this.#agreements = agreementTags(signoffs.states.get(), mirror.parties, this.#t)
    this.layers.labels.batchDraw()
  }

  #refreshPeers(): void {
    const next = new Map<BlockId, string>()
    // The followed participant's selection is outlined in their colour, whoever else selected it.
    const led = this.session.follow.leaderSelection()
    const colour = this.session.follow.state.get().leader?.colour
    if (led && colour) for (const id of led.blocks) next.set(id as BlockId, colour)
    const area = (led?.area ?? null) as AreaId | null
    if (area !== this.#leaderArea) {
      this.#leaderArea = area
      this.layers.base.batchDraw()
    }
    for (const p of this.session.presence.peers())
      if (!p.self)
        for (const id of p.selection) if (!next.has(id as BlockId)) next.set(id as BlockId, p.colour)
    const before = this.rc.peerSelected
    const changed: BlockId[] = []
    for (const [id, colour] of next) if (before.get(id) !== colour) changed.push(id)
    for (const id of before.keys()) if (!next.has(id)) changed.push(id)
    this.rc.peerSelected = next
    if (changed.length) this.blocks.repaint(changed)
    this.layers.overlay.batchDraw()
  }
}
