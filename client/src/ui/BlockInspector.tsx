import {
  AMENITY_USES,
  type AmenityUse,
  type Block,
  type BlockId,
  type BlockKind,
  GREEN_USES,
  type GreenUse,
  ringBBox,
  SEGMENTS,
  type Segment,
} from '@gebiedsbord/model'
import { useRef } from 'react'
import { usePlan, useSession } from '../app/hooks.ts'
import { KINDS, paletteIdOf } from '../blocks/catalogue.ts'
import { deriveFigures } from '../blocks/figures.ts'
import { formatInt, formatM2 } from '../i18n/format.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { normSets } from '../state/barcodeStore.ts'
import {
  changeBlockKind,
  deleteBlocks,
  duplicateBlocks,
  moveBlockTo,
  moveBlockToArea,
  setBlockRotation,
  setBlockSize,
  updateBlockProps,
} from '../state/editing.ts'
import { sortedParties } from '../state/parties.ts'
import { CommentEntry } from './CommentEntry.tsx'
import { NumberField, SelectField, TextField } from './fields.tsx'
import { anyNumber, positive, wholeFloors, wholeNonNegative } from './validation.ts'

/** Every property of one block, editable with validation, and the figures derived from them. */
export function BlockInspector({ id }: { id: BlockId }) {
  const s = useSession()
  const { t, lang } = useI18n()
  // While this block is dragged or resized its fields hold still: the inspector catches up at the
  // end of the gesture instead of re-rendering every frame.
  const held = useRef<Block | undefined>(undefined)
  const b = usePlan(s, () => {
    if (held.current?.id === id && s.gesture.get().has(id)) return held.current
    held.current = s.mirror.blocks.get(id)
    return held.current
  })
  const areaId = usePlan(s, () => s.mirror.areaOf(id))
  const area = usePlan(s, () => (areaId ? s.mirror.areas.get(areaId) : undefined))
  const boardSetId = usePlan(s, () => s.mirror.board.normSetId)
  usePlan(s, () => s.mirror.areasVersion)
  usePlan(s, () => s.mirror.partiesVersion)
  if (!b) return null
  const ro = s.readOnly
  const box = ringBBox(b.shape)
  const width = box.maxX - box.minX
  const depth = box.maxY - box.minY
  const sets = normSets()
  const set = sets.get(area?.normSetId ?? boardSetId ?? 'nl-reference') ?? (sets.get('nl-reference') as never)
  const areaType =
    area?.areaType && set.areaTypes.includes(area.areaType) ? area.areaType : set.defaultAreaType
  const d = deriveFigures(b, set, areaType)
  const kindName = t(`kind.${paletteIdOf(b)}` as MessageKey)
  const parties = sortedParties(s.mirror.parties.values())

  return (
    <div className="block-inspector" data-block-id={b.id}>
      <p className="kind-line">
        <span className="kind-chip">{t(`kindName.${b.kind}` as MessageKey)}</span> {kindName}
      </p>
      <SelectField<BlockKind>
        name="kind"
        label={t('inspector.kind')}
        value={b.kind}
        disabled={ro}
        options={KINDS.map((k) => ({ value: k, label: t(`kindName.${k}` as MessageKey) }))}
        onCommit={(k) => changeBlockKind(s, id, k)}
      />
      <TextField
        name="label"
        label={t('inspector.label')}
        value={b.label ?? ''}
        placeholder={kindName}
        disabled={ro}
        onCommit={(v) => updateBlockProps(s, id, { label: v === '' ? null : v })}
      />
      {b.kind === 'housing' && (
        <>
          <SelectField<Segment>
            name="segment"
            label={t('inspector.segment')}
            value={b.segment}
            disabled={ro}
            options={SEGMENTS.map((x) => ({ value: x, label: t(`segment.${x}` as MessageKey) }))}
            onCommit={(v) => updateBlockProps(s, id, { segment: v })}
          />
          <NumberField
            name="dwellings"
            label={t('inspector.dwellings')}
            value={b.dwellings}
            rule={wholeNonNegative}
            disabled={ro}
            onCommit={(v) => updateBlockProps(s, id, { dwellings: v })}
          />
        </>
      )}
      {b.kind === 'amenity' && (
        <SelectField<AmenityUse>
          name="use"
          label={t('inspector.use')}
          value={b.use}
          disabled={ro}
          options={AMENITY_USES.map((x) => ({ value: x, label: t(`use.${x}` as MessageKey) }))}
          onCommit={(v) => updateBlockProps(s, id, { use: v })}
        />
      )}
      {b.kind === 'green' && (
        <SelectField<GreenUse>
          name="use"
          label={t('inspector.use')}
          value={b.use}
          disabled={ro}
          options={GREEN_USES.map((x) => ({ value: x, label: t(`use.${x}` as MessageKey) }))}
          onCommit={(v) => updateBlockProps(s, id, { use: v })}
        />
      )}
      {b.kind === 'parking' && (
        <NumberField
          name="places"
          label={t('inspector.places')}
          value={b.places}
          rule={wholeNonNegative}
          disabled={ro}
          onCommit={(v) => updateBlockProps(s, id, { places: v })}
        />
      )}
      <div className="field-grid">
        <NumberField
          name="floors"
          label={t('inspector.floors')}
          value={b.floors}
          rule={wholeFloors}
          disabled={ro}
          onCommit={(v) => updateBlockProps(s, id, { floors: v })}
        />
        <NumberField
          name="rotation"
          label={t('inspector.rotation')}
          value={b.rotation}
          decimals={1}
          rule={anyNumber}
          disabled={ro}
          onCommit={(v) => setBlockRotation(s, id, v)}
        />
        <NumberField
          name="width"
          label={t('inspector.width')}
          value={width}
          decimals={1}
          rule={positive}
          disabled={ro}
          onCommit={(v) => setBlockSize(s, id, v, depth)}
        />
        <NumberField
          name="depth"
          label={t('inspector.depth')}
          value={depth}
          decimals={1}
          rule={positive}
          disabled={ro}
          onCommit={(v) => setBlockSize(s, id, width, v)}
        />
        <NumberField
          name="x"
          label={t('inspector.x')}
          value={b.x}
          decimals={1}
          rule={anyNumber}
          disabled={ro}
          onCommit={(v) => moveBlockTo(s, id, [v, b.y])}
        />
        <NumberField
          name="y"
          label={t('inspector.y')}
          value={b.y}
          decimals={1}
          rule={anyNumber}
          disabled={ro}
          onCommit={(v) => moveBlockTo(s, id, [b.x, v])}
        />
      </div>
      {parties.length > 0 && (
        <SelectField
          name="party"
          label={t('inspector.party')}
          // A party removed while someone assigned it reads as none.
          value={b.party && s.mirror.parties.has(b.party) ? b.party : ''}
          disabled={ro}
          options={[
            { value: '', label: t('inspector.noParty') },
            ...parties.map((p) => ({ value: p.id, label: p.name })),
          ]}
          onCommit={(v) => updateBlockProps(s, id, { party: v === '' ? null : (v as never) })}
        />
      )}
      <h3>{t('inspector.derived')}</h3>
      <dl className="derived">
        <dt>{t('inspector.footprint')}</dt>
        <dd>{formatM2(d.footprintM2, lang)}</dd>
        <dt>{t('inspector.bvo')}</dt>
        <dd data-figure="bvo">{formatM2(d.floorAreaM2, lang)}</dd>
        {b.kind === 'housing' && (
          <>
            <dt>{t('inspector.residents')}</dt>
            <dd data-figure="residents">{formatInt(d.residents, lang)}</dd>
            <dt>{t('inspector.pupils')}</dt>
            <dd data-figure="pupils">{formatInt(d.pupils, lang)}</dd>
          </>
        )}
      </dl>
      <SelectField
        name="area"
        label={t('inspector.inArea')}
        value={areaId ?? ''}
        disabled={ro}
        options={[
          { value: '', label: t('inspector.outside') },
          ...s.mirror
            .sortedAreas()
            .map((a) => ({ value: a.id as string, label: a.name || t('area.untitled') })),
        ]}
        onCommit={(v) => v && moveBlockToArea(s, id, v as never)}
      />
      <CommentEntry target={{ kind: 'block', block: id }} label={t('comments.addOnBlock')} />
      {!ro && (
        <div className="button-row">
          <button type="button" onClick={() => duplicateBlocks(s, [id])}>
            {t('action.duplicate')}
          </button>
          <button type="button" className="danger" onClick={() => deleteBlocks(s, [id])}>
            {t('action.delete')}
          </button>
        </div>
      )}
    </div>
  )
}
