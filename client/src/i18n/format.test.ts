import { describe, expect, it } from 'vitest'
import { formatDistance, formatHa, formatInt, formatM2, formatPercent, formatRuleValue } from './format.ts'

describe('number formatting', () => {
  it('writes Dutch numbers as planners do', () => {
    expect(formatInt(6000, 'nl')).toBe('6.000')
    expect(formatM2(1200, 'nl')).toBe('1.200 m²')
    expect(formatHa(24, 'nl')).toBe('24,0 ha')
    expect(formatHa(9.24, 'nl')).toBe('9,2 ha')
    expect(formatPercent(30, 'nl')).toBe('30%')
    expect(formatPercent(29.63, 'nl')).toBe('29,6%')
  })

  it('writes English numbers', () => {
    expect(formatInt(6000, 'en')).toBe('6,000')
    expect(formatM2(1199.6, 'en')).toBe('1,200 m²')
    expect(formatHa(24, 'en')).toBe('24.0 ha')
  })

  it('formats rule values by unit', () => {
    expect(formatRuleValue(29.63, '%', 'nl')).toBe('29,6%')
    expect(formatRuleValue(1234.4, 'm²', 'nl')).toBe('1.234 m²')
    expect(formatRuleValue(0.854, 'pp/wo', 'nl')).toBe('0,85 pp/wo')
    expect(formatRuleValue(58.66, 'wo/ha', 'en')).toBe('58.7 wo/ha')
  })

  it('formats scale-bar distances', () => {
    expect(formatDistance(50, 'nl')).toBe('50 m')
    expect(formatDistance(0.5, 'nl')).toBe('0,5 m')
    expect(formatDistance(2000, 'nl')).toBe('2 km')
    expect(formatDistance(10000, 'en')).toBe('10 km')
  })

  it('never prints a negative zero', () => {
    expect(formatHa(-0, 'nl')).toBe('0,0 ha')
  })
})
