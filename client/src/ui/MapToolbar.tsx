import { ringBBox } from '@gebiedsbord/model'
import { useCell, useSession } from '../app/hooks.ts'
import type { MapController } from '../canvas/controller.ts'
import { useI18n } from '../i18n/lang.ts'
import type { Tool } from '../state/view.ts'

/** Zoom factor of one press of a zoom button or key. */
export const ZOOM_STEP = 1.5

/** Tools, snapping, undo/redo and zoom, floating over the map. Viewers get only the zoom buttons. */
export function MapToolbar({ controller }: { controller: MapController | null }) {
  const s = useSession()
  const { t } = useI18n()
  const tool = useCell(s.view.tool)
  const snapping = useCell(s.view.snapping)
  const history = useCell(s.history)
  const selection = useCell(s.selection)
  const tools: { id: Tool; label: string; key: string }[] = [
    { id: 'select', label: t('tool.select'), key: 'V' },
    { id: 'lasso', label: t('tool.lasso'), key: 'L' },
    { id: 'area', label: t('tool.area'), key: 'A' },
  ]
  const zoomToArea = () => {
    const area = selection.area ? s.mirror.areas.get(selection.area) : undefined
    if (area) s.view.fit(ringBBox(area.polygon))
  }
  const zoomToFit = () => {
    const e = s.mirror.extent()
    if (e) s.view.fit(e)
  }
  return (
    <>
      {!s.readOnly && (
        <div className="map-toolbar" role="toolbar" aria-label={t('canvas.shortcuts')}>
          {tools.map((x) => (
            <button
              key={x.id}
              type="button"
              aria-pressed={tool === x.id}
              aria-keyshortcuts={x.key}
              title={`${x.label} (${x.key})`}
              onClick={() => {
                controller?.cancel()
                s.view.tool.set(x.id)
              }}
            >
              {x.label}
            </button>
          ))}
          <span className="sep" aria-hidden="true" />
          <button type="button" aria-pressed={snapping} onClick={() => s.view.snapping.set(!snapping)}>
            {t('tool.snap')}
          </button>
          <span className="sep" aria-hidden="true" />
          <button
            type="button"
            disabled={!history.canUndo}
            aria-keyshortcuts="Control+Z"
            title={`${t('tool.undo')} (Ctrl+Z)`}
            onClick={() => s.history.undo()}
          >
            {t('tool.undo')}
          </button>
          <button
            type="button"
            disabled={!history.canRedo}
            aria-keyshortcuts="Control+Y"
            title={`${t('tool.redo')} (Ctrl+Y)`}
            onClick={() => s.history.redo()}
          >
            {t('tool.redo')}
          </button>
        </div>
      )}
      {tool === 'area' && !s.readOnly && (
        <p className="map-hint" role="status">
          {t('tool.drawHint')}
        </p>
      )}
      {tool === 'lasso' && !s.readOnly && (
        <p className="map-hint" role="status">
          {t('tool.lassoHint')}
        </p>
      )}
      <fieldset className="zoom-controls">
        <legend className="visually-hidden">{t('canvas.scale')}</legend>
        <button
          type="button"
          aria-label={t('tool.zoomIn')}
          title={t('tool.zoomIn')}
          onClick={() => s.view.zoomBy(ZOOM_STEP)}
        >
          +
        </button>
        <button
          type="button"
          aria-label={t('tool.zoomOut')}
          title={t('tool.zoomOut')}
          onClick={() => s.view.zoomBy(1 / ZOOM_STEP)}
        >
          −
        </button>
        <button type="button" title={`${t('tool.zoomFit')} (0)`} onClick={zoomToFit}>
          {t('tool.zoomFit')}
        </button>
        <button type="button" disabled={!selection.area} onClick={zoomToArea}>
          {t('tool.zoomArea')}
        </button>
      </fieldset>
    </>
  )
}
