import { describe, expect, it } from 'vitest'
import { exportFileName, exportUrl } from './exports.ts'

describe('exportUrl', () => {
  it('asks for the PDF and CSV in the given language, with the token in the query', () => {
    expect(exportUrl('b 1', 't&k', 'bid.pdf', 'nl')).toBe('/api/boards/b%201/bid.pdf?token=t%26k&lang=nl')
    expect(exportUrl('b1', 'tk', 'barcode.csv', 'en')).toBe('/api/boards/b1/barcode.csv?token=tk&lang=en')
  })

  it('asks for the whole-board backup without a language, and names it .gebiedsbord', () => {
    expect(exportUrl('b1', 'tk', 'backup', 'nl')).toBe('/api/boards/b1/backup?token=tk')
    expect(exportFileName('Gebiedsbod Zuid', 'backup')).toBe('Gebiedsbod-Zuid.gebiedsbord')
  })

  it('asks for GeoJSON in WGS84 or RD New', () => {
    expect(exportUrl('b1', 'tk', 'plan.geojson', 'nl')).toBe('/api/boards/b1/plan.geojson?token=tk&crs=wgs84')
    expect(exportUrl('b1', 'tk', 'plan-rd.geojson', 'nl')).toBe(
      '/api/boards/b1/plan.geojson?token=tk&crs=rd-new',
    )
  })
})

describe('exportFileName', () => {
  it('keeps letters and digits of the board name, drops accents and separators', () => {
    expect(exportFileName('Gebiedsbod Merwedekanaalzone / fase 2', 'bid.pdf')).toBe(
      'Gebiedsbod-Merwedekanaalzone-fase-2-bid.pdf',
    )
    expect(exportFileName('Coöperatie Zuid', 'plan-rd.geojson')).toBe('Cooperatie-Zuid-rd.geojson')
  })

  it('names a board without usable letters after the app', () => {
    expect(exportFileName('///', 'blocks.csv')).toBe('gebiedsbord-blocks.csv')
  })
})
