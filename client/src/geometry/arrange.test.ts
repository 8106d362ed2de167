import { describe, expect, it } from 'vitest'
import { align, distribute } from './arrange.ts'

const box = (x: number, y: number, w: number, h: number) => ({ minX: x, minY: y, maxX: x + w, maxY: y + h })

describe('arrange', () => {
  const items = [
    { id: 'a', box: box(0, 0, 10, 10) },
    { id: 'b', box: box(30, 5, 20, 10) },
    { id: 'c', box: box(12, 40, 4, 4) },
  ]

  it('aligns to the outermost edge', () => {
    expect(align(items, 'left')).toEqual([
      { id: 'b', dx: -30, dy: 0 },
      { id: 'c', dx: -12, dy: 0 },
    ])
    expect(align(items, 'top').map((s) => s.dy)).toEqual([34, 29])
  })

  it('aligns centres', () => {
    const s = align(items, 'centre-y')
    // Centre x of the selection is 25.
    expect(s.find((x) => x.id === 'a')?.dx).toBe(20)
  })

  it('distributes with equal gaps, keeping the outermost', () => {
    const row = [
      { id: 'a', box: box(0, 0, 10, 1) },
      { id: 'b', box: box(12, 0, 10, 1) },
      { id: 'c', box: box(90, 0, 10, 1) },
    ]
    // Span 100, boxes 30, two gaps of 35: b goes to 45.
    expect(distribute(row, 'x')).toEqual([{ id: 'b', dx: 33, dy: 0 }])
  })

  it('needs enough items', () => {
    expect(align(items.slice(0, 1), 'left')).toEqual([])
    expect(distribute(items.slice(0, 2), 'x')).toEqual([])
  })
})
