import type { Lang } from './format.ts'

/*
 * Times of comments, decisions and the session timeline, in the user's time zone: `14:05` today,
 * `5 mrt 14:05` / `5 Mar 14:05` on another day, days as `donderdag 5 maart 2026`.
 */

const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' }
const cache = new Map<string, Intl.DateTimeFormat>()

function formatter(lang: Lang, kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE[lang], options)
    cache.set(key, f)
  }
  return f
}

/** The time of day: `14:05`. */
export const formatTime = (ms: number, lang: Lang): string =>
  formatter(lang, 'time', { hour: '2-digit', minute: '2-digit' }).format(ms)

/** A moment: the time alone when it is on the same day as `now`, else with the date. */
export function formatMoment(ms: number, lang: Lang, now: number = Date.now()): string {
  if (new Date(ms).toDateString() === new Date(now).toDateString()) return formatTime(ms, lang)
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear()
  return formatter(lang, sameYear ? 'moment' : 'moment-year', {
    day: 'numeric',
    month: 'short',
    year: sameYear ? undefined : 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms)
}

/** A calendar day written `YYYY-MM-DD` (a due date, a day of the log) in words: `5 maart 2026`. */
export function formatDay(isoDay: string, lang: Lang, weekday = false): string {
  const [y, m, d] = isoDay.split('-').map(Number)
  const date = new Date(y as number, (m as number) - 1, d as number)
  const text = formatter(lang, weekday ? 'weekday' : 'day', {
    ...(weekday ? { weekday: 'long' as const } : {}),
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date)
  // Dutch writes weekdays in lower case; as a heading only the first letter is raised.
  return text.charAt(0).toUpperCase() + text.slice(1)
}
