import type { AreaId } from '@gebiedsbord/model'
import { useSyncExternalStore } from 'react'
import { usePlan, useSession } from '../app/hooks.ts'
import { ringHectares } from '../geometry/hitTest.ts'
import { formatFixed, formatHa, formatInt } from '../i18n/format.ts'
import { useI18n } from '../i18n/lang.ts'
import { normSets } from '../state/barcodeStore.ts'
import { removeArea, updateAreaProps } from '../state/editing.ts'
import { AreaCorners } from './AreaCorners.tsx'
import { CommentEntry } from './CommentEntry.tsx'
import { SelectField, TextField } from './fields.tsx'

/** An area's name, living-environment type, norm set and catchment, with its size and programme. */
export function AreaInspector({ id }: { id: AreaId }) {
  const s = useSession()
  const { t, lang } = useI18n()
  const report = useSyncExternalStore(s.barcode.subscribe, s.barcode.report)
  const area = usePlan(s, () => s.mirror.areas.get(id))
  const boardSetId = usePlan(s, () => s.mirror.board.normSetId ?? 'nl-reference')
  if (!area) return null
  const ro = s.readOnly
  const sets = normSets()
  const set = sets.get(area.normSetId ?? boardSetId) ?? sets.get('nl-reference')
  const r = report.areas.find((a) => a.id === id)
  const ha = ringHectares(area.polygon)
  return (
    <div className="area-inspector" data-area-id={id}>
      <TextField
        name="area-name"
        label={t('inspector.areaName')}
        value={area.name}
        required
        disabled={ro}
        onCommit={(v) => updateAreaProps(s, id, { name: v })}
      />
      <SelectField
        name="area-type"
        label={t('inspector.areaType')}
        value={area.areaType ?? set?.defaultAreaType ?? ''}
        disabled={ro}
        options={(set?.areaTypes ?? []).map((x) => ({ value: x, label: x }))}
        onCommit={(v) => updateAreaProps(s, id, { areaType: v })}
      />
      <SelectField
        name="area-norm-set"
        label={t('inspector.areaNormSet')}
        value={area.normSetId ?? ''}
        disabled={ro}
        options={[
          {
            value: '',
            label: t('inspector.boardDefault', { name: sets.get(boardSetId)?.name[lang] ?? boardSetId }),
          },
          ...sets.list().map((n) => ({ value: n.id, label: n.name[lang] })),
        ]}
        onCommit={(v) => updateAreaProps(s, id, { normSetId: v === '' ? null : v })}
      />
      <TextField
        name="catchment"
        label={t('inspector.catchment')}
        value={area.catchment ?? ''}
        disabled={ro}
        onCommit={(v) => updateAreaProps(s, id, { catchment: v === '' ? null : v })}
      />
      <p className="muted small">{t('inspector.catchmentHint')}</p>
      <dl className="derived">
        <dt>{t('inspector.areaSize')}</dt>
        <dd>{formatHa(ha, lang)}</dd>
        <dt>{t('inspector.areaDwellings')}</dt>
        <dd>{formatInt(r?.metrics.dwellings ?? 0, lang)}</dd>
        <dt>{t('inspector.density')}</dt>
        <dd>{formatFixed(r?.metrics.density ?? 0, lang, 1)} wo/ha</dd>
      </dl>
      <CommentEntry target={{ kind: 'area', area: id }} label={t('comments.addOnArea')} />
      {!ro && (
        <>
          <p className="muted small">{t('inspector.editVertices')}</p>
          <AreaCorners id={id} ring={area.polygon} />
          <button type="button" className="danger" onClick={() => removeArea(s, id)}>
            {t('inspector.deleteArea')}
          </button>
        </>
      )}
    </div>
  )
}
