/*
 * The PDF is set in the standard Helvetica fonts, which every PDF reader has, so the file embeds
 * no font. Their encoding (WinAnsi) covers Dutch and the rest of Western Europe (é, ë, ï, ü, ², °,
 * €, en and em dashes) but not the mathematical signs the barcode uses in its texts. Those are
 * written the way one would type them; anything else loses its accent rather than the text.
 */

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '≥': '>=',
  '≤': '<=',
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '−': '-',
  '≈': '~',
  '≠': '!=',
  '∞': 'inf.',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '·': '.',
  ĳ: 'ij',
  Ĳ: 'IJ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2007': ' ',
  '\u200b': '',
  '\ufeff': '',
  '\t': ' ',
}

/**
 * A text as the font can draw it: characters the font has stay, signs it lacks become their
 * typed forms (`≥` → `>=`, `→` → `->`, `−` → `-`), letters it lacks lose their accents, and what
 * is left becomes `?`. `has` tells whether the font encodes a code point.
 */
export function drawableText(text: string, has: (codePoint: number) => boolean): string {
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number
    if (has(cp)) {
      out += ch
      continue
    }
    const replacement = REPLACEMENTS[ch]
    if (replacement !== undefined) {
      out += replacement
      continue
    }
    // Decomposed, a letter the font lacks (ő, ł is not decomposable) keeps its base letter.
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '')
    out += base !== '' && [...base].every((c) => has(c.codePointAt(0) as number)) ? base : '?'
  }
  return out
}
