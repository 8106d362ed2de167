/** A scale bar: a round length in metres and how many pixels it spans. */
export interface ScaleBar {
  readonly metres: number
  readonly pixels: number
}

const STEPS = [1, 2, 5] as const

/** The largest round length (1, 2 or 5 × 10ⁿ m) that fits in `maxPixels` at `scale` px/m. */
export function scaleBar(scale: number, maxPixels = 120): ScaleBar {
  const maxMetres = maxPixels / scale
  const magnitude = 10 ** Math.floor(Math.log10(maxMetres))
  let metres = magnitude
  for (const s of STEPS) if (s * magnitude <= maxMetres) metres = s * magnitude
  return { metres, pixels: metres * scale }
}

/** Grid spacing in metres: a power of ten whose cells are at least `minPixels` apart, and the major step. */
export function gridSteps(scale: number, minPixels = 12): { minor: number; major: number } {
  const minor = 10 ** Math.ceil(Math.log10(minPixels / scale))
  return { minor, major: minor * 10 }
}
