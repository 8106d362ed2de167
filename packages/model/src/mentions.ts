// A letter, digit or underscore in any script: a mention must not start or end inside a word, so
// that `jan@example.nl` mentions nobody and `@Annabel` does not mention Anna.
const WORD = /[\p{L}\p{N}\p{M}_]/u

/** Whether a character is part of a word, which a mention must neither start nor end inside. */
export const isMentionWordChar = (c: string | undefined): boolean => c !== undefined && WORD.test(c)

/** A mention in a text: its `@` at `start`, the name up to `end` (exclusive), and whom it names. */
export interface MentionSpan {
  readonly start: number
  readonly end: number
  /** The name as given in `names`. */
  readonly name: string
}

/**
 * Every `@Name` of a text that names one of `names` (as given), in order: at each `@` not inside
 * a word, the longest name that matches case-insensitively and does not end inside a word. Every
 * `@` is tried, also one inside a name found before; a caller that wants pieces skips those.
 */
export function findMentionSpans(text: string, names: readonly string[]): MentionSpan[] {
  // Longest first, so that the first name that fits at an `@` is the longest that fits there.
  const sorted = names
    .map((name) => ({ name, lower: name.toLowerCase() }))
    .sort((a, b) => b.name.length - a.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const spans: MentionSpan[] = []
  if (sorted.length === 0) return spans
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (isMentionWordChar(text[at - 1])) continue
    const start = at + 1
    for (const { name, lower } of sorted) {
      const end = start + name.length
      if (end > text.length || isMentionWordChar(text[end])) continue
      if (text.slice(start, end).toLowerCase() !== lower) continue
      spans.push({ start: at, end, name })
      break
    }
  }
  return spans
}

/**
 * The participants a text mentions as `@Name`, in order of first mention, each once, spelled as in
 * `participantNames`. Names may contain spaces (`@Jan de Vries`) and match case-insensitively.
 * Where names overlap the longest wins: with participants "Jan" and "Jan de Vries", `@jan de vries`
 * mentions Jan de Vries and `@Jan de Wit` mentions Jan. An `@word` naming nobody is plain text.
 */
export function findMentions(text: string, participantNames: readonly string[]): string[] {
  const names = [...new Set(participantNames.map((n) => n.trim()).filter((n) => n !== ''))]
  const found: string[] = []
  for (const { name } of findMentionSpans(text, names)) if (!found.includes(name)) found.push(name)
  return found
}
