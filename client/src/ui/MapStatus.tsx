import { rdToWgs84 } from '@gebiedsbord/geo'
import { useCell, useCellPerFrame, usePlan, useSession } from '../app/hooks.ts'
import { scaleBar } from '../geometry/scale.ts'
import { formatCoordinate, formatDistance } from '../i18n/format.ts'
import { useI18n } from '../i18n/lang.ts'

/** The scale bar and the pointer's coordinates (RD New, with latitude and longitude, on georeferenced boards). */
export function MapStatus() {
  const s = useSession()
  const { t, lang } = useI18n()
  const camera = useCell(s.view.camera)
  const pointer = useCellPerFrame(s.view.pointer)
  const bar = scaleBar(camera.scale, 120)
  const rd = usePlan(s, () => s.mirror.board.frame.kind === 'rd-new')
  let coords = ''
  if (pointer) {
    if (rd) {
      const [lon, lat] = rdToWgs84(pointer)
      coords = `RD ${formatCoordinate(pointer[0])}, ${formatCoordinate(pointer[1])} · ${lat.toFixed(5)}° N, ${lon.toFixed(5)}° E`
    } else coords = `x ${formatCoordinate(pointer[0])} m, y ${formatCoordinate(pointer[1])} m`
  }
  return (
    <div className="map-status">
      <div
        className="scale-bar"
        aria-label={`${t('canvas.scale')}: ${formatDistance(bar.metres, lang)}`}
        role="img"
      >
        <div className="bar" style={{ width: `${bar.pixels}px` }} />
        <span>{formatDistance(bar.metres, lang)}</span>
      </div>
      <output className="coords" aria-label={t('canvas.coords')}>
        {coords}
      </output>
    </div>
  )
}
