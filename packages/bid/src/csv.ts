import { type Lang, roundTo } from '@gebiedsbord/barcode'

/** A number with the decimals to write it with (a plain number is written with up to 2). */
export interface CsvNumber {
  readonly value: number
  readonly decimals: number
}

/** A CSV field: text, a number (written in the language's decimal style) or empty. */
export type CsvCell = string | number | CsvNumber | null | undefined

/** A number field written with up to `decimals` decimals. */
export const csvDecimals = (value: number, decimals: number): CsvNumber => ({ value, decimals })

/** How a CSV file is written. */
export interface CsvOptions {
  /**
   * `nl`: `;` between fields and a decimal comma, which Excel with Dutch regional settings opens
   * into columns and numbers; `en`: `,` and a decimal point.
   */
  readonly lang: Lang
  /**
   * Start with a UTF-8 byte order mark (default true): without it Excel reads the file as the
   * local 8-bit code page and breaks diacritics and `m²`.
   */
  readonly bom?: boolean
}

/** The field separator of a language's CSV. */
export const csvSeparator = (lang: Lang): string => (lang === 'nl' ? ';' : ',')

/**
 * A number as a CSV field: rounded to `decimals`, no thousands separator (Excel would read
 * `1.200` as 1.2 in one locale and 1200 in another), a decimal comma in Dutch.
 */
export function csvNumber(value: number, lang: Lang, decimals = 2): string {
  const text = String(roundTo(value, decimals))
  return lang === 'nl' ? text.replace('.', ',') : text
}

// Text that a spreadsheet would run as a formula (OWASP "CSV injection"): labels and comments are
// typed by anyone holding the edit link, so such text is prefixed with an apostrophe, which
// spreadsheets show as text and do not run.
const FORMULA_START = /^[=+\-@\t\r]/

function field(cell: CsvCell, options: CsvOptions, separator: string): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'number') return Number.isFinite(cell) ? csvNumber(cell, options.lang) : ''
  if (typeof cell === 'object')
    return Number.isFinite(cell.value) ? csvNumber(cell.value, options.lang, cell.decimals) : ''
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell
  // RFC 4180 §2.6–2.7: a field holding the separator, a quote or a line break is quoted, quotes doubled.
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Writes rows as CSV (RFC 4180): fields quoted only where needed, records ended by CRLF,
 * UTF-8 text (with a byte order mark unless `bom` is false). Numbers use the language's decimal
 * style (see `csvNumber`).
 */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions): string {
  const separator = csvSeparator(options.lang)
  const body = rows.map((r) => `${r.map((c) => field(c, options, separator)).join(separator)}\r\n`).join('')
  return (options.bom ?? true) ? `\uFEFF${body}` : body
}
