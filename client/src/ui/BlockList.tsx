import type { AreaId, BlockId } from '@gebiedsbord/model'
import { memo, useCallback, useRef, useState } from 'react'
import { useAreaOfSelected, useCell, usePlan, useSession } from '../app/hooks.ts'
import { BLOCK_STYLES } from '../blocks/catalogue.ts'
import { type Translate, useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { deleteBlocks, duplicateBlocks } from '../state/editing.ts'
import type { BoardSession } from '../state/session.ts'
import { type BlockRowData, BlockRows, type RowFilter } from './blockRows.ts'
import { CopyIcon, TrashIcon } from './icons.tsx'

/** Rows rendered at first: enough to work with, few enough that a 10,000-block board stays quick. */
const PAGE = 100

/** Which blocks the list shows. */
type Filter = 'auto' | 'all' | 'outside' | AreaId

/**
 * The blocks as an accessible list, mirroring the map: per area (following the selection, or
 * chosen), each with its figure and actions (select, duplicate, delete; the inspector then edits
 * every property and moves it to another area), so the plan can be worked without the canvas.
 */
export function BlockList() {
  const s = useSession()
  const { t, lang } = useI18n()
  const sel = useCell(s.selection)
  const [filter, setFilter] = useState<Filter>('auto')
  const [limit, setLimit] = useState(PAGE)
  const model = useRef(new BlockRows()).current
  let areaFilter: RowFilter = 'all'
  const single = sel.blocks.size === 1 ? ([...sel.blocks][0] as BlockId) : null
  const singleArea = useAreaOfSelected(s, single)
  if (filter === 'auto') {
    if (sel.area) areaFilter = sel.area
    else if (single) areaFilter = singleArea
  } else if (filter === 'outside') areaFilter = null
  else if (filter !== 'all') areaFilter = filter
  usePlan(s, () => s.mirror.areasVersion)
  const kindLabel = useCallback((id: string) => t(`kind.${id}` as MessageKey), [t])
  const rows = usePlan(s, () => model.rows(s.mirror, areaFilter, limit, sel.blocks, lang, kindLabel))
  const count = model.count
  const areas = s.mirror.sortedAreas()
  return (
    <section className="panel block-list" aria-labelledby="blocks-title">
      <h2 id="blocks-title">{t('blocks.title')}</h2>
      <div className="field">
        <label htmlFor="blocks-filter">{t('blocks.filter')}</label>
        <select
          id="blocks-filter"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value as Filter)
            setLimit(PAGE)
          }}
        >
          <option value="auto">{t('barcode.auto')}</option>
          <option value="all">{t('blocks.all')}</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name || t('area.untitled')}
            </option>
          ))}
          <option value="outside">{t('blocks.outside')}</option>
        </select>
      </div>
      <p className="muted small" aria-live="polite">
        {t('blocks.count', { count })}
      </p>
      {count === 0 ? <p className="muted">{t('blocks.empty')}</p> : null}
      {/* biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari; it is stated. */}
      <ul role="list" aria-label={t('blocks.listLabel')} className="blocks">
        {rows.map((r) => (
          <BlockRow key={r.id} row={r} session={s} t={t} />
        ))}
      </ul>
      {count > limit && (
        <button type="button" onClick={() => setLimit(limit + PAGE)}>
          {t('blocks.more', { count: Math.min(PAGE, count - limit) })}
        </button>
      )}
    </section>
  )
}

const BlockRow = memo(function BlockRow({
  row,
  session: s,
  t,
}: {
  row: BlockRowData
  session: BoardSession
  t: Translate
}) {
  const { id, name, figure, selected } = row
  const style = BLOCK_STYLES[row.paletteId]
  return (
    // biome-ignore lint/a11y/noRedundantRoles: list styling removes the implicit role in some browsers.
    <li role="listitem" className={selected ? 'selected' : undefined} data-block-id={id}>
      <span
        className="swatch"
        style={{ background: style.fill, borderColor: style.stroke }}
        aria-hidden="true"
      />
      <button
        type="button"
        className="block-name"
        aria-pressed={selected}
        aria-label={`${name}, ${figure}`}
        title={t('action.selectBlock', { name })}
        onClick={(e) => (e.shiftKey ? s.selection.toggleBlock(id) : s.selection.selectBlocks([id]))}
      >
        <span>{name}</span>
        <span className="figure">{figure}</span>
      </button>
      {!s.readOnly && (
        <span className="row-actions">
          <button
            type="button"
            className="icon"
            aria-label={t('action.duplicateBlock', { name })}
            title={t('action.duplicate')}
            onClick={() => duplicateBlocks(s, [id])}
          >
            <CopyIcon />
          </button>
          <button
            type="button"
            className="icon danger"
            aria-label={t('action.deleteBlock', { name })}
            title={t('action.delete')}
            onClick={() => deleteBlocks(s, [id])}
          >
            <TrashIcon />
          </button>
        </span>
      )}
    </li>
  )
})
