import type { Ring, Vec2 } from './geometry.ts'
import type { Block } from './types.ts'

const DEG = Math.PI / 180

/** The block's footprint in world metres: its local shape rotated about and moved to its centre. */
export function blockFootprint(block: Pick<Block, 'x' | 'y' | 'rotation' | 'shape'>): Ring {
  const { x, y, rotation, shape } = block
  const c = rotation === 0 ? 1 : Math.cos(rotation * DEG)
  const s = rotation === 0 ? 0 : Math.sin(rotation * DEG)
  const out: Vec2[] = new Array(shape.length)
  // Indexed loop: footprints are computed for every block on every evaluation.
  for (let i = 0; i < shape.length; i++) {
    const p = shape[i] as Vec2
    out[i] = [x + p[0] * c - p[1] * s, y + p[0] * s + p[1] * c]
  }
  return out
}
