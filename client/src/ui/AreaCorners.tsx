import type { AreaId, Ring } from '@gebiedsbord/model'
import { useState } from 'react'
import { useSession } from '../app/hooks.ts'
import { addCornerAfter, moveCorner, outlineProblem, removeCorner } from '../geometry/corners.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { updateAreaProps } from '../state/editing.ts'
import { NumberField } from './fields.tsx'

/**
 * An area's corners as number fields in metres, with add-after and remove buttons: the keyboard
 * way to reshape an outline (the map's corner handles need a pointer). Every edit is checked
 * (at least three corners, no self-crossing) before it is written, as one undo step.
 */
export function AreaCorners({ id, ring }: { id: AreaId; ring: Ring }) {
  const s = useSession()
  const { t } = useI18n()
  const [problem, setProblem] = useState<MessageKey | null>(null)
  const write = (next: Ring): void => {
    const p = outlineProblem(next)
    setProblem(p)
    if (!p) updateAreaProps(s, id, { polygon: next })
  }
  return (
    <fieldset className="corners">
      <legend>{t('inspector.corners')}</legend>
      <p className="muted small">{t('inspector.cornersHint')}</p>
      <ol>
        {ring.map(([x, y], i) => {
          const n = i + 1
          return (
            // Corners have no identity of their own; their position in the outline is what they are.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above.
            <li key={i} className="corner">
              <NumberField
                name={`corner-${n}-x`}
                label={t('inspector.cornerX', { n })}
                value={x}
                decimals={2}
                rule={(v) => outlineProblem(moveCorner(ring, i, [v, y]))}
                onCommit={(v) => write(moveCorner(ring, i, [v, y]))}
              />
              <NumberField
                name={`corner-${n}-y`}
                label={t('inspector.cornerY', { n })}
                value={y}
                decimals={2}
                rule={(v) => outlineProblem(moveCorner(ring, i, [x, v]))}
                onCommit={(v) => write(moveCorner(ring, i, [x, v]))}
              />
              <button type="button" onClick={() => write(addCornerAfter(ring, i))}>
                {t('inspector.addCorner', { n })}
              </button>
              <button
                type="button"
                className="danger"
                aria-disabled={ring.length <= 3 || undefined}
                onClick={() => write(removeCorner(ring, i))}
              >
                {t('inspector.removeCorner', { n })}
              </button>
            </li>
          )
        })}
      </ol>
      {problem && (
        <p className="field-error" role="alert">
          {t(problem)}
        </p>
      )}
    </fieldset>
  )
}
