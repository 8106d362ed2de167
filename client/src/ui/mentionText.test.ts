import { describe, expect, it } from 'vitest'
import {
  insertMention,
  MAX_SUGGESTIONS,
  mentionQuery,
  mentionSuggestions,
  splitMentions,
} from './mentionText.ts'

const NAMES = ['Anna de Vries', 'Anna', 'Bas', 'Jan de Wit', 'Eva']

describe('typing a mention', () => {
  it('finds the @name being typed at the caret', () => {
    expect(mentionQuery('Hi @An', 6)).toEqual({ start: 3, query: 'An' })
    expect(mentionQuery('Hi @Anna de', 11)).toEqual({ start: 3, query: 'Anna de' })
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQuery('mail jan@example.nl', 19)).toBeNull()
    expect(mentionQuery('@Bas\nnext', 9)).toBeNull()
    expect(mentionQuery('no mention', 10)).toBeNull()
  })

  it('suggests names that start with it, then names with a word that does', () => {
    expect(mentionSuggestions('an', NAMES)).toEqual(['Anna', 'Anna de Vries'])
    expect(mentionSuggestions('de', NAMES)).toEqual(['Anna de Vries', 'Jan de Wit'])
    expect(mentionSuggestions('anna', NAMES)).toEqual(['Anna de Vries'])
    expect(mentionSuggestions('bas', NAMES)).toEqual([])
    expect(mentionSuggestions('', NAMES, 'Eva')).toEqual(['Anna', 'Anna de Vries', 'Bas', 'Jan de Wit'])
    const many = Array.from({ length: 10 }, (_, i) => `P${i}`)
    expect(mentionSuggestions('p', many)).toHaveLength(MAX_SUGGESTIONS)
  })

  it('puts the picked name in place of what was typed', () => {
    expect(insertMention('Hi @an, ok', 3, 6, 'Anna de Vries')).toEqual({
      text: 'Hi @Anna de Vries , ok',
      caret: 18,
    })
  })
})

describe('showing mentions', () => {
  it('splits a comment into text and its mentions, longest name first', () => {
    expect(splitMentions('Ask @anna de vries and @Bas.', ['Anna de Vries', 'Bas'])).toEqual([
      { text: 'Ask ', mention: false },
      { text: '@anna de vries', mention: true },
      { text: ' and ', mention: false },
      { text: '@Bas', mention: true },
      { text: '.', mention: false },
    ])
    expect(splitMentions('mail bas@x.nl, @Basje', ['Bas'])).toEqual([
      { text: 'mail bas@x.nl, @Basje', mention: false },
    ])
    expect(splitMentions('plain', [])).toEqual([{ text: 'plain', mention: false }])
  })
})
