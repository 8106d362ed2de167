import { describe, expect, it } from 'vitest'
import { applyAffine } from './affine.ts'
import {
  placeRdTile,
  RD_TILE_MATRIX,
  rdLevelFor,
  rdResolution,
  rdTileAt,
  rdTileBox,
  rdTilesCovering,
} from './rdTiles.ts'
import { tileUrl } from './tiles.ts'

/** The Domtoren in Utrecht, in RD New metres. */
const DOM: [number, number] = [136_898, 455_861]

describe('the RD New tile matrix of PDOK', () => {
  it('halves the resolution per level, from 3440.64 m to 0.21 m a pixel', () => {
    expect(rdResolution(0)).toBe(3440.64)
    expect(rdResolution(12)).toBeCloseTo(0.84, 12)
    expect(rdResolution(RD_TILE_MATRIX.maxLevel)).toBeCloseTo(0.21, 12)
  })

  it('covers the whole extent with one tile at level 0, centred on Amersfoort', () => {
    const box = rdTileBox({ z: 0, x: 0, y: 0 })
    expect(box.minX).toBeCloseTo(-285_401.92, 6)
    expect(box.maxX).toBeCloseTo(595_401.92, 6)
    expect(box.minY).toBeCloseTo(22_598.08, 6)
    expect((box.minX + box.maxX) / 2).toBeCloseTo(155_000, 6)
    expect((box.minY + box.maxY) / 2).toBeCloseTo(463_000, 6)
  })

  it('finds the tile a known point lies in', () => {
    // By hand: (136 898 + 285 401.92) / (256 · 0.84) = 1963.82, (903 401.92 − 455 861) / 215.04 = 2081.20.
    expect(rdTileAt(DOM, 12)).toEqual({ z: 12, x: 1963, y: 2081 })
    expect(rdTileAt(DOM, 14)).toEqual({ z: 14, x: 7855, y: 8324 })
    const box = rdTileBox(rdTileAt(DOM, 12))
    expect(box.minX).toBeLessThanOrEqual(DOM[0])
    expect(box.maxX).toBeGreaterThan(DOM[0])
    expect(box.minY).toBeLessThan(DOM[1])
    expect(box.maxY).toBeGreaterThanOrEqual(DOM[1])
    expect(tileUrl('https://t.example.nl/{z}/{x}/{y}.png', rdTileAt(DOM, 12))).toBe(
      'https://t.example.nl/12/1963/2081.png',
    )
  })

  it('places a tile with its top-left pixel at the box corner and y pointing south', () => {
    const t = placeRdTile({ z: 12, x: 1963, y: 2081 })
    const box = rdTileBox(t)
    expect(applyAffine(t.place, 0, 0)).toEqual([box.minX, box.maxY])
    const [x, y] = applyAffine(t.place, 256, 256)
    expect(x).toBeCloseTo(box.maxX, 6)
    expect(y).toBeCloseTo(box.minY, 6)
    expect(t.key).toBe('12/1963/2081')
  })

  it('chooses the level whose pixels match the view', () => {
    expect(rdLevelFor(0.84)).toBe(12)
    expect(rdLevelFor(1.1)).toBe(12)
    expect(rdLevelFor(1.3)).toBe(11)
    expect(rdLevelFor(0.01)).toBe(RD_TILE_MATRIX.maxLevel)
    expect(rdLevelFor(500_000)).toBe(0)
  })

  it('lists the tiles that cover a view box, nearest the centre first', () => {
    const span = 256 * rdResolution(10)
    const o = { x: RD_TILE_MATRIX.originX, y: RD_TILE_MATRIX.originY }
    // From the middle of column 490 to the middle of column 492, rows 519.5 to 520.5.
    const box = {
      minX: o.x + 490.5 * span,
      maxX: o.x + 492.5 * span,
      minY: o.y - 520.5 * span,
      maxY: o.y - 519.5 * span,
    }
    const tiles = rdTilesCovering(box, 10)
    expect(tiles.map((t) => t.key).sort()).toEqual(
      ['10/490/519', '10/490/520', '10/491/519', '10/491/520', '10/492/519', '10/492/520'].sort(),
    )
    expect(tiles[0]?.x).toBe(491)
    for (const t of tiles) {
      const b = rdTileBox(t)
      expect(b.maxX > box.minX && b.minX < box.maxX && b.maxY > box.minY && b.minY < box.maxY).toBe(true)
    }
  })

  it('leaves out tiles beyond the matrix', () => {
    const far = { minX: -2_000_000, maxX: 2_000_000, minY: -2_000_000, maxY: 2_000_000 }
    expect(rdTilesCovering(far, 0).map((t) => t.key)).toEqual(['0/0/0'])
    expect(rdTilesCovering(far, 1)).toHaveLength(4)
    expect(rdTilesCovering({ minX: 1e7, maxX: 1e7 + 10, minY: 0, maxY: 10 }, 5)).toEqual([])
  })
})
