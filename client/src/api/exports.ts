import { fileStem } from '@gebiedsbord/model'
import { call } from './boards.ts'

/**
 * The bid as files (see the server's export routes): the PDF for the council, CSV for
 * spreadsheets, GeoJSON for GIS, and the whole board as a backup file. Downloads are plain links: the token travels in the query of
 * API calls, as everywhere in this client, so the browser's own download handling applies.
 */

/** The files a board exports. */
export const EXPORTS = [
  'bid.pdf',
  'blocks.csv',
  'barcode.csv',
  'plan.geojson',
  'plan-rd.geojson',
  'backup',
] as const
/** See `EXPORTS`. */
export type ExportKind = (typeof EXPORTS)[number]

/** The URL of one export of a board in a language (PDF labels; CSV separators and decimals). */
export function exportUrl(boardId: string, token: string, kind: ExportKind, lang: 'nl' | 'en'): string {
  const base = `/api/boards/${encodeURIComponent(boardId)}`
  const params = new URLSearchParams({ token })
  if (kind === 'plan.geojson' || kind === 'plan-rd.geojson') {
    params.set('crs', kind === 'plan.geojson' ? 'wgs84' : 'rd-new')
    return `${base}/plan.geojson?${params}`
  }
  if (kind === 'backup') return `${base}/backup?${params}`
  params.set('lang', lang)
  return `${base}/${kind}?${params}`
}

/** The file extension of a whole-board backup, which the start page restores as a new board. */
export const BACKUP_EXTENSION = '.gebiedsbord'

/** The name a downloaded export is saved under: the board's name, made safe for file systems. */
export function exportFileName(boardName: string, kind: ExportKind): string {
  const stem = fileStem(boardName)
  if (kind === 'backup') return `${stem}${BACKUP_EXTENSION}`
  return kind === 'plan-rd.geojson' ? `${stem}-rd.geojson` : `${stem}-${kind}`
}

/** What importing a GeoJSON plan into a board added, and what of the file could not be used. */
export interface ImportResult {
  readonly areas: number
  readonly blocks: number
  readonly parties: number
  readonly problems: readonly { readonly feature: number | null; readonly message: string }[]
}

/**
 * Adds the areas and blocks of a GeoJSON plan (WGS84 or RD New) to a board as new records (edit
 * token required); nothing already on the board changes. The server writes them into the live
 * board, so they arrive through sync like anyone's edit.
 */
export function importGeoJson(boardId: string, editToken: string, geojson: unknown): Promise<ImportResult> {
  return call(`/api/boards/${encodeURIComponent(boardId)}/import?token=${encodeURIComponent(editToken)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/geo+json' },
    body: JSON.stringify(geojson),
  })
}
