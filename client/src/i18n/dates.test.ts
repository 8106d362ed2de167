import { describe, expect, it } from 'vitest'
import { formatDay, formatMoment, formatTime } from './dates.ts'

describe('dates', () => {
  const at = new Date(2026, 2, 5, 14, 5).getTime()

  it('writes times of today as the time alone, other days with the date', () => {
    expect(formatTime(at, 'nl')).toBe('14:05')
    expect(formatMoment(at, 'nl', at + 60_000)).toBe('14:05')
    expect(formatMoment(at, 'nl', at + 2 * 86_400_000)).toMatch(/^5 mrt\.?,? 14:05$/)
    expect(formatMoment(at, 'en', new Date(2027, 0, 1).getTime())).toMatch(/5 Mar 2026.*14:05/)
  })

  it('writes the year of another year also after a date of this year, and not the reverse', () => {
    const thisYear = new Date(2026, 5, 1).getTime()
    const lastYear = new Date(2025, 2, 5, 14, 5).getTime()
    for (const lang of ['nl', 'en'] as const) {
      expect(formatMoment(at, lang, thisYear)).not.toMatch(/2026/)
      expect(formatMoment(lastYear, lang, thisYear)).toMatch(/2025/)
      expect(formatMoment(at, lang, thisYear)).not.toMatch(/2026/)
    }
  })

  // ICU versions differ in commas between the parts; the tests do not pin them.
  it('writes days in words, a heading with a capital', () => {
    expect(formatDay('2026-03-05', 'nl')).toBe('5 maart 2026')
    expect(formatDay('2026-03-05', 'nl', true)).toBe('Donderdag 5 maart 2026')
    expect(formatDay('2026-03-05', 'en', true)).toMatch(/^Thursday,? 5 March 2026$/)
  })
})
