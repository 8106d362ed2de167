import { formatNumber, type Interval, type Lang } from '@gebiedsbord/barcode'

/*
 * Figures as the bid's readers write them (`1.200`, `24,5` in Dutch), with as many decimals as
 * a figure of its size needs: a share of 27.3%, a GP capacity of 0.43 FTE, 1,200 m².
 */

const decimalsFor = (v: number): number => (Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0)

/** A figure for the PDF; a dash for none. */
export function figure(value: number | null | undefined, lang: Lang, decimals?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–'
  if (!Number.isFinite(value)) return '∞'
  return formatNumber(value, lang, decimals ?? decimalsFor(value))
}

/** A percentage, `27,3%`; a dash for none. */
export const percentText = (value: number | null | undefined, lang: Lang): string =>
  value === null || value === undefined ? '–' : `${figure(value, lang, 1)}%`

/** A figure with its unit, `812 m²`, `27,3 %`. */
export const withUnit = (value: number | null | undefined, unit: string, lang: Lang): string =>
  value === null || value === undefined ? '–' : `${figure(value, lang)} ${unit}`

/** A band, `≥ 30 %`, `≤ 20 %` or `0,8 – 1,2 pp/wo`; a dash for none. */
export function bandText(band: Interval | undefined, unit: string, lang: Lang): string {
  if (!band) return '–'
  const { min, max } = band
  if (min !== undefined && max !== undefined) return `${figure(min, lang)} – ${figure(max, lang)} ${unit}`
  if (min !== undefined) return `≥ ${figure(min, lang)} ${unit}`
  if (max !== undefined) return `≤ ${figure(max, lang)} ${unit}`
  return '–'
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * A moment as a date (and time) in Dutch time: the bid is read in the Netherlands, and the
 * server that writes it may run in any time zone.
 */
export function dateText(ms: number, lang: Lang, withTime = true): string {
  const key = `${lang}:${withTime}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: 'Europe/Amsterdam',
    })
    formatters.set(key, f)
  }
  return f.format(ms)
}
