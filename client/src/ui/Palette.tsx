import { asBlockId } from '@gebiedsbord/model'
import { useSession } from '../app/hooks.ts'
import { BLOCK_STYLES, PALETTE, type PaletteGroup, type PaletteItem } from '../blocks/catalogue.ts'
import { keyFigure } from '../blocks/figures.ts'
import { PALETTE_MIME } from '../canvas/gestures.ts'
import { viewCentre } from '../geometry/camera.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { placeBlock } from '../state/editing.ts'

const GROUPS: readonly PaletteGroup[] = ['housing', 'amenity', 'green', 'other']

/**
 * The palette of programme blocks. Each entry can be dragged onto the map, or activated (click,
 * Enter, Space) to place it in the middle of the view, so placing needs no pointer.
 */
export function Palette() {
  const s = useSession()
  const { t, lang } = useI18n()
  const place = (item: PaletteItem) => {
    const v = s.view
    placeBlock(s, item.id, viewCentre(v.camera.get(), v.size.get()))
  }
  return (
    <nav className="palette" aria-labelledby="palette-title">
      <h2 id="palette-title">{t('palette.title')}</h2>
      <p className="muted small">{t('palette.hint')}</p>
      {GROUPS.map((g) => (
        <section key={g} aria-labelledby={`palette-${g}`}>
          <h3 id={`palette-${g}`}>{t(`palette.${g}` as MessageKey)}</h3>
          <ul>
            {PALETTE.filter((p) => p.group === g).map((item) => {
              const name = t(`kind.${item.id}` as MessageKey)
              const style = BLOCK_STYLES[item.id]
              return (
                <li key={item.id}>
                  <button
                    type="button"
                    className="palette-item"
                    data-palette-id={item.id}
                    draggable
                    aria-label={t('palette.place', { name })}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(PALETTE_MIME, item.id)
                      e.dataTransfer.effectAllowed = 'copy'
                    }}
                    onClick={() => place(item)}
                  >
                    <span
                      className="swatch"
                      style={{ background: style.fill, borderColor: style.stroke }}
                      aria-hidden="true"
                    />
                    <span className="name">{name}</span>
                    <span className="figure">{keyFigure(item.make(asBlockId('palette'), [0, 0]), lang)}</span>
                  </button>
                </li>
              )
            })}
          </ul>
        </section>
      ))}
    </nav>
  )
}
