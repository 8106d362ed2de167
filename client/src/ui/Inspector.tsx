import { useCell, usePlan, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { normSets } from '../state/barcodeStore.ts'
import { alignBlocks, deleteBlocks, duplicateBlocks, updateBoard } from '../state/editing.ts'
import { AreaInspector } from './AreaInspector.tsx'
import { BaseMapSettings } from './BaseMapSettings.tsx'
import { BlockInspector } from './BlockInspector.tsx'
import { SelectField } from './fields.tsx'

const ARRANGE = [
  ['left', 'action.alignLeft'],
  ['right', 'action.alignRight'],
  ['top', 'action.alignTop'],
  ['bottom', 'action.alignBottom'],
  ['centre-x', 'action.alignCentreX'],
  ['centre-y', 'action.alignCentreY'],
  ['distribute-x', 'action.distributeX'],
  ['distribute-y', 'action.distributeY'],
] as const

/** Properties of the selection: one block, one area, several blocks, or the board itself. */
export function Inspector() {
  const s = useSession()
  const { t, lang } = useI18n()
  const sel = useCell(s.selection)
  const boardSetId = usePlan(s, () => s.mirror.board.normSetId ?? 'nl-reference')
  let body: React.ReactNode
  if (sel.blocks.size === 1) body = <BlockInspector id={[...sel.blocks][0] as never} />
  else if (sel.blocks.size > 1)
    body = (
      <div className="multi">
        <p>{t('inspector.multi', { count: sel.blocks.size })}</p>
        {!s.readOnly && (
          <>
            <div className="button-row">
              <button type="button" onClick={() => duplicateBlocks(s, sel.blocks)}>
                {t('action.duplicate')}
              </button>
              <button type="button" className="danger" onClick={() => deleteBlocks(s, sel.blocks)}>
                {t('action.delete')}
              </button>
            </div>
            <fieldset className="arrange">
              <legend>{t('action.arrange')}</legend>
              {ARRANGE.map(([how, key]) => (
                <button key={how} type="button" onClick={() => alignBlocks(s, sel.blocks, how)}>
                  {t(key as MessageKey)}
                </button>
              ))}
            </fieldset>
          </>
        )}
      </div>
    )
  else if (sel.area) body = <AreaInspector id={sel.area} />
  else
    body = (
      <>
        <p className="muted">{t('inspector.empty')}</p>
        <SelectField
          name="board-norm-set"
          label={t('board.normSet')}
          value={boardSetId}
          disabled={s.readOnly}
          options={normSets()
            .list()
            .map((n) => ({ value: n.id, label: n.name[lang] }))}
          onCommit={(v) => updateBoard(s, { normSetId: v })}
        />
        {!s.readOnly && <BaseMapSettings />}
      </>
    )
  return (
    <section className="panel inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">{t('inspector.title')}</h2>
      {body}
    </section>
  )
}
