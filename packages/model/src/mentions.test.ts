import { describe, expect, it } from 'vitest'
import { findMentionSpans, findMentions } from './index.ts'

const people = ['Anna', 'Jan', 'Jan de Vries', 'Fatima El Amrani', 'Ömer']

describe('findMentions', () => {
  it('finds names with spaces', () => {
    expect(findMentions('@Fatima El Amrani kun jij de groennorm checken?', people)).toEqual([
      'Fatima El Amrani',
    ])
  })

  it('prefers the longest of overlapping names, and falls back to the shorter one', () => {
    expect(findMentions('@Jan de Vries en @Jan de Wit', people)).toEqual(['Jan de Vries', 'Jan'])
  })

  it('matches case-insensitively and returns the name as the participant spells it', () => {
    expect(findMentions('vraag voor @jan DE vries en @ANNA', people)).toEqual(['Jan de Vries', 'Anna'])
    expect(findMentions('@ömer?', people)).toEqual(['Ömer'])
  })

  it('lists each participant once, in order of first mention', () => {
    expect(findMentions('@Anna @Jan @anna, @Jan.', people)).toEqual(['Anna', 'Jan'])
  })

  it('ignores an @ that names nobody, or only the start of a longer word', () => {
    expect(findMentions('@Piet en @x zijn er niet', people)).toEqual([])
    expect(findMentions('@Annabel en @Jannes', people)).toEqual([])
    expect(findMentions('@', people)).toEqual([])
  })

  it('does not read an e-mail address as a mention', () => {
    expect(findMentions('mail jan@anna.nl', ['anna'])).toEqual([])
  })

  it('accepts punctuation right after a name and a name at the very end', () => {
    expect(findMentions("(@Anna), @Jan's punt en tot slot @Ömer", people)).toEqual(['Anna', 'Jan', 'Ömer'])
  })

  it('ignores blank participant names and trims the others', () => {
    expect(findMentions('@Anna', ['', '  ', ' Anna '])).toEqual(['Anna'])
    expect(findMentions('@Anna', [])).toEqual([])
  })
})

describe('findMentionSpans', () => {
  it('gives where each mention lies, the longest name at each @, as findMentions reads them', () => {
    const text = 'Vraag @jan de vries en @Jan, niet bas@Anna of @Annabel'
    expect(findMentionSpans(text, people)).toEqual([
      { start: 6, end: 19, name: 'Jan de Vries' },
      { start: 23, end: 27, name: 'Jan' },
    ])
    expect(findMentionSpans('@Anna', [])).toEqual([])
  })

  it('tries every @, also one inside a name found before', () => {
    expect(findMentionSpans('@a @b', ['a @b', 'b'])).toEqual([
      { start: 0, end: 5, name: 'a @b' },
      { start: 3, end: 5, name: 'b' },
    ])
    expect(findMentions('@a @b', ['a @b', 'b'])).toEqual(['a @b', 'b'])
  })
})
