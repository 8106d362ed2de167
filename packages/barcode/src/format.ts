import type { Lang } from './normSet.ts'

const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' }
const formatters = new Map<string, Intl.NumberFormat>()

/** Formats a number the way planners write it: `1.200` and `24,5` in Dutch, `1,200` and `24.5` in English. */
export function formatNumber(value: number, lang: Lang, decimals = 0): string {
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
