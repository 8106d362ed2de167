import { describe, expect, it } from 'vitest'
import { fitScale, hex, POINTS_PER_PAPER_METRE, scaleBar } from './areaMap.ts'

describe('fitScale', () => {
  const box = { width: 515, height: 175 }

  it('picks the largest standard scale at which the extent fits the box', () => {
    // 232 m high needs 232 m × 2834.6 pt/m ÷ 175 pt ≈ 1:3,758 at least: 1:5,000.
    expect(fitScale(232, 232, box)).toBe(5000)
    // 50 m fits at 1:1,000 (141.7 pt) but not at 1:500 (283.5 pt > 175).
    expect(fitScale(50, 50, box)).toBe(1000)
  })

  it('takes a scale that fits exactly, and nothing larger', () => {
    const metres = (2500 * 175) / POINTS_PER_PAPER_METRE
    expect(fitScale(10, metres, box)).toBe(2500)
    expect(fitScale(10, metres * 1.001, box)).toBe(5000)
  })

  it('goes past the list with 1, 2 and 5 times a power of ten', () => {
    // 60 km wide needs about 1:330,000.
    expect(fitScale(60_000, 10, box)).toBe(500_000)
    expect(fitScale(200_000, 10, box)).toBe(2_000_000)
  })

  it('never draws larger than 1:100, however small the area', () => {
    expect(fitScale(0, 0, box)).toBe(100)
  })
})

describe('scaleBar', () => {
  it('is the longest round length within the room, measured at the scale', () => {
    // At 1:5,000 one point is 1.764 m on the ground: 128.75 pt holds 227 m, so 200 m.
    const bar = scaleBar(5000, 128.75)
    expect(bar.metres).toBe(200)
    expect(bar.points).toBeCloseTo((200 * POINTS_PER_PAPER_METRE) / 5000, 6)
    expect(scaleBar(1000, 100).metres).toBe(20)
    expect(scaleBar(2500, 100).metres).toBe(50)
  })
})

describe('hex', () => {
  it('reads #rgb and #rrggbb, not other CSS colours', () => {
    expect(hex('#ff8000')).toMatchObject({ red: 1, green: 128 / 255, blue: 0 })
    expect(hex('#F80')).toMatchObject({ red: 1, green: 136 / 255, blue: 0 })
    expect(hex('rebeccapurple')).toBeUndefined()
  })
})
