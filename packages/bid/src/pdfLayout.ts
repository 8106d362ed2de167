import { type Color, type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib'
import { drawableText } from './pdfText.ts'

/** An A4 page in PostScript points (1/72 inch), portrait. */
export const A4 = { width: 595.28, height: 841.89 } as const
/** Margin on all sides; the bottom one also holds the page number. */
export const MARGIN = 40
const FOOTER = 16

/** Colours of the document. */
export const INK = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.42, 0.42, 0.46),
  rule: rgb(0.8, 0.8, 0.83),
  headerFill: rgb(0.93, 0.93, 0.95),
  pass: rgb(0.1, 0.5, 0.2),
  warn: rgb(0.72, 0.45, 0.0),
  fail: rgb(0.75, 0.1, 0.1),
  alert: rgb(0.75, 0.1, 0.1),
  alertFill: rgb(0.99, 0.93, 0.93),
} as const

/** The two weights the document is set in. */
export interface Fonts {
  readonly regular: PDFFont
  readonly bold: PDFFont
}

/** How a run of text is set. */
export interface TextStyle {
  readonly size?: number
  readonly bold?: boolean
  readonly colour?: Color
  /** Points from the left margin. */
  readonly indent?: number
}

/** A table cell: text, optionally bold or coloured, optionally after a small square of colour. */
export interface Cell {
  readonly text: string
  readonly bold?: boolean
  readonly colour?: Color
  /** A colour swatch before the text (a party's colour). */
  readonly swatch?: Color
}

/** Side of a colour swatch, and the room it takes before the text. */
const SWATCH = 6
const SWATCH_ROOM = SWATCH + 3

/** A table column: its header, width in points and alignment. */
export interface Column {
  readonly header: string
  readonly width: number
  readonly align?: 'left' | 'right'
}

/** How a table is set: its text size, and group headers over runs of columns. */
export interface TableOptions {
  readonly size?: number
  readonly groups?: readonly { readonly header: string; readonly span: number }[]
}

const lineHeight = (size: number) => size * 1.22

/**
 * Writes a document top to bottom: headings, wrapped paragraphs and tables, starting a new page
 * (with the section's title marked as continued) when the next piece does not fit. Every text
 * goes through `drawableText`, so nothing reaches a font that cannot encode it.
 */
export class PdfWriter {
  readonly doc: PDFDocument
  readonly fonts: Fonts
  readonly left = MARGIN
  readonly width = A4.width - 2 * MARGIN
  #page: PDFPage | undefined
  #y = 0
  #title = ''
  readonly #continued: (title: string) => string
  readonly #charsets = new Map<PDFFont, Set<number>>()

  constructor(doc: PDFDocument, fonts: Fonts, continued: (title: string) => string) {
    this.doc = doc
    this.fonts = fonts
    this.#continued = continued
  }

