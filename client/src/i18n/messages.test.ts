import { describe, expect, it } from 'vitest'
import { en } from './en.ts'
import { CATALOGUES, preferredLang, translate } from './messages.ts'
import { nl } from './nl.ts'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('message catalogues', () => {
  it('have the same keys in Dutch and English', () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort())
  })

  it('have no empty messages', () => {
    for (const [lang, cat] of Object.entries(CATALOGUES))
      for (const [key, text] of Object.entries(cat)) expect(text.trim(), `${lang} ${key}`).not.toBe('')
  })

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[])
      expect(placeholders(nl[key]), key).toEqual(placeholders(en[key]))
  })

  it('fills placeholders and picks the singular for one', () => {
    expect(translate('nl', 'conn.unsaved', { count: 3 })).toBe('3 niet opgeslagen')
    expect(translate('nl', 'blocks.count', { count: 1 })).toBe('1 blok')
    expect(translate('en', 'blocks.count', { count: 2 })).toBe('2 blocks')
    expect(translate('en', 'barcode.area', { name: 'Noord' })).toBe('Area: Noord')
  })

  it('picks Dutch for Dutch and Flemish browsers', () => {
    expect(preferredLang(['nl-NL', 'en'])).toBe('nl')
    expect(preferredLang(['nl-BE'])).toBe('nl')
    expect(preferredLang(['de-DE', 'en-US'])).toBe('en')
    expect(preferredLang(['fr'])).toBe('en')
  })
})
