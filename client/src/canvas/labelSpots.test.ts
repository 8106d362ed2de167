import { type Area, asAreaId, type BBox, type Vec2 } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { LabelSpots } from './labelSpots.ts'

const square = (x: number, y: number, side: number): Vec2[] => [
  [x, y],
  [x + side, y],
  [x + side, y + side],
  [x, y + side],
]
const area = (polygon: Vec2[]): Area => ({ id: asAreaId('merwede'), name: 'Merwede', polygon })
const meets = (a: BBox, b: BBox) =>
  a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY

/** Block boxes the labels avoid, and how many times the index was searched. */
function board() {
  const blocks: BBox[] = []
  let searches = 0
  const crowding = (box: BBox) => {
    searches++
    return blocks.filter((b) => meets(b, box)).length
  }
  return { blocks, crowding, searches: () => searches }
}

describe('label spots', () => {
  it('keep an area label where it was while the outline and the label size stay the same', () => {
    const b = board()
    const spots = new LabelSpots(b.crowding)
    const a = area(square(0, 0, 200))
    const first = spots.place(a, 40, 10)
    const searched = b.searches()
    expect(searched).toBeGreaterThan(0)
    expect(spots.place(a, 40, 10)).toBe(first)
    expect(spots.place({ ...a, name: 'Merwede-Noord' }, 40, 10)).toBe(first) // same outline
    expect(b.searches()).toBe(searched)
  })

  it('place the label anew when the outline or the label size changes', () => {
    const b = board()
    const spots = new LabelSpots(b.crowding)
    const a = area(square(0, 0, 200))
    const first = spots.place(a, 40, 10)
    const moved = spots.place(area(square(1000, 0, 200)), 40, 10)
    expect(moved[0]).toBeGreaterThan(1000)
    const searched = b.searches()
    spots.place(area(square(1000, 0, 200)), 80, 20) // zoomed out: bigger in metres
    expect(b.searches()).toBeGreaterThan(searched)
    expect(spots.place(a, 40, 10)).toEqual(first)
  })

  it('hold still when blocks come under a label until cleared, then move off them', () => {
    const b = board()
    const spots = new LabelSpots(b.crowding)
    const a = area(square(0, 0, 200))
    const first = spots.place(a, 40, 10)
    // A block dragged right under the label: while the gesture lasts, the label stays.
    b.blocks.push({ minX: first[0] - 5, maxX: first[0] + 5, minY: first[1] - 2, maxY: first[1] + 2 })
    expect(spots.place(a, 40, 10)).toBe(first)
    spots.clear()
    const next = spots.place(a, 40, 10)
    expect(next).not.toEqual(first)
    const box = { minX: next[0] - 20, maxX: next[0] + 20, minY: next[1] - 5, maxY: next[1] + 5 }
    expect(b.blocks.some((block) => meets(block, box))).toBe(false)
  })
})
