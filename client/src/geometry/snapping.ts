import type { BBox } from '@gebiedsbord/model'

/** What a move snaps to. */
export interface SnapOptions {
  /** Grid spacing in metres, or null for no grid snapping. */
  readonly grid: number | null
  /** How far (in metres) an edge may be from another block's edge to snap to it. */
  readonly threshold: number
  /** Boxes of the blocks nearby (not the ones being moved). */
  readonly targets: readonly BBox[]
}

/** A snapped move, with the lines it snapped to (to draw as guides). */
export interface Snap {
  readonly dx: number
  readonly dy: number
  readonly guideX?: number
  readonly guideY?: number
}

/** Rounds a value to a multiple of `step`. */
export const snapValue = (v: number, step: number): number => Math.round(v / step) * step

function snapAxis(
  lo: number,
  hi: number,
  d: number,
  targets: readonly BBox[],
  axis: 'x' | 'y',
  threshold: number,
): { d: number; guide?: number } {
  const lines = [lo + d, (lo + hi) / 2 + d, hi + d]
  let best = threshold
  let snapped: { d: number; guide?: number } | undefined
  for (const t of targets) {
    const tLo = axis === 'x' ? t.minX : t.minY
    const tHi = axis === 'x' ? t.maxX : t.maxY
    for (const target of [tLo, (tLo + tHi) / 2, tHi])
      for (const line of lines) {
        const off = target - line
        // Ties go to the first found, so that the result does not depend on float noise.
        if (Math.abs(off) < best) {
          best = Math.abs(off)
          snapped = { d: d + off, guide: target }
        }
      }
  }
  return snapped ?? { d }
}

/**
 * Snaps a proposed move `(dx, dy)` of a box: its edges or centre align with a nearby block's
 * edges or centre when within the threshold (the nearest wins, per axis); otherwise its lower-left
 * corner goes to the grid. Edge snapping wins over the grid, because aligning with a neighbour is
 * what a planner means when both are close.
 */
export function snapMove(moving: BBox, dx: number, dy: number, opts: SnapOptions): Snap {
  const x = snapAxis(moving.minX, moving.maxX, dx, opts.targets, 'x', opts.threshold)
  const y = snapAxis(moving.minY, moving.maxY, dy, opts.targets, 'y', opts.threshold)
  const g = opts.grid
  const outX = x.guide === undefined && g ? snapValue(moving.minX + dx, g) - moving.minX : x.d
  const outY = y.guide === undefined && g ? snapValue(moving.minY + dy, g) - moving.minY : y.d
  return {
    dx: outX,
    dy: outY,
    ...(x.guide !== undefined ? { guideX: x.guide } : {}),
    ...(y.guide !== undefined ? { guideY: y.guide } : {}),
  }
}

/** Snaps an angle in degrees to multiples of `step` when within `tolerance` of one. */
export function snapAngle(degrees: number, step = 15, tolerance = 4): number {
  const s = snapValue(degrees, step)
  return Math.abs(s - degrees) <= tolerance ? s : degrees
}

/** The grid step used for snapping at a zoom: a round number of metres about 8–80 px apart. */
export function snapGridStep(scale: number): number {
  for (const step of [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]) if (step * scale >= 8) return step
  return 1000
}
