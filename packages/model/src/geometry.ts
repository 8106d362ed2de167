/**
 * World coordinates are metres on a flat plane. When a board is georeferenced the plane is
 * RD New (EPSG:28992: x east, y north, metres); otherwise it is a local metre frame whose origin
 * has no meaning outside the board. The y axis points north in both (screens flip it when drawing).
 */
export type Vec2 = readonly [x: number, y: number]

/** A simple polygon ring of at least three distinct vertices, stored open (the first vertex is not repeated). */
export type Ring = readonly Vec2[]

/** Axis-aligned bounding box in world metres. */
export interface BBox {
  readonly minX: number
  readonly minY: number
  readonly maxX: number
  readonly maxY: number
}

/** The bounding box of a ring. */
export function ringBBox(ring: Ring): BBox {
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  // Indexed access: iterating and destructuring tuples is several times slower in this hot path.
  for (let i = 0, n = ring.length; i < n; i++) {
    const p = ring[i] as Vec2
    const x = p[0]
    const y = p[1]
    if (x < minX) minX = x
    if (y < minY) minY = y
    if (x > maxX) maxX = x
    if (y > maxY) maxY = y
  }
  return { minX, minY, maxX, maxY }
}

/** Planar area of a ring in m² (shoelace formula; orientation-independent). */
export function ringArea(ring: Ring): number {
  let twice = 0
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i] as Vec2
    const b = ring[(i + 1) % n] as Vec2
    twice += a[0] * b[1] - b[0] * a[1]
  }
  return Math.abs(twice) / 2
}

/** The centre of a ring's bounding box: a stable anchor for a block's position. */
export function ringCentre(ring: Ring): Vec2 {
  const box = ringBBox(ring)
  return [(box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2]
}

/** An axis-aligned rectangle of width × height metres centred on the origin, as a block's local shape. */
export function rectangle(width: number, height: number): Ring {
  const w = width / 2
  const h = height / 2
  return [
    [-w, -h],
    [w, -h],
    [w, h],
    [-w, h],
  ]
}
