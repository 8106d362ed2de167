// Reading a PDF back in tests, with Mozilla's PDF.js (legacy build: the one meant for Node).
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))

/** A PDF's page count and the text of each page, its items joined by spaces. */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: string[]; title: string | undefined }> {
  // PDF.js takes ownership of the buffer it is given: pass a copy.
  const doc = await getDocument({
    data: bytes.slice(),
    // The fonts are the standard 14, which the file does not embed: PDF.js has their data here.
    standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
    isEvalSupported: false,
    verbosity: 0,
  }).promise
  try {
    const pages: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent()
      pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '))
    }
    const info = (await doc.getMetadata()).info as { Title?: string }
    return { pages, title: info.Title }
  } finally {
    await doc.destroy()
  }
}

export * from './testBid.ts'
