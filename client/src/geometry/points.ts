import type { Vec2 } from '@gebiedsbord/model'

/** A nominal type: the same runtime value, but the compiler keeps one coordinate space from standing in for another. */
export type Brand<T, B extends string> = T & { readonly __brand: B }

/** A point in world metres (RD New or a local frame): x east, y north. */
export type WorldPoint = Brand<Vec2, 'WorldMetres'>

/** A point in CSS pixels relative to the canvas' top-left corner: x right, y down. */
export type ScreenPoint = Brand<Vec2, 'ScreenPixels'>

/** Marks a pair as world metres (at a boundary: the model, a computed position). */
export const world = (x: number, y: number): WorldPoint => [x, y] as unknown as WorldPoint

/** Marks a pair as screen pixels (at a boundary: a pointer event). */
export const screen = (x: number, y: number): ScreenPoint => [x, y] as unknown as ScreenPoint
