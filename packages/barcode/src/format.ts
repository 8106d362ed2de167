import type { Lang } from './normSet.ts'

const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' }
const formatters = new Map<string, Intl.NumberFormat>()

// The digit-group separator of each locale, for whole numbers formatted without Intl.
const GROUP: Record<Lang, string> = { nl: '.', en: ',' }

/** Formats a number the way planners write it: `1.200` and `24,5` in Dutch, `1,200` and `24.5` in English. */
export function formatNumber(value: number, lang: Lang, decimals = 0): string {
  // Whole numbers (most hints: "+45 social dwellings") are grouped here: Intl's format costs about a
  // microsecond a call, and a report formats one or two numbers per failing rule. Intl prints a
  // whole number with no fraction digits whatever `decimals` is (the minimum is 0), and -0 as "-0",
  // which is left to it; format.test.ts checks this path against Intl.
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return groupDigits(value, GROUP[lang])
  const key = `${lang}:${decimals}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: decimals, minimumFractionDigits: 0 })
    formatters.set(key, f)
  }
  return f.format(value)
}

/** Rounds for reports: enough precision to read, stable across platforms. */
export function roundTo(value: number, decimals = 2): number {
  const f = 10 ** decimals
  const r = Math.round(value * f) / f
  return Object.is(r, -0) ? 0 : r
}

/** A safe integer's digits in groups of three, as en-GB and nl-NL print them (minus sign U+002D). */
function groupDigits(value: number, separator: string): string {
  const digits = String(Math.abs(value))
  let out = digits.slice(0, digits.length % 3 || 3)
  for (let i = out.length; i < digits.length; i += 3) out += separator + digits.slice(i, i + 3)
  return value < 0 ? `-${out}` : out
}
