import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvDecimals, csvNumber, toCsv } from './csv.ts'

describe('toCsv (RFC 4180)', () => {
  const rows = [
    ['naam', 'tekst', 'getal'],
    ['Noord; oost', 'zei "ja"\nen ging', 1234.5],
    ['café', '', -0.25],
  ]

  it('writes Dutch CSV with ; and decimal commas that a parser reads back', () => {
    const text = toCsv(rows, { lang: 'nl' })
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text).toContain('"Noord; oost";"zei ""ja""\nen ging";1234,5\r\n')
    expect(parse(text, { delimiter: ';', bom: true })).toEqual([
      ['naam', 'tekst', 'getal'],
      ['Noord; oost', 'zei "ja"\nen ging', '1234,5'],
      ['café', '', '-0,25'],
    ])
  })

  it('writes English CSV with , and points, quoting only what needs it', () => {
    const text = toCsv(rows, { lang: 'en', bom: false })
    expect(text.startsWith('naam,tekst,getal\r\n')).toBe(true)
    // A ; is no separator in English CSV: not quoted.
    expect(text).toContain('Noord; oost,"zei ""ja""\nen ging",1234.5\r\n')
    expect(parse(text, { bom: true })[2]).toEqual(['café', '', '-0.25'])
  })

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    const text = toCsv([['=HYPERLINK("x")', '+45 sociale huurwoningen', '@SUM(A1)', 'veilig']], {
      lang: 'en',
      bom: false,
    })
    expect(parse(text)[0]).toEqual(['\'=HYPERLINK("x")', "'+45 sociale huurwoningen", "'@SUM(A1)", 'veilig'])
  })

  it('writes numbers without thousands separators, rounded to their decimals, empty for none', () => {
    expect(csvNumber(136_000.1234, 'nl', 3)).toBe('136000,123')
    expect(csvNumber(2 / 3, 'en')).toBe('0.67')
    expect(csvNumber(-0.001, 'en')).toBe('0')
    expect(toCsv([[csvDecimals(1.23456, 1), null, undefined, Number.NaN]], { lang: 'nl', bom: false })).toBe(
      '1,2;;;\r\n',
    )
  })
})
