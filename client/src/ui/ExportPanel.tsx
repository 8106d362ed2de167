import { useState } from 'react'
import {
  EXPORTS,
  type ExportKind,
  exportFileName,
  exportUrl,
  type ImportResult,
  importGeoJson,
} from '../api/exports.ts'
import { usePlan, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'

const LABEL: Record<ExportKind, MessageKey> = {
  'bid.pdf': 'export.pdf',
  'blocks.csv': 'export.blocksCsv',
  'barcode.csv': 'export.barcodeCsv',
  'plan.geojson': 'export.geojsonWgs84',
  'plan-rd.geojson': 'export.geojsonRd',
  backup: 'export.backup',
}

/** Reads a chosen file as JSON, naming the file when it is none. */
async function readJsonFile(file: File): Promise<unknown> {
  const text = await file.text()
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new Error(`${file.name}: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** Editors add the areas and blocks of a GeoJSON plan to this board. */
function ImportPlan({ token }: { token: string }) {
  const s = useSession()
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ImportResult | null>(null)
  const [error, setError] = useState<string | null>(null)

  const upload = async (file: File) => {
    setBusy(true)
    setError(null)
    setResult(null)
    try {
      setResult(await importGeoJson(s.boardId, token, await readJsonFile(file)))
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="export-import">
      <label>
        {t('export.import')}
        <input
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) void upload(file)
          }}
        />
      </label>
      <p className="muted small">{t('export.importHint')}</p>
      {result && (
        <div role="status" className="export-result">
          <p>{t('export.imported', { areas: result.areas, blocks: result.blocks })}</p>
          {result.problems.length > 0 && (
            <ul className="small">
              {result.problems.map((p) => (
                <li key={`${p.feature}:${p.message}`}>
                  {p.feature === null
                    ? p.message
                    : t('export.problem', { feature: p.feature, message: p.message })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {t('export.importError', { message: error })}
        </p>
      )}
    </div>
  )
}

/**
 * The bid as files: the PDF for the council, CSV of the blocks and of the barcode, and the plan as
 * GeoJSON in WGS84 or RD New; editors can also import a GeoJSON plan into this board.
 */
export function ExportPanel({ token }: { token: string }) {
  const s = useSession()
  const { t, lang } = useI18n()
  const name = usePlan(s, () => s.mirror.board.name)
  const georeferenced = usePlan(s, () => s.mirror.board.frame.kind === 'rd-new')
  return (
    <details className="share export">
      <summary>{t('export.title')}</summary>
      <div className="share-body">
        <ul className="export-list">
          {EXPORTS.filter((k) => georeferenced || !k.endsWith('.geojson')).map((kind) => (
            <li key={kind}>
              <a href={exportUrl(s.boardId, token, kind, lang)} download={exportFileName(name, kind)}>
                {t(LABEL[kind])}
              </a>
            </li>
          ))}
        </ul>
        {!georeferenced && <p className="muted small">{t('export.localFrame')}</p>}
        {s.access === 'edit' && <ImportPlan token={token} />}
      </div>
    </details>
  )
}
