import { useCell, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'

/**
 * What the map says about its base map, in a corner where it does not cover the plan: the
 * credit the tile service asks for, why the grid shows instead of what was chosen, and what to
 * click while a reference point is being picked on the map.
 */
export function BaseMapOverlay() {
  const s = useSession()
  const { t } = useI18n()
  const { shown, note } = useCell(s.baseMap.view)
  const picking = useCell(s.baseMap.picking)
  const credit = shown.source === 'tiles' ? shown.attribution : undefined
  return (
    <>
      {picking && (
        <p className="map-hint base-map-pick" role="status">
          {t('baseMap.picking', { n: picking.point + 1 })}
        </p>
      )}
      {(credit || note) && (
        <div className="base-map-credit">
          {note && (
            <p className="base-map-note" role="status">
              {t(`baseMap.note.${note}` as MessageKey)}
            </p>
          )}
          {credit && <small>{credit}</small>}
        </div>
      )}
    </>
  )
}
