import type { BBox, BlockId } from '@gebiedsbord/model'
import type { Lang } from '../i18n/format.ts'

/**
 * What every block's drawing reads besides the block itself: the zoom (labels keep a constant
 * size on screen and appear only where they fit), the visible box (blocks outside it skip their
 * drawing), the language of the key figures, and who has selected what.
 */
export interface RenderContext {
  scale: number
  visible: BBox
  lang: Lang
  /** Label of each palette entry in the current language. */
  kindLabel: (paletteId: string) => string
  selected: ReadonlySet<BlockId>
  /** Blocks other people have selected, with their colour. */
  peerSelected: ReadonlyMap<BlockId, string>
  /** Each party's colour by id: a block with an owner is outlined in its party's colour. */
  partyColours?: ReadonlyMap<string, string>
}

/** Block labels. Measured widths of all label fonts are cached per font and text. */
export const FONT_LABEL = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
/** Key figures and area sizes. */
export const FONT_FIGURE = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
/** Area names. */
export const FONT_AREA = '700 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
/** The unmet-conditions marker of an area label: bold, as it must stand out from the figures. */
export const FONT_CONDITION = '700 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'

const widths = new Map<string, number>()
// Measuring text is the costliest part of drawing thousands of labels; the same labels and
// figures recur, so their widths are remembered (bounded, as figures change while editing).
const MAX_CACHED = 20_000

/** The width of a text in a font, in CSS pixels. */
export function textWidth(ctx: CanvasRenderingContext2D, font: string, text: string): number {
  const key = `${font}\u0000${text}`
  let w = widths.get(key)
  if (w === undefined) {
    if (ctx.font !== font) ctx.font = font
    w = ctx.measureText(text).width
    if (widths.size > MAX_CACHED) widths.clear()
    widths.set(key, w)
  }
  return w
}
