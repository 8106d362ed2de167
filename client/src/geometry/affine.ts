/**
 * A 2-D affine map in the canvas' own convention (`CanvasRenderingContext2D.setTransform(a, b, c,
 * d, e, f)`): a point (u, v) goes to (a·u + c·v + e, b·u + d·v + f). Base map images and tiles
 * are placed with one: from their pixels to world metres, and on to the screen.
 */
export interface Affine {
  readonly a: number
  readonly b: number
  readonly c: number
  readonly d: number
  readonly e: number
  readonly f: number
}

/** Where a map takes a point. */
export function applyAffine(m: Affine, u: number, v: number): [number, number] {
  return [m.a * u + m.c * v + m.e, m.b * u + m.d * v + m.f]
}

/** `outer ∘ inner`: first `inner`, then `outer` (image pixels → world, then world → screen). */
export function composeAffine(outer: Affine, inner: Affine): Affine {
  return {
    a: outer.a * inner.a + outer.c * inner.b,
    b: outer.b * inner.a + outer.d * inner.b,
    c: outer.a * inner.c + outer.c * inner.d,
    d: outer.b * inner.c + outer.d * inner.d,
    e: outer.a * inner.e + outer.c * inner.f + outer.e,
    f: outer.b * inner.e + outer.d * inner.f + outer.f,
  }
}
