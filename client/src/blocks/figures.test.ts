import { builtinNormSets } from '@gebiedsbord/barcode'
import { asBlockId, type Block } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { PALETTE, paletteIdOf } from './catalogue.ts'
import { deriveFigures, floorAreaM2, keyFigure } from './figures.ts'

const id = asBlockId('b1')
const make = (paletteId: string): Block => {
  const item = PALETTE.find((p) => p.id === paletteId)
  if (!item) throw new Error(paletteId)
  return item.make(id, [0, 0])
}

describe('block figures', () => {
  it('shows the key figure of each kind', () => {
    const housing = { ...make('housing-social'), dwellings: 120 } as Block
    expect(keyFigure(housing, 'nl')).toBe('120 wo')
    expect(keyFigure(make('amenity-retail'), 'nl')).toBe('1.200 m²')
    expect(keyFigure(make('parking'), 'en')).toBe('60 pl')
    expect(keyFigure(make('green-park'), 'nl')).toBe('6.000 m²')
  })

  it('counts floor area as footprint × floors', () => {
    expect(floorAreaM2(make('housing-social'))).toBe(40 * 15 * 4)
  })

  it('derives residents and pupils from the norm set', () => {
    const set = builtinNormSets().get('nl-reference')
    if (!set) throw new Error('no nl-reference')
    const f = deriveFigures({ ...make('housing-social'), dwellings: 100 } as Block, set, 'stedelijk')
    expect(f.residents).toBeGreaterThan(100)
    expect(f.pupils).toBeGreaterThan(0)
    expect(deriveFigures(make('water'), set, 'stedelijk').residents).toBe(0)
  })

  it('places every palette entry as a block of its own entry', () => {
    for (const item of PALETTE) expect(paletteIdOf(item.make(id, [1, 2]))).toBe(item.id)
  })
})
