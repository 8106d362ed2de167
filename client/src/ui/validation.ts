import type { MessageKey } from '../i18n/messages.ts'

/** Checks a typed number; returns the message key of what is wrong, or null. */
export type NumberRule = (v: number) => MessageKey | null

/** Whole numbers of 0 or more: dwellings, parking places. */
export const wholeNonNegative: NumberRule = (v) =>
  Number.isInteger(v) && v >= 0 ? null : 'error.wholeNumber'
/** Whole floors, at least one. */
export const wholeFloors: NumberRule = (v) => (Number.isInteger(v) && v >= 1 ? null : 'error.wholeFloors')
/** Lengths: more than zero. */
export const positive: NumberRule = (v) => (v > 0 ? null : 'error.positive')
/** Any finite number (coordinates, angles). */
export const anyNumber: NumberRule = () => null

/**
 * Reads a number typed in either language's notation: `1.200,5` or `1200,5` in Dutch, `1,200.5`
 * in English; plain `12.5` is read as a decimal point in both when it cannot be a thousands group.
 */
export function parseNumber(text: string, lang: 'nl' | 'en'): number | null {
  const raw = text.trim().replace(/\s/g, '')
  if (raw === '') return null
  let norm = raw
  if (lang === 'nl') {
    if (raw.includes(',')) norm = raw.replace(/\./g, '').replace(',', '.')
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(raw)) norm = raw.replace(/\./g, '')
  } else norm = raw.replace(/,/g, '')
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(norm)) return null
  const v = Number(norm)
  return Number.isFinite(v) ? v : null
}
