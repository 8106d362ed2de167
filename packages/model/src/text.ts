/**
 * Limits and checks for what people type into the board: comments, decisions and the names
 * attached to them. Commands throw a RangeError with the reason these functions give; decoders
 * report the same reason for a record a faulty peer wrote.
 */

/**
 * Most characters in a comment or decision text, counted in UTF-16 code units as a textarea's
 * `maxlength` counts them, so that the client's input limit and the model's agree.
 */
export const MAX_TEXT_LENGTH = 2000

/** Most characters in an author's or an owner's name: room for "Gemeente X, afdeling Y". */
export const MAX_NAME_LENGTH = 100

/** Who wrote a comment or recorded a decision: the name they gave on the board and their colour. */
export interface Author {
  readonly name: string
  /** Their presence colour as `#rrggbb`; checked, because clients paint it as CSS. */
  readonly colour?: string
}

/** Whether a value is a colour written `#rrggbb`, the only form stored (clients paint it as CSS). */
export const isColour = (v: unknown): v is string => typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v)

/**
 * Why a text cannot be stored (`what` names it in the message), or undefined when it can.
 * The text is judged as it will be stored: trimmed.
 */
export function textProblem(what: string, text: unknown, max: number = MAX_TEXT_LENGTH): string | undefined {
  if (typeof text !== 'string') return `${what} must be a string`
  const trimmed = text.trim()
  if (trimmed === '') return `${what} must not be empty`
  if (trimmed.length > max) return `${what} is ${trimmed.length} characters long; at most ${max} are allowed`
  return undefined
}

/** Why an author cannot be stored, or undefined when it can. */
export function authorProblem(author: { name?: unknown; colour?: unknown }): string | undefined {
  const name = textProblem('author name', author.name, MAX_NAME_LENGTH)
  if (name) return name
  if (author.colour !== undefined && !isColour(author.colour))
    return `author colour must be #rrggbb, got ${JSON.stringify(author.colour)}`
  return undefined
}

/** Throws a RangeError with the problem, if any: commands check their arguments before writing. */
export function assertValid(problem: string | undefined): void {
  if (problem) throw new RangeError(problem)
}

/** Whether `when` is a usable time stamp in milliseconds since the epoch (the injected clock's). */
/** A string with at least one character. */
export const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== ''

/** Oldest first, ties by id, so that converged replicas read records in the same order. */
export const byTime = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export const isTimestamp = (when: unknown): when is number =>
  typeof when === 'number' && Number.isFinite(when) && when >= 0

/** Throws a RangeError unless `now` is a usable time stamp: a NaN time would sort nowhere. */
export function assertTimestamp(now: number): void {
  if (!isTimestamp(now))
    throw new RangeError(`time must be milliseconds since 1970 (finite, ≥ 0), got ${now}`)
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** Whether a value is a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number)
  return day <= days
}
