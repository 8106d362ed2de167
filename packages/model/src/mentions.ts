// A letter, digit or underscore in any script: a mention must not start or end inside a word, so
// that `jan@example.nl` mentions nobody and `@Annabel` does not mention Anna.
const WORD = /[\p{L}\p{N}\p{M}_]/u

const isWordChar = (c: string | undefined): boolean => c !== undefined && WORD.test(c)

/**
 * The participants a text mentions as `@Name`, in order of first mention, each once, spelled as in
 * `participantNames`. Names may contain spaces (`@Jan de Vries`) and match case-insensitively.
 * Where names overlap the longest wins: with participants "Jan" and "Jan de Vries", `@jan de vries`
 * mentions Jan de Vries and `@Jan de Wit` mentions Jan. An `@word` naming nobody is plain text.
 */
export function findMentions(text: string, participantNames: readonly string[]): string[] {
  // Longest first, so that the first name that fits at an `@` is the longest that fits there.
  const names = [...new Set(participantNames.map((n) => n.trim()).filter((n) => n !== ''))]
    .map((name) => ({ name, lower: name.toLowerCase() }))
    .sort((a, b) => b.name.length - a.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const found: string[] = []
  if (names.length === 0) return found
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (isWordChar(text[at - 1])) continue
    const start = at + 1
    for (const { name, lower } of names) {
      const end = start + name.length
      if (end > text.length || isWordChar(text[end])) continue
      if (text.slice(start, end).toLowerCase() !== lower) continue
      if (!found.includes(name)) found.push(name)
      break
    }
  }
  return found
}
