import { describe, expect, it } from 'vitest'
import { fileStem } from './fileStem.ts'

describe('fileStem', () => {
  it('keeps letters and digits of a board name, without accents', () => {
    expect(fileStem('Gebiedsbod Lombok–Oost, café ‘De Ruïne’')).toBe('Gebiedsbod-Lombok-Oost-cafe-De-Ruine')
    expect(fileStem('  ***  ')).toBe('gebiedsbord')
  })
})
