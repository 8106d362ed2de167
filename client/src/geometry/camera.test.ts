import { describe, expect, it } from 'vitest'
import {
  type Camera,
  fitBox,
  isTrackpadScroll,
  MAX_SCALE,
  pinchStep,
  screenToWorld,
  visibleBox,
  worldToScreen,
  zoomAt,
} from './camera.ts'
import { screen, world } from './points.ts'

const cam: Camera = { x: 100, y: 200, scale: 2 }

describe('camera', () => {
  it('flips y: north is up on screen', () => {
    expect(worldToScreen(cam, world(10, 10))).toEqual([120, 180])
    expect(screenToWorld(cam, screen(120, 180))).toEqual([10, 10])
  })

  it('keeps the point under the pointer in place when zooming', () => {
    const anchor = screen(300, 50)
    const before = screenToWorld(cam, anchor)
    const after = screenToWorld(zoomAt(cam, anchor, 3.7), anchor)
    expect(after[0]).toBeCloseTo(before[0], 9)
    expect(after[1]).toBeCloseTo(before[1], 9)
  })

  it('clamps zoom', () => {
    expect(zoomAt(cam, screen(0, 0), 1e9).scale).toBe(MAX_SCALE)
  })

  it('fits a box centred in the viewport', () => {
    const box = { minX: 1000, minY: 2000, maxX: 1400, maxY: 2200 }
    const c = fitBox(box, { width: 1000, height: 600 }, 50)
    expect(c.scale).toBeCloseTo(900 / 400)
    const v = visibleBox(c, { width: 1000, height: 600 })
    expect((v.minX + v.maxX) / 2).toBeCloseTo(1200)
    expect((v.minY + v.maxY) / 2).toBeCloseTo(2100)
    expect(v.minX).toBeLessThanOrEqual(box.minX)
    expect(v.maxY).toBeGreaterThanOrEqual(box.maxY)
  })

  it('tells a trackpad scroll from a mouse wheel and a pinch', () => {
    expect(isTrackpadScroll({ deltaX: 3, deltaY: 1, deltaMode: 0, ctrlKey: false })).toBe(true)
    expect(isTrackpadScroll({ deltaX: 0, deltaY: 4.5, deltaMode: 0, ctrlKey: false })).toBe(true)
    expect(isTrackpadScroll({ deltaX: 0, deltaY: 100, deltaMode: 0, ctrlKey: false })).toBe(false)
    expect(isTrackpadScroll({ deltaX: 0, deltaY: 3, deltaMode: 1, ctrlKey: false })).toBe(false)
    expect(isTrackpadScroll({ deltaX: 0, deltaY: 2, deltaMode: 0, ctrlKey: true })).toBe(false)
  })
})

describe('pinchStep', () => {
  const c = { x: 100, y: 500, scale: 2 }
  it('zooms by the change in finger distance and keeps the world point under the fingers', () => {
    const from = [screen(200, 300), screen(300, 300)] as const
    const to = [screen(150, 300), screen(350, 300)] as const // twice as far apart, same midpoint
    const next = pinchStep(c, from, to)
    expect(next.scale).toBeCloseTo(4, 9)
    const under = screenToWorld(c, screen(250, 300))
    const after = screenToWorld(next, screen(250, 300))
    expect(after[0]).toBeCloseTo(under[0], 9)
    expect(after[1]).toBeCloseTo(under[1], 9)
  })
  it('pans with the midpoint when the fingers move together', () => {
    const next = pinchStep(c, [screen(200, 300), screen(300, 300)], [screen(230, 320), screen(330, 320)])
    expect(next).toEqual({ x: 130, y: 520, scale: 2 })
  })
})
