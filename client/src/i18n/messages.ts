import { en, type MessageKey } from './en.ts'
import type { Lang } from './format.ts'
import { nl } from './nl.ts'

export type { MessageKey }

/** Both catalogues, by language. */
export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, nl }

/** The languages the UI speaks, in the order the switch offers them. */
export const LANGS: readonly Lang[] = ['nl', 'en']

/**
 * A message with `{name}` placeholders filled in; unknown placeholders are left visible so they
 * get noticed. A `count` of exactly one picks the key's `.one` variant when there is one (both
 * languages have just these two forms).
 */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const cat = CATALOGUES[lang]
  const one = vars?.count === 1 ? (cat as Record<string, string>)[`${key}.one`] : undefined
  const template = one ?? cat[key]
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}

/** The UI language for a list of browser languages (navigator.languages): Dutch for any `nl`, else English. */
export function preferredLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0]
    if (base === 'nl') return 'nl'
    if (base === 'en') return 'en'
  }
  return 'en'
}