  /** The page being written. */
  get page(): PDFPage {
    if (!this.#page) throw new Error('no page yet: start a section first')
    return this.#page
  }

  /** The baseline position from the bottom of the page; text goes below it. */
  get y(): number {
    return this.#y
  }

  /** Space left on the page above the footer. */
  get room(): number {
    return this.#y - MARGIN - FOOTER
  }

  /** Starts a section on a new page, under a title that continuation pages repeat. */
  section(title: string, size = 16): void {
    this.#newPage()
    this.#title = title
    this.heading(title, size)
  }

  /** Makes sure `height` points fit on this page, continuing the section on a new one if not. */
  ensure(height: number): void {
    if (height <= this.room) return
    this.#newPage()
    this.heading(this.#continued(this.#title), 11)
  }

  /** Moves down. */
  space(points: number): void {
    this.#y -= points
  }

  /** Moves down to `y` (after drawing something of a known height, such as a map). */
  moveTo(y: number): void {
    this.#y = y
  }

  /** A bold heading; with `rule`, underlined across the page in its colour. */
  heading(text: string, size = 12, options: { colour?: Color; rule?: boolean } = {}): void {
    this.ensure(lineHeight(size) * 2)
    this.#y -= lineHeight(size)
    this.draw(text, this.left, this.#y, { size, bold: true, colour: options.colour ?? INK.text })
    if (options.rule)
      this.page.drawLine({
        start: { x: this.left, y: this.#y - 3 },
        end: { x: this.left + this.width, y: this.#y - 3 },
        thickness: 1.5,
        color: options.colour ?? INK.text,
      })
    this.#y -= size * 0.5
  }

  /** A paragraph, wrapped to the text width (less its indent). */
  paragraph(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 9
    const indent = style.indent ?? 0
    for (const line of this.wrap(text, this.width - indent, style)) {
      this.ensure(lineHeight(size))
      this.#y -= lineHeight(size)
      this.draw(line, this.left + indent, this.#y, style)
    }
  }

  /** Draws one line of text at a point, made drawable by its font. */
  draw(text: string, x: number, y: number, style: TextStyle = {}): void {
    const font = style.bold ? this.fonts.bold : this.fonts.regular
    this.page.drawText(this.drawable(text, font), {
      x,
      y,
      size: style.size ?? 9,
      font,
      color: style.colour ?? INK.text,
    })
  }

  /** A small square of colour standing on a text baseline. */
  swatch(x: number, baseline: number, colour: Color): void {
    this.page.drawRectangle({
      x,
      y: baseline - 0.5,
      width: SWATCH,
      height: SWATCH,
      color: colour,
      borderColor: INK.muted,
      borderWidth: 0.3,
    })
  }

  /** The width of a text as drawn. */
  textWidth(text: string, style: TextStyle = {}): number {
    const font = style.bold ? this.fonts.bold : this.fonts.regular
    return font.widthOfTextAtSize(this.drawable(text, font), style.size ?? 9)
  }

  /** A text broken into lines no wider than `width`: at spaces, inside a word only if it is too long. */
  wrap(text: string, width: number, style: TextStyle = {}): string[] {
    const lines: string[] = []
    for (const paragraph of text.split(/\r?\n/)) {
      let line = ''
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word
        if (this.textWidth(candidate, style) <= width) {
          line = candidate
          continue
        }
        if (line) lines.push(line)
        line = ''
        let rest = word
        while (this.textWidth(rest, style) > width && rest.length > 1) {
          // After a hyphen if a part up to one fits ("Parkeer-|plekken"), else wherever it must.
          const hyphen = rest.lastIndexOf('-', rest.length - 2)
          let cut = hyphen > 0 && this.textWidth(rest.slice(0, hyphen + 1), style) <= width ? hyphen + 1 : 0
          if (cut === 0) {
            cut = rest.length - 1
            while (cut > 1 && this.textWidth(rest.slice(0, cut), style) > width) cut--
          }
          lines.push(rest.slice(0, cut))
          rest = rest.slice(cut)
        }
        line = rest
      }
      lines.push(line)
    }
    return lines
  }

  /**
   * A table with a shaded header row (under an optional row of group headers spanning several
   * columns), repeated on each page it runs onto. Cells wrap within their column; a row is never
   * split across pages.
   */
  table(columns: readonly Column[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): void {
    const size = options.size ?? 7.5
    const pad = 2.5
    const line = lineHeight(size)
    const layoutOver = (cols: readonly Column[], cells: readonly Cell[]) => {
      const wrapped = cols.map((c, i) => {
        const cell = cells[i] ?? { text: '' }
        const room = c.width - 2 * pad - (cell.swatch ? SWATCH_ROOM : 0)
        return this.wrap(cell.text, room, { size, bold: cell.bold === true })
      })
      return { wrapped, height: Math.max(...wrapped.map((w) => w.length)) * line + 2 * pad }
    }
    const layout = (cells: readonly Cell[]) => layoutOver(columns, cells)
    const header = columns.map((c): Cell => ({ text: c.header, bold: true }))
    const headerLayout = layout(header)
    // Group headers are drawn as one row whose cells span their columns.
    const groupColumns: Column[] = []
    const groupCells: Cell[] = []
    let at = 0
    for (const g of options.groups ?? []) {
      const spanned = columns.slice(at, at + g.span)
      groupColumns.push({ header: g.header, width: spanned.reduce((t, c) => t + c.width, 0) })
      groupCells.push({ text: g.header, bold: true })
      at += g.span
    }
    const drawRow = (
      cells: readonly Cell[],
      l: ReturnType<typeof layout>,
      shaded: boolean,
      cols: readonly Column[] = columns,
    ) => {
      const top = this.#y
      if (shaded)
        this.page.drawRectangle({
          x: this.left,
          y: top - l.height,
          width: this.width,
          height: l.height,
          color: INK.headerFill,
        })
      let x = this.left
      cols.forEach((c, i) => {
        const cell = cells[i] ?? { text: '' }
        const style: TextStyle = { size, bold: cell.bold === true, colour: cell.colour ?? INK.text }
        const baseline = (k: number) => top - pad - (k + 1) * line + size * 0.22
        if (cell.swatch) this.swatch(x + pad, baseline(0), cell.swatch)
        const left = x + pad + (cell.swatch ? SWATCH_ROOM : 0)
        ;(l.wrapped[i] ?? []).forEach((text, k) => {
          const tx = c.align === 'right' ? x + c.width - pad - this.textWidth(text, style) : left
          this.draw(text, tx, baseline(k), style)
        })
        x += c.width
      })
      this.#y = top - l.height
      this.page.drawLine({
        start: { x: this.left, y: this.#y },
        end: { x: this.left + this.width, y: this.#y },
        thickness: 0.4,
        color: INK.rule,
      })
    }
    const groupLayout = groupCells.length > 0 ? layoutOver(groupColumns, groupCells) : undefined
    const headerHeight = headerLayout.height + (groupLayout?.height ?? 0)
    const drawHeader = () => {
      if (groupLayout) drawRow(groupCells, groupLayout, true, groupColumns)
      drawRow(header, headerLayout, true)
    }
    // The first row is laid out once: it decides whether the header starts a new page.
    const first = rows[0] ? layout(rows[0]) : undefined
    this.ensure(headerHeight + (first ? first.height : 0) + 3)
    // Clear of the descenders of the text above.
    this.#y -= 3
    drawHeader()
    for (const [i, cells] of rows.entries()) {
      const l = i === 0 && first ? first : layout(cells)
      if (l.height > this.room) {
        this.ensure(headerHeight + l.height)
        drawHeader()
      }
      drawRow(cells, l, false)
    }
  }

  /** Writes "page n of total" at the foot of every page. */
  numberPages(text: (n: number, total: number) => string): void {
    const pages = this.doc.getPages()
    pages.forEach((page, i) => {
      const label = this.drawable(text(i + 1, pages.length), this.fonts.regular)
      const size = 7.5
      page.drawText(label, {
        x: A4.width - MARGIN - this.fonts.regular.widthOfTextAtSize(label, size),
        y: MARGIN - 4,
        size,
        font: this.fonts.regular,
        color: INK.muted,
      })
    })
  }

  /** A text as `font` can encode it (see `drawableText`). */
  drawable(text: string, font: PDFFont): string {
    let set = this.#charsets.get(font)
    if (!set) {
      set = new Set(font.getCharacterSet())
      this.#charsets.set(font, set)
    }
    const codes = set
    return drawableText(text, (cp) => codes.has(cp))
  }

  #newPage(): void {
    this.#page = this.doc.addPage([A4.width, A4.height])
    this.#y = A4.height - MARGIN
  }
}
