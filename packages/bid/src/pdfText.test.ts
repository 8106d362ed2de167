import { PDFDocument, StandardFonts } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { drawableText } from './pdfText.ts'

// The code points the PDF's Helvetica (WinAnsi) encodes, from pdf-lib itself.
const doc = await PDFDocument.create({ updateMetadata: false })
const helvetica = new Set((await doc.embedFont(StandardFonts.Helvetica)).getCharacterSet())
const has = (cp: number) => helvetica.has(cp)

describe('drawableText', () => {
  it('keeps Dutch diacritics, m², dashes and quotes, which WinAnsi has', () => {
    const text = 'Café ‘De Ruïne’ – één 1.200 m² … 24,0 ha, € 5'
    expect(drawableText(text, has)).toBe(text)
  })

  it('types the signs the font lacks', () => {
    expect(drawableText('≥ 30 % → ≤ 20 % − 5', has)).toBe('>= 30 % -> <= 20 % - 5')
    expect(drawableText('1\u202f200 ≈ 1.2k', has)).toBe('1 200 ~ 1.2k')
  })

  it('drops accents the font lacks and marks what is left unknown', () => {
    // ó is in WinAnsi, ź and Ō are not; Ł does not decompose.
    expect(drawableText('Łódź Ōsaka', has)).toBe('?ódz Osaka')
    expect(drawableText('标准', has)).toBe('??')
  })

  it('gives text that pdf-lib can encode', async () => {
    const page = doc.addPage()
    const font = await doc.embedFont(StandardFonts.Helvetica)
    const text = 'green ≥ 75 m²/wo → +15.000 m² groen − ĳs 标'
    expect(() => page.drawText(text, { font })).toThrow()
    expect(() => page.drawText(drawableText(text, has), { font })).not.toThrow()
  })
})
