// Builders for small plans in tests: rectangles in world metres, readable ids.
import {
  type AmenityUse,
  type Area,
  asAreaId,
  asBlockId,
  type Block,
  type GreenUse,
  type Plan,
  rectangle,
  type Segment,
} from '@gebiedsbord/model'

/** An area as an axis-aligned rectangle from (x0, y0) to (x1, y1). */
export function rectArea(
  id: string,
  [x0, y0, x1, y1]: [number, number, number, number],
  extra: Partial<Omit<Area, 'id' | 'polygon'>> = {},
): Area {
  return {
    id: asAreaId(id),
    name: extra.name ?? id,
    polygon: [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ],
    ...extra,
  }
}

type Where = { x: number; y: number; w?: number; h?: number; floors?: number; rotation?: number }
const common = (id: string, at: Where) => ({
  id: asBlockId(id),
  x: at.x,
  y: at.y,
  rotation: at.rotation ?? 0,
  shape: rectangle(at.w ?? 10, at.h ?? 10),
  floors: at.floors ?? 1,
})

export const housing = (id: string, at: Where, dwellings: number, segment: Segment): Block => ({
  ...common(id, at),
  kind: 'housing',
  dwellings,
  segment,
})
export const amenity = (id: string, at: Where, use: AmenityUse): Block => ({
  ...common(id, at),
  kind: 'amenity',
  use,
})
export const green = (id: string, at: Where, use: GreenUse = 'park'): Block => ({
  ...common(id, at),
  kind: 'green',
  use,
})
export const parking = (id: string, at: Where, places: number): Block => ({
  ...common(id, at),
  kind: 'parking',
  places,
})
export const work = (id: string, at: Where): Block => ({ ...common(id, at), kind: 'work' })

/** A plan on a local metre frame. */
export function plan(areas: Area[], blocks: Block[], normSetId?: string): Plan {
  return {
    board: { name: 'test', frame: { kind: 'local' }, ...(normSetId ? { normSetId } : {}) },
    areas,
    blocks,
    parties: [],
  }
}

/** One hectare (100 × 100 m) area named A, of the given type. */
export const hectare = (areaType = 'stedelijk', id = 'A') => rectArea(id, [0, 0, 100, 100], { areaType })
