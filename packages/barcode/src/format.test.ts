import { seededRandom } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { formatNumber } from './format.ts'

const LOCALE = { nl: 'nl-NL', en: 'en-GB' } as const

// formatNumber groups whole numbers itself and leaves the rest to Intl: both paths must agree.
describe('formatNumber', () => {
  const seed = 20261130
  it(`formats whole numbers exactly as Intl does (seed ${seed})`, () => {
    const rnd = seededRandom(seed)
    const values = [0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 1200, 99_999, 100_000, 999_999, 1_000_000]
    values.push(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER)
    for (let i = 0; i < 3000; i++) {
      const magnitude = 10 ** Math.floor(rnd() * 16)
      const v = Math.floor(rnd() * magnitude)
      values.push(rnd() < 0.2 ? -v : v)
    }
    for (const lang of ['nl', 'en'] as const)
      for (const decimals of [0, 1, 2]) {
        const intl = new Intl.NumberFormat(LOCALE[lang], {
          maximumFractionDigits: decimals,
          minimumFractionDigits: 0,
        })
        for (const v of values)
          expect(formatNumber(v, lang, decimals), `seed ${seed}: ${v} ${lang} ${decimals}`).toBe(
            intl.format(v),
          )
      }
  })

  it('leaves -0, fractions and numbers beyond the safe range to Intl', () => {
    expect(formatNumber(-0, 'en')).toBe('-0')
    expect(formatNumber(24.5, 'nl', 1)).toBe('24,5')
    expect(formatNumber(1234.56, 'en', 1)).toBe('1,234.6')
    expect(formatNumber(1e21, 'en')).toBe('1,000,000,000,000,000,000,000')
  })
})
