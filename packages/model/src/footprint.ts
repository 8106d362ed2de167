import type { Ring, Vec2 } from './geometry.ts'
import type { Block } from './types.ts'

const DEG = Math.PI / 180

/** The block's footprint in world metres: its local shape rotated about and moved to its centre. */
export function blockFootprint(block: Pick<Block, 'x' | 'y' | 'rotation' | 'shape'>): Ring {
  const { x, y, rotation, shape } = block
  if (rotation === 0) return shape.map(([sx, sy]): Vec2 => [x + sx, y + sy])
  const c = Math.cos(rotation * DEG)
  const s = Math.sin(rotation * DEG)
  return shape.map(([sx, sy]): Vec2 => [x + sx * c - sy * s, y + sx * s + sy * c])
}
