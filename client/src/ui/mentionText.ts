/**
 * Text helpers for @mentions in comment boxes: what is being typed after an `@`, the names that
 * fit it, the text with one picked, and a comment split into plain text and mentions for display.
 * The rules match the model's `findMentions`: an `@` not inside a word, names with spaces,
 * case-insensitive, the longest name first.
 */

import { findMentionSpans, isMentionWordChar as isWordChar } from '@gebiedsbord/model'

/** Longest text after an `@` still taken as a name being typed (names are at most 40 characters). */
const MAX_QUERY = 40

/** Most names the autocomplete offers at once. */
export const MAX_SUGGESTIONS = 6

/** The `@name` being typed at the caret: where its `@` is and what follows it, or null. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const from = Math.max(0, caret - MAX_QUERY - 1)
  for (let at = caret - 1; at >= from; at--) {
    const c = text[at]
    if (c === '\n') return null
    if (c !== '@') continue
    if (isWordChar(text[at - 1])) return null
    return { start: at, query: text.slice(at + 1, caret) }
  }
  return null
}

/**
 * The names that fit what is typed after an `@`: those starting with it, then those with a word
 * starting with it; at most `MAX_SUGGESTIONS`, `exclude` (this user) left out. A name typed out
 * in full is not offered again, so that the list closes once the mention is complete.
 */
export function mentionSuggestions(query: string, names: readonly string[], exclude?: string): string[] {
  const q = query.toLowerCase()
  const starts: string[] = []
  const words: string[] = []
  for (const name of names) {
    const lower = name.toLowerCase()
    if (name === exclude || lower === q) continue
    if (lower.startsWith(q)) starts.push(name)
    else if (q !== '' && lower.split(/\s+/).some((w) => w.startsWith(q))) words.push(name)
  }
  const byName = (a: string, b: string) => a.localeCompare(b)
  return [...starts.sort(byName), ...words.sort(byName)].slice(0, MAX_SUGGESTIONS)
}

/** The text with the `@query` at `start…caret` replaced by `@Name `, and where the caret goes. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length }
}

/** A piece of a comment's text: plain, or a mention (with the `@`). */
export interface TextPiece {
  readonly text: string
  readonly mention: boolean
}

/** Splits a comment into plain text and its mentions of `names` (the comment's stored mentions). */
export function splitMentions(text: string, names: readonly string[]): TextPiece[] {
  const pieces: TextPiece[] = []
  let plainFrom = 0
  for (const { start, end } of findMentionSpans(text, names)) {
    // An `@` inside a mention already shown is part of it.
    if (start < plainFrom) continue
    if (start > plainFrom) pieces.push({ text: text.slice(plainFrom, start), mention: false })
    pieces.push({ text: text.slice(start, end), mention: true })
    plainFrom = end
  }
  if (plainFrom < text.length) pieces.push({ text: text.slice(plainFrom), mention: false })
  return pieces
}
