import { blockShares, indexAreas, type Lang } from '@gebiedsbord/barcode'
import { type AreaId, type Block, type Plan, ringArea } from '@gebiedsbord/model'
import { type CsvCell, csvDecimals, csvNumber, toCsv } from './csv.ts'
import { label } from './labels.ts'

/** Options of `blocksCsv`. */
export interface BlocksCsvOptions {
  readonly lang: Lang
  /** A UTF-8 byte order mark first (default true), for Excel. */
  readonly bom?: boolean
}

// Kinds whose storeys make floor area; green and water are surfaces.
const HAS_FLOOR_AREA: ReadonlySet<Block['kind']> = new Set(['housing', 'amenity', 'work', 'parking'])

/**
 * The plan's blocks as CSV, one row per block in plan order: id, label, kind, the areas it lies in
 * with the share of its footprint in each (as the barcode counts it), party, programme (dwellings
 * and segment, use, parking places), floors, footprint and floor area (m²), centre (RD New metres
 * for a georeferenced board, local metres otherwise) and rotation. Kind, segment and use are
 * written as the codes GeoJSON carries, so the rows join with plan.geojson; headers are in `lang`.
 */
export function blocksCsv(plan: Plan, options: BlocksCsvOptions): string {
  const { lang } = options
  const rd = plan.board.frame.kind === 'rd-new'
  const areaNames = new Map<AreaId, string>(plan.areas.map((a) => [a.id, a.name]))
  const parties = new Map(plan.parties.map((p) => [p.id, p.name]))
  const indexed = indexAreas(plan)
  const header = (
    [
      'id',
      'label',
      'kind',
      'areas',
      'party',
      'dwellings',
      'segment',
      'use',
      'places',
      'floors',
      'footprintM2',
      'floorAreaM2',
      rd ? 'xRd' : 'xLocal',
      rd ? 'yRd' : 'yLocal',
      'rotation',
    ] as const
  ).map((k) => label(lang, k))
  const rows: CsvCell[][] = [header]
  for (const b of plan.blocks) {
    const footprint = ringArea(b.shape)
    const areas = blockShares(b, indexed)
      .map(({ area, share }) => `${areaNames.get(area) ?? area} ${csvNumber(share * 100, lang, 1)}%`)
      .join(' | ')
    rows.push([
      b.id,
      b.label ?? '',
      b.kind,
      areas,
      b.party !== undefined ? (parties.get(b.party) ?? '') : '',
      b.kind === 'housing' ? b.dwellings : null,
      b.kind === 'housing' ? b.segment : null,
      b.kind === 'amenity' || b.kind === 'green' ? b.use : null,
      b.kind === 'parking' ? b.places : null,
      b.floors,
      footprint,
      HAS_FLOOR_AREA.has(b.kind) ? footprint * b.floors : null,
      // Millimetres: finer than anyone draws, as in plan.geojson.
      csvDecimals(b.x, 3),
      csvDecimals(b.y, 3),
      b.rotation,
    ])
  }
  return toCsv(rows, options)
}
