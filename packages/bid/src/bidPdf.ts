import { PDFDocument, StandardFonts } from 'pdf-lib'
import { writeAreaPage } from './areaPage.ts'
import { writeDecisionsPage, writePlanPage, writeSourcesPage } from './backPages.ts'
import { type BidInput, bidContext } from './bidContext.ts'
import { writeCover } from './coverPage.ts'
import { label } from './labels.ts'
import { PdfWriter } from './pdfLayout.ts'

/*
 * The PDF is made with pdf-lib: pure JavaScript without native parts, no file system (its
 * standard fonts are built in, where pdfkit reads font metrics from disk), the same in Node and
 * the browser, and widely used. Its last release is from 2021, but its scope (write a PDF of
 * text and vector paths) is one the PDF format does not move under; headless Chromium would
 * need a browser on every server.
 */

/**
 * The joint area bid as a PDF (A4): a cover with the board, the date, the barcode's summary, the
 * unmet conditions of growth set apart from the warnings, and the sign-offs per area and party;
 * then per area its map at a stated scale with a scale bar, its barcode, its party table, its
 * sign-offs and open comments; then the plan's party tables, the decisions and actions, and the
 * sources of the norms. Each section starts on a new page and runs onto more when it is long.
 * Pure: the time comes in as `generatedAt`, and equal input gives equal bytes.
 */
export async function bidPdf(input: BidInput): Promise<Uint8Array> {
  const ctx = bidContext(input)
  // No metadata update: pdf-lib would stamp its own clock; the dates are set from the input.
  const doc = await PDFDocument.create({ updateMetadata: false })
  const at = new Date(input.generatedAt)
  doc.setTitle(`${label(input.lang, 'bidTitle')}: ${input.plan.board.name}`)
  doc.setCreator('Gebiedsbord')
  doc.setProducer('Gebiedsbord (pdf-lib)')
  doc.setLanguage(input.lang === 'nl' ? 'nl-NL' : 'en-GB')
  doc.setCreationDate(at)
  doc.setModificationDate(at)
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  }
  const w = new PdfWriter(doc, fonts, (title) => label(input.lang, 'continued', { title }))
  writeCover(w, ctx)
  for (const area of input.plan.areas)
    writeAreaPage(
      w,
      ctx,
      area,
      input.report.areas.find((a) => a.id === area.id),
    )
  writePlanPage(w, ctx)
  writeDecisionsPage(w, ctx)
  writeSourcesPage(w, ctx)
  w.numberPages((n, total) => label(input.lang, 'page', { n, total }))
  return doc.save({ useObjectStreams: false })
}
