import { rdToWgs84, wgs84ToRd } from '@gebiedsbord/geo'
import { describe, expect, it } from 'vitest'
import { applyAffine } from './affine.ts'
import {
  lonLatToTile,
  placeWebMercatorTile,
  tileToLonLat,
  WEB_MERCATOR_MAX_LEVEL,
  webMercatorLevelFor,
  webMercatorTilesCovering,
} from './webMercatorTiles.ts'

/** The Domtoren in Utrecht: RD New metres and WGS84. */
const DOM_RD: [number, number] = [136_898, 455_861]

describe('web-mercator tiles on a board in RD New', () => {
  it('numbers tiles as OpenStreetMap does', () => {
    expect(lonLatToTile([0, 0], 1)).toEqual([1, 1])
    const [x0, y0] = lonLatToTile([-180, 85.051_128_78], 3)
    expect(x0).toBe(0)
    expect(y0).toBeCloseTo(0, 6)
    // The Netherlands lies in tile 2/2/1 (east of Greenwich, between 0° and 66.5° N).
    const [x, y] = lonLatToTile(rdToWgs84(DOM_RD), 2)
    expect([Math.floor(x), Math.floor(y)]).toEqual([2, 1])
    const back = tileToLonLat(lonLatToTile([5.1214, 52.0907], 15), 15)
    expect(back[0]).toBeCloseTo(5.1214, 9)
    expect(back[1]).toBeCloseTo(52.0907, 9)
  })

  it('chooses the level whose ground pixels match the view', () => {
    // At 52° N a level-16 pixel covers 2.39 · cos 52° ≈ 1.47 m.
    expect(webMercatorLevelFor(1.47, 52)).toBe(16)
    expect(webMercatorLevelFor(2.94, 52)).toBe(15)
    expect(webMercatorLevelFor(0.001, 52)).toBe(WEB_MERCATOR_MAX_LEVEL)
    expect(webMercatorLevelFor(1e7, 52)).toBe(0)
  })

  it('places each tile within a tenth of a metre of where its pixels project', () => {
    const [fx, fy] = lonLatToTile(rdToWgs84(DOM_RD), 16)
    const t = placeWebMercatorTile({ z: 16, x: Math.floor(fx), y: Math.floor(fy) })
    for (const [u, v] of [
      [128, 128],
      [256, 256],
      [40, 200],
    ] as const) {
      const exact = wgs84ToRd(tileToLonLat([t.x + u / 256, t.y + v / 256], 16))
      const placed = applyAffine(t.place, u, v)
      expect(Math.hypot(placed[0] - exact[0], placed[1] - exact[1])).toBeLessThan(0.1)
    }
    // The Dom lies in the tile it was found in.
    const inv = { u: (fx - t.x) * 256, v: (fy - t.y) * 256 }
    const dom = applyAffine(t.place, inv.u, inv.v)
    expect(Math.hypot(dom[0] - DOM_RD[0], dom[1] - DOM_RD[1])).toBeLessThan(0.1)
  })

  it('covers a view box with tiles whose union holds its corners', () => {
    const box = { minX: DOM_RD[0] - 600, maxX: DOM_RD[0] + 600, minY: DOM_RD[1] - 400, maxY: DOM_RD[1] + 400 }
    const z = 16
    const tiles = webMercatorTilesCovering(box, z)
    // 1200 m × 800 m at ~1.47 m a pixel is some 3.2 × 2.1 tiles: 4 to 5 columns, 3 to 4 rows.
    expect(tiles.length).toBeGreaterThanOrEqual(12)
    expect(tiles.length).toBeLessThanOrEqual(20)
    const keys = new Set(tiles.map((t) => t.key))
    for (const corner of [
      [box.minX, box.minY],
      [box.minX, box.maxY],
      [box.maxX, box.minY],
      [box.maxX, box.maxY],
    ] as const) {
      const [x, y] = lonLatToTile(rdToWgs84(corner), z)
      expect(keys.has(`${z}/${Math.floor(x)}/${Math.floor(y)}`)).toBe(true)
    }
    const [cx, cy] = lonLatToTile(rdToWgs84(DOM_RD), z)
    expect(tiles[0]?.key).toBe(`${z}/${Math.floor(cx)}/${Math.floor(cy)}`)
  })
})
