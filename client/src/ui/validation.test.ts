import { describe, expect, it } from 'vitest'
import { parseNumber, positive, wholeFloors, wholeNonNegative } from './validation.ts'

describe('number input', () => {
  it('reads Dutch and English notation', () => {
    expect(parseNumber('1.200', 'nl')).toBe(1200)
    expect(parseNumber('1.200,5', 'nl')).toBe(1200.5)
    expect(parseNumber('24,5', 'nl')).toBe(24.5)
    expect(parseNumber('12.5', 'nl')).toBe(12.5)
    expect(parseNumber('1,200.5', 'en')).toBe(1200.5)
    expect(parseNumber('-3', 'en')).toBe(-3)
    expect(parseNumber('', 'en')).toBeNull()
    expect(parseNumber('12a', 'nl')).toBeNull()
  })

  it('validates dwellings, floors and sizes', () => {
    expect(wholeNonNegative(0)).toBeNull()
    expect(wholeNonNegative(-1)).toBe('error.wholeNumber')
    expect(wholeNonNegative(2.5)).toBe('error.wholeNumber')
    expect(wholeFloors(0)).toBe('error.wholeFloors')
    expect(wholeFloors(3)).toBeNull()
    expect(positive(0)).toBe('error.positive')
  })
})
