import { formatNumber, type Lang } from '@gebiedsbord/barcode'

export type { Lang }

const fixed = new Map<string, Intl.NumberFormat>()
const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' }

/** A number with exactly `decimals` decimals: `24,0` in Dutch, `24.0` in English. */
export function formatFixed(value: number, lang: Lang, decimals: number): string {
  const key = `${lang}:${decimals}`
  let f = fixed.get(key)
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    })
    fixed.set(key, f)
  }
  return f.format(Object.is(value, -0) ? 0 : value)
}

/** A whole number with grouping: `6.000` in Dutch, `6,000` in English. */
export const formatInt = (value: number, lang: Lang): string => formatNumber(Math.round(value), lang, 0)

/** Square metres, whole: `1.200 m²`. */
export const formatM2 = (m2: number, lang: Lang): string => `${formatInt(m2, lang)} m²`

/** Hectares with one decimal: `24,0 ha`. */
export const formatHa = (ha: number, lang: Lang): string => `${formatFixed(ha, lang, 1)} ha`

/** A percentage: `30%`, `29,6%`. */
export const formatPercent = (pct: number, lang: Lang, decimals = 1): string =>
  `${formatNumber(pct, lang, decimals)}%`

/** Decimals shown for a rule's unit: shares and ratios need one or two, floor areas none. */
const UNIT_DECIMALS: Record<string, number> = {
  '%': 1,
  'wo/ha': 1,
  'm²/wo': 1,
  'pp/wo': 2,
  FTE: 2,
  halls: 2,
  'm²': 0,
}

/** A rule's value with its unit, as the barcode shows it: `29,6%`, `1.200 m²`, `0,85 pp/wo`. */
export function formatRuleValue(value: number, unit: string, lang: Lang): string {
  const decimals = UNIT_DECIMALS[unit] ?? 1
  const n = formatNumber(value, lang, decimals)
  return unit === '%' ? `${n}%` : `${n} ${unit}`
}

/** A distance for the scale bar: `50 m`, `0,5 m`, `2 km`. */
export function formatDistance(metres: number, lang: Lang): string {
  if (metres >= 1000) return `${formatNumber(metres / 1000, lang, 1)} km`
  return `${formatNumber(metres, lang, metres < 1 ? 2 : 0)} m`
}

/** A world coordinate in whole metres without grouping, as GIS tools write RD New: `155000`. */
export const formatCoordinate = (v: number): string => String(Math.round(v))
