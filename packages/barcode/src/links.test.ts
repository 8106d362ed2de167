import { asBlockId } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { type BlockEntry, readBlock, scratchBox } from './blockEntry.ts'
import { type AreaBlocks, areasOf, linkBlock, removeArea, removeFromArea, totalShare } from './links.ts'
import { housing } from './testPlans.ts'

const area = (id: string): AreaBlocks => ({ id, blocks: [], shares: [] })
const entry = (id: string): BlockEntry => readBlock(housing(id, { x: 0, y: 0 }, 10, 'social'), scratchBox())

describe('links between blocks and areas', () => {
  it('keeps each area in block-id order and each block in link order', () => {
    const [a, b, c] = [area('A'), area('B'), area('C')]
    const [b1, b2, b3] = [entry('b1'), entry('b2'), entry('b3')]
    linkBlock(b3, a, 0.5)
    linkBlock(b1, a, 0.25)
    linkBlock(b2, a, 1)
    expect(a.blocks.map((x) => x.id)).toEqual([asBlockId('b1'), 'b2', 'b3'])
    expect(a.shares).toEqual([0.25, 1, 0.5])
    linkBlock(b1, b, 0.5)
    linkBlock(b1, c, 0.125)
    expect(areasOf(b1).map((x) => x.id)).toEqual(['A', 'B', 'C'])
    expect(totalShare(b1)).toBe(0.25 + 0.5 + 0.125)
    expect(areasOf(b2).map((x) => x.id)).toEqual(['A'])
  })

  it('removes an area from a block, whether first or later, keeping the order of the rest', () => {
    const [a, b, c] = [area('A'), area('B'), area('C')]
    const b1 = entry('b1')
    for (const x of [a, b, c]) linkBlock(b1, x, 0.25)
    removeArea(b1, a)
    expect(areasOf(b1).map((x) => x.id)).toEqual(['B', 'C'])
    removeArea(b1, c)
    expect(areasOf(b1).map((x) => x.id)).toEqual(['B'])
    expect(b1.more).toBeNull()
    removeArea(b1, a) // not linked: nothing happens
    removeArea(b1, b)
    expect(areasOf(b1)).toEqual([])
    expect(totalShare(b1)).toBe(0)
  })

  it('removes a block from an area with its share', () => {
    const a = area('A')
    const [b1, b2, b3] = [entry('b1'), entry('b2'), entry('b3')]
    linkBlock(b1, a, 0.1)
    linkBlock(b2, a, 0.2)
    linkBlock(b3, a, 0.3)
    removeFromArea(a, b2)
    removeFromArea(a, b2)
    expect(a.blocks).toEqual([b1, b3])
    expect(a.shares).toEqual([0.1, 0.3])
  })

  it('finds each block of a large area at its own place, also when two entries share an id', () => {
    const a = area('A')
    const ids = Array.from({ length: 500 }, (_, i) => `b${String((i * 7919) % 500).padStart(3, '0')}`)
    const blocks = ids.map(entry)
    for (const [i, b] of blocks.entries()) linkBlock(b, a, (i + 1) / 1000)
    for (const [i, b] of blocks.entries()) expect(totalShare(b)).toBe((i + 1) / 1000)
    // A replaced entry (same id, new object) linked before the old one is removed.
    const old = blocks[250] as BlockEntry
    const replaced = entry(old.id)
    linkBlock(replaced, a, 0.75)
    expect(totalShare(old)).toBe(251 / 1000)
    expect(totalShare(replaced)).toBe(0.75)
    removeFromArea(a, old)
    expect(a.blocks.includes(old)).toBe(false)
    expect(totalShare(replaced)).toBe(0.75)
    expect(a.blocks.length).toBe(500)
  })
})
