import type { Ring } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { addCornerAfter, moveCorner, outlineProblem, removeCorner } from './corners.ts'

const square: Ring = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
]

describe('corner edits', () => {
  it('moves one corner and leaves the others', () => {
    expect(moveCorner(square, 2, [12, 14])).toEqual([
      [0, 0],
      [10, 0],
      [12, 14],
      [0, 10],
    ])
  })

  it('adds a corner halfway along the next edge, wrapping after the last corner', () => {
    expect(addCornerAfter(square, 0)[1]).toEqual([5, 0])
    expect(addCornerAfter(square, 3)).toEqual([...square, [0, 5]])
    expect(outlineProblem(addCornerAfter(square, 1))).toBeNull()
  })

  it('removes a corner', () => {
    expect(removeCorner(square, 1)).toEqual([
      [0, 0],
      [10, 10],
      [0, 10],
    ])
  })
})

describe('outlineProblem', () => {
  it('accepts a simple outline', () => {
    expect(outlineProblem(square)).toBeNull()
  })

  it('refuses fewer than three corners', () => {
    expect(outlineProblem(removeCorner(removeCorner(square, 0), 0))).toBe('error.tooFewCorners')
  })

  it('refuses an outline that crosses itself', () => {
    // Swapping two corners makes a bow tie.
    expect(outlineProblem(moveCorner(moveCorner(square, 1, [10, 10]), 2, [10, 0]))).toBe(
      'error.selfIntersects',
    )
  })
})
