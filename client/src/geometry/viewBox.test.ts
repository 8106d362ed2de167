import { describe, expect, it } from 'vitest'
import { type Camera, fitBox, viewCentre, visibleBox } from './camera.ts'
import { cameraForViewBox, easeCamera, readViewBox, sameViewBox, viewBoxOf } from './viewBox.ts'

const size = { width: 1000, height: 600 }
const centreOf = (c: Camera) => viewCentre(c, size)

describe('view boxes', () => {
  it('are what the camera shows, rounded to millimetres', () => {
    const cam: Camera = { x: 123.4567, y: 89.1234, scale: 3 }
    const box = viewBoxOf(cam, size)
    const exact = visibleBox(cam, size)
    expect(box.x0).toBeCloseTo(exact.minX, 3)
    expect(box.y1).toBeCloseTo(exact.maxY, 3)
    expect(Math.round(box.x0 * 1000)).toBe(box.x0 * 1000)
  })

  it('show the same area on a screen of another shape: the whole box, centred', () => {
    const box = { x0: 100, y0: 200, x1: 300, y1: 300 }
    const tall = { width: 400, height: 900 }
    const c = cameraForViewBox(box, tall)
    const seen = visibleBox(c, tall)
    expect(seen.minX).toBeCloseTo(100, 6)
    expect(seen.maxX).toBeCloseTo(300, 6)
    expect(seen.minY).toBeLessThanOrEqual(200)
    expect(seen.maxY).toBeGreaterThanOrEqual(300)
    const mid = viewCentre(c, tall)
    expect(mid[0]).toBeCloseTo(200, 6)
    expect(mid[1]).toBeCloseTo(250, 6)
  })

  it('from a peer are read only when they are four finite numbers in order and of sane size', () => {
    expect(readViewBox({ x0: 1, y0: 2, x1: 3, y1: 4 })).toEqual({ x0: 1, y0: 2, x1: 3, y1: 4 })
    for (const bad of [
      null,
      'box',
      [1, 2, 3, 4],
      { x0: 1, y0: 2, x1: 3 },
      { x0: '1', y0: 2, x1: 3, y1: 4 },
      { x0: 3, y0: 2, x1: 1, y1: 4 },
      { x0: 1, y0: 2, x1: 1, y1: 4 },
      { x0: Number.NaN, y0: 2, x1: 3, y1: 4 },
      { x0: 1, y0: 2, x1: Number.POSITIVE_INFINITY, y1: 4 },
      { x0: -1e12, y0: 2, x1: 3, y1: 4 },
      { x0: 0, y0: 0, x1: 5e7, y1: 1 },
    ])
      expect(readViewBox(bad), JSON.stringify(bad)).toBeNull()
  })

  it('compare by value', () => {
    expect(sameViewBox({ x0: 1, y0: 2, x1: 3, y1: 4 }, { x0: 1, y0: 2, x1: 3, y1: 4 })).toBe(true)
    expect(sameViewBox({ x0: 1, y0: 2, x1: 3, y1: 4 }, { x0: 1, y0: 2, x1: 3, y1: 5 })).toBe(false)
    expect(sameViewBox(null, null)).toBe(true)
    expect(sameViewBox(null, { x0: 1, y0: 2, x1: 3, y1: 4 })).toBe(false)
  })
})

describe('easing a follower’s camera', () => {
  const from = fitBox({ minX: 0, minY: 0, maxX: 100, maxY: 60 }, size, 0)
  const goal = fitBox({ minX: 40, minY: 10, maxX: 120, maxY: 58 }, size, 0)

  it('moves part of the way each frame, towards the goal and not past it', () => {
    const next = easeCamera(from, goal, size, 16)
    expect(next).not.toBe(goal)
    const [a, b, n] = [centreOf(from), centreOf(goal), centreOf(next)]
    expect(n[0]).toBeGreaterThan(a[0])
    expect(n[0]).toBeLessThan(b[0])
    expect(next.scale).toBeGreaterThan(from.scale)
    expect(next.scale).toBeLessThan(goal.scale)
  })

  it('does not depend on the frame rate', () => {
    const twoFrames = easeCamera(easeCamera(from, goal, size, 8), goal, size, 8)
    const oneFrame = easeCamera(from, goal, size, 16)
    expect(twoFrames.scale).toBeCloseTo(oneFrame.scale, 9)
    expect(centreOf(twoFrames)[0]).toBeCloseTo(centreOf(oneFrame)[0], 6)
    expect(centreOf(twoFrames)[1]).toBeCloseTo(centreOf(oneFrame)[1], 6)
  })

  it('arrives: within a second of frames it snaps exactly onto the goal', () => {
    let c = from
    for (let i = 0; i < 60 && c !== goal; i++) c = easeCamera(c, goal, size, 16)
    expect(c).toBe(goal)
  })

  it('jumps instead of gliding over a whole province', () => {
    const far = fitBox({ minX: 136_000, minY: 455_000, maxX: 136_100, maxY: 455_060 }, size, 0)
    expect(easeCamera({ x: 0, y: 0, scale: 1 }, far, size, 16)).toBe(far)
  })
})
