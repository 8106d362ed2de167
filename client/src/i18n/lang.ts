import { useCallback, useSyncExternalStore } from 'react'
import { Cell } from '../state/observable.ts'
import type { Lang } from './format.ts'
import { type MessageKey, preferredLang, translate } from './messages.ts'

const KEY = 'gebiedsbord.lang'

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(KEY)
    if (stored === 'nl' || stored === 'en') return stored
  } catch {
    // No storage: follow the browser.
  }
  return preferredLang(typeof navigator === 'undefined' ? [] : navigator.languages)
}

/** The UI language: the browser's (Dutch or English) until the user picks one, which is remembered. */
export const language = new Cell<Lang>(initialLang())

/** Switches the UI language and remembers the choice. */
export function setLanguage(lang: Lang): void {
  language.set(lang)
  document.documentElement.lang = lang
  try {
    localStorage.setItem(KEY, lang)
  } catch {
    // The choice then lasts for this visit.
  }
}

/** A translation function bound to a language. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

/** The current language and a translator for it; components re-render when the language changes. */
export function useI18n(): { lang: Lang; t: Translate } {
  const lang = useSyncExternalStore(language.subscribe, language.get)
  const t = useCallback<Translate>((key, vars) => translate(lang, key, vars), [lang])
  return { lang, t }
}
