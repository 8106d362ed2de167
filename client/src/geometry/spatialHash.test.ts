import { seededRandom } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { SpatialHash } from './spatialHash.ts'

const box = (x: number, y: number, w: number, h: number) => ({ minX: x, minY: y, maxX: x + w, maxY: y + h })

describe('spatial hash', () => {
  it('finds what meets a box, after moves and deletes', () => {
    const h = new SpatialHash<string>(10)
    h.set('a', box(0, 0, 5, 5))
    h.set('b', box(50, 50, 30, 30))
    h.set('c', box(-20, -20, 3, 3))
    expect(h.search(box(4, 4, 1, 1)).sort()).toEqual(['a'])
    expect(h.search(box(60, 60, 1, 1))).toEqual(['b'])
    h.set('a', box(70, 70, 2, 2))
    expect(h.search(box(0, 0, 5, 5))).toEqual([])
    expect(h.search(box(69, 69, 5, 5)).sort()).toEqual(['a', 'b'])
    h.delete('b')
    expect(h.search(box(69, 69, 5, 5))).toEqual(['a'])
    expect(h.size).toBe(2)
  })

  it('agrees with a linear scan (seeded)', () => {
    const rnd = seededRandom(7)
    const h = new SpatialHash<number>(25)
    const boxes = new Map<number, ReturnType<typeof box>>()
    for (let i = 0; i < 500; i++) {
      const b = box(rnd() * 1000 - 500, rnd() * 1000 - 500, rnd() * 80, rnd() * 80)
      boxes.set(i, b)
      h.set(i, b)
    }
    for (let i = 0; i < 200; i++) {
      const id = Math.floor(rnd() * 500)
      const b = box(rnd() * 1000 - 500, rnd() * 1000 - 500, rnd() * 80, rnd() * 80)
      boxes.set(id, b)
      h.set(id, b)
    }
    for (let q = 0; q < 100; q++) {
      const query = box(rnd() * 1000 - 500, rnd() * 1000 - 500, rnd() * 300, rnd() * 300)
      const expected = [...boxes]
        .filter(
          ([, b]) =>
            b.minX <= query.maxX && query.minX <= b.maxX && b.minY <= query.maxY && query.minY <= b.maxY,
        )
        .map(([k]) => k)
        .sort((a, b) => a - b)
      expect(h.search(query).sort((a, b) => a - b)).toEqual(expected)
    }
  })
})
