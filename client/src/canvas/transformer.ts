import {
  type Block,
  type BlockId,
  moveBlock,
  type Ring,
  ringBBox,
  rotateBlock,
  setBlockShape,
  type Vec2,
} from '@gebiedsbord/model'
import Konva from 'konva'
import { frameThrottle } from '../state/observable.ts'
import { SELECTION_COLOUR } from './blockDrawing.ts'
import type { MapController } from './controller.ts'

/** The smallest block side a resize may leave, in metres. */
const MIN_SIDE = 1

/** Pixels between a block's outline and its handles (half a handle and one pixel). */
export const ANCHOR_PADDING = 6

const normalise = (deg: number): number => ((deg % 360) + 360) % 360

/**
 * Resize and rotate handles for a single selected block. Konva's Transformer drives an
 * invisible proxy rectangle laid over the block's footprint; each change of the proxy becomes a
 * preview of the block and, once per frame, a commit (shape, centre and rotation in one
 * transaction), the whole gesture being one undo step.
 */
export class BlockTransformer {
  readonly #map: MapController
  readonly #proxy = new Konva.Rect({ listening: false, fill: 'rgba(0,0,0,0)', strokeEnabled: false })
  readonly #tr: Konva.Transformer
  #id: BlockId | null = null
  #base: Block | null = null
  readonly #commit = frameThrottle((b: Block) => {
    const s = this.#map.session
    s.doc.transact(() => {
      setBlockShape(s.doc, b.id, b.shape, s.origin)
      moveBlock(s.doc, b.id, [b.x, b.y], s.origin)
      rotateBlock(s.doc, b.id, b.rotation, s.origin)
    }, s.origin)
  })
  readonly #offTool: () => void

  constructor(map: MapController) {
    this.#map = map
    this.#tr = new Konva.Transformer({
      flipEnabled: false,
      keepRatio: false,
      ignoreStroke: true,
      anchorSize: 10,
      // Handles sit just outside the block, so that pressing a block small on screen moves it
      // rather than grabbing a handle that covers it.
      padding: ANCHOR_PADDING,
      anchorCornerRadius: 2,
      anchorStroke: SELECTION_COLOUR,
      borderStroke: SELECTION_COLOUR,
      borderStrokeWidth: 1,
      rotateAnchorOffset: 28,
      rotationSnapTolerance: 4,
      boundBoxFunc: (oldBox, newBox) => {
        const scale = map.session.view.camera.get().scale
        return Math.abs(newBox.width) < MIN_SIDE * scale || Math.abs(newBox.height) < MIN_SIDE * scale
          ? oldBox
          : newBox
      },
    })
    map.layers.overlay.add(this.#proxy, this.#tr)
    this.#tr.on('transformstart', () => this.#start())
    this.#tr.on('transform', () => this.#transform())
    this.#tr.on('transformend', () => this.#end())
    this.#offTool = map.session.view.tool.subscribe(() => this.refresh())
    this.refresh()
  }

  /** Follows the selection and the doc: shows handles for exactly one selected block. */
  refresh(): void {
    if (this.#base) return
    const s = this.#map.session
    const sel = s.selection.get().blocks
    const only =
      sel.size === 1 && !s.readOnly && s.view.tool.get() === 'select' ? ([...sel][0] as BlockId) : null
    const block = only ? s.mirror.blocks.get(only) : undefined
    this.#id = block ? block.id : null
    if (!block) {
      if (this.#tr.nodes().length) this.#tr.nodes([])
      this.#map.layers.overlay.batchDraw()
      return
    }
    const box = ringBBox(block.shape)
    this.#proxy.setAttrs({
      x: block.x,
      y: -block.y,
      rotation: -block.rotation,
      width: box.maxX - box.minX,
      height: box.maxY - box.minY,
      offsetX: -box.minX,
      offsetY: box.maxY,
      scaleX: 1,
      scaleY: 1,
    })
    this.#tr.rotationSnaps(s.view.snapping.get() ? [0, 45, 90, 135, 180, 225, 270, 315] : [])
    if (this.#tr.nodes()[0] !== this.#proxy) this.#tr.nodes([this.#proxy])
    else this.#tr.forceUpdate()
    this.#map.layers.overlay.batchDraw()
  }

  destroy(): void {
    this.#commit.cancel()
    this.#offTool()
    this.#tr.destroy()
    this.#proxy.destroy()
  }

  #start(): void {
    const s = this.#map.session
    const block = this.#id ? s.mirror.blocks.get(this.#id) : undefined
    if (!block) return
    this.#base = block
    s.history.beginGesture()
    const ids = new Set([block.id])
    s.gesture.set(ids)
    this.#map.blocks.beginGesture(ids)
  }

  #transform(): void {
    const base = this.#base
    if (!base) return
    const p = this.#proxy
    const sx = p.scaleX()
    const sy = p.scaleY()
    const shape: Ring = base.shape.map(([x, y]): Vec2 => [x * sx, y * sy])
    const next: Block = { ...base, x: p.x(), y: -p.y(), rotation: normalise(-p.rotation()), shape }
    this.#map.blocks.preview(next)
    this.#map.blocks.flush()
    this.#commit(next)
  }

  #end(): void {
    if (!this.#base) return
    this.#commit.flush()
    const s = this.#map.session
    this.#base = null
    s.history.endGesture()
    s.gesture.set(new Set())
    this.#map.blocks.endGesture()
    this.refresh()
  }
}
