import {
  type BBox,
  MIN_REF_SEPARATION_METRES,
  MIN_REF_SEPARATION_PIXELS,
  type RefPoint,
} from '@gebiedsbord/model'
import type { Affine } from './affine.ts'
import { applyAffine } from './affine.ts'
import { type WorldPoint, world } from './points.ts'

/**
 * Where an uploaded image lies in the world, from two reference points: the similarity (scale,
 * rotation, translation; no shear, no mirroring) that takes each point of the image to its place
 * in the world. Image pixels count y down and the world y up, so the image's v is negated first:
 * an image whose top is north stays upright.
 *
 * As complex numbers, with z = u − i·v for an image pixel (u, v) and w = x + i·y for a world point:
 * w = k·z + t with k = (w₂ − w₁) / (z₂ − z₁) and t = w₁ − k·z₁.
 */
export function placementFromRefs(refs: readonly [RefPoint, RefPoint]): Affine {
  const [r1, r2] = refs
  // z₂ − z₁ and w₂ − w₁
  const zu = r2.image.x - r1.image.x
  const zv = -(r2.image.y - r1.image.y)
  const wx = r2.world.x - r1.world.x
  const wy = r2.world.y - r1.world.y
  const zz = zu * zu + zv * zv
  if (!(Math.sqrt(zz) >= MIN_REF_SEPARATION_PIXELS))
    throw new RangeError(
      `the reference points coincide on the image (closer than ${MIN_REF_SEPARATION_PIXELS} px)`,
    )
  if (!(Math.hypot(wx, wy) >= MIN_REF_SEPARATION_METRES))
    throw new RangeError(
      `the reference points coincide in the world (closer than ${MIN_REF_SEPARATION_METRES} m)`,
    )
  // k = p + i·q = (wx + i·wy) / (zu + i·zv)
  const p = (wx * zu + wy * zv) / zz
  const q = (wy * zu - wx * zv) / zz
  // w = k·(u − i·v) + t: x = p·u + q·v + tx, y = q·u − p·v + ty
  const tx = r1.world.x - (p * r1.image.x + q * r1.image.y)
  const ty = r1.world.y - (q * r1.image.x - p * r1.image.y)
  return { a: p, b: q, c: q, d: -p, e: tx, f: ty }
}

/** Metres one image pixel covers in the world. */
export const placementScale = (m: Affine): number => Math.hypot(m.a, m.b)

/**
 * How far the image is turned, in degrees counter-clockwise in (−180, 180]: 0 when its top
 * points north.
 */
export function placementRotation(m: Affine): number {
  const deg = (Math.atan2(m.b, m.a) * 180) / Math.PI
  return deg === -180 ? 180 : deg
}

/** The image's corners in the world: top-left, top-right, bottom-right, bottom-left. */
export function imageCorners(width: number, height: number, m: Affine): WorldPoint[] {
  return [
    [0, 0],
    [width, 0],
    [width, height],
    [0, height],
  ].map(([u, v]) => world(...applyAffine(m, u as number, v as number)))
}

/** Share of the view a newly uploaded image fills, leaving a margin to see where it lies. */
export const NEW_IMAGE_VIEW_FRACTION = 0.8

/**
 * Reference points that show an image upright and centred in a world box, as large as fits in
 * `fraction` of it: where a new upload appears, to be placed properly from there.
 */
export function refsFitting(
  width: number,
  height: number,
  box: BBox,
  fraction = NEW_IMAGE_VIEW_FRACTION,
): [RefPoint, RefPoint] {
  const metresPerPixel = Math.min(
    ((box.maxX - box.minX) * fraction) / width,
    ((box.maxY - box.minY) * fraction) / height,
  )
  const cx = (box.minX + box.maxX) / 2
  const cy = (box.minY + box.maxY) / 2
  const halfWidth = (width * metresPerPixel) / 2
  const halfHeight = (height * metresPerPixel) / 2
  return [
    { image: { x: 0, y: 0 }, world: { x: cx - halfWidth, y: cy + halfHeight } },
    { image: { x: width, y: height }, world: { x: cx + halfWidth, y: cy - halfHeight } },
  ]
}
