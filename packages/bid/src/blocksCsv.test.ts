import { asBlockId, type Block, type Plan, rectangle } from '@gebiedsbord/model'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { blocksCsv } from './blocksCsv.ts'
import { bidPlan } from './testBid.ts'

// A park on the border of Noord and Zuid (y = 455,200): a quarter in Noord, three quarters in Zuid.
const border: Block = {
  id: asBlockId('border-park'),
  kind: 'green',
  use: 'park',
  x: 136_010.5,
  y: 455_195,
  rotation: 30,
  shape: rectangle(20, 20),
  floors: 1,
}
const plan: Plan = { ...bidPlan, blocks: [...bidPlan.blocks, { ...border, rotation: 0 }] }

const rows = (text: string, delimiter: string) => parse(text, { delimiter, bom: true }) as string[][]

describe('blocksCsv', () => {
  it('writes one row per block in Dutch CSV, read back by a CSV parser', () => {
    const [header, ...body] = rows(blocksCsv(plan, { lang: 'nl' }), ';')
    expect(header).toEqual([
      'Id',
      'Naam',
      'Soort',
      'Gebieden (aandeel)',
      'Partij',
      'Woningen',
      'Segment',
      'Functie',
      'Parkeerplaatsen',
      'Bouwlagen',
      'Footprint m²',
      'Vloeroppervlak m² (BVO)',
      'x (RD New, m)',
      'y (RD New, m)',
      'Rotatie (°)',
    ])
    expect(body).toHaveLength(plan.blocks.length)
    expect(body[0]).toEqual([
      'n-social',
      'Blok A',
      'housing',
      'Noord 100%',
      'Woonstad Utrecht',
      '90',
      'social',
      '',
      '',
      '4',
      '1800',
      '7200',
      '136050',
      '455250',
      '0',
    ])
    expect(body.find((r) => r[0] === 'n-parking')?.slice(4, 12)).toEqual([
      'Bouwfonds',
      '',
      '',
      '',
      '160',
      '2',
      '1600',
      '3200',
    ])
    // Green is a surface: no floor area. Its shares are those the barcode counts.
    expect(body.at(-1)).toEqual([
      'border-park',
      '',
      'green',
      'Noord 25% | Zuid 75%',
      '',
      '',
      '',
      'park',
      '',
      '1',
      '400',
      '',
      '136010,5',
      '455195',
      '0',
    ])
  })

  it('writes English CSV with commas and decimal points', () => {
    const text = blocksCsv({ ...plan, blocks: [border] }, { lang: 'en', bom: false })
    expect(text.startsWith('Id,Label,Kind,Areas (share),')).toBe(true)
    const [, row] = rows(text, ',')
    // Rotated by 30°, the square's footprint reaches further into Noord.
    expect(row?.[3]).toMatch(/^Noord \d+(\.\d)?% \| Zuid \d+(\.\d)?%$/)
    expect(row?.slice(12)).toEqual(['136010.5', '455195', '30'])
  })

  it('names local metres for a board without georeference and leaves a block outside every area without areas', () => {
    const local: Plan = {
      ...plan,
      board: { ...plan.board, frame: { kind: 'local' } },
      blocks: [{ ...border, x: 0, y: 0 }],
    }
    const [header, row] = rows(blocksCsv(local, { lang: 'en' }), ',')
    expect(header?.slice(12, 14)).toEqual(['x (local, m)', 'y (local, m)'])
    expect(row?.[3]).toBe('')
  })
})
