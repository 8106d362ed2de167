import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import type { Scope } from './scope.ts'

export interface ScopeSelectProps {
  readonly id: string
  readonly label: MessageKey
  readonly value: Scope
  readonly onChange: (scope: Scope) => void
  /** The areas to choose from, in the order they are offered. */
  readonly areas: readonly { readonly id: string; readonly name: string }[]
  /** Offers the whole plan as well (a panel about one area at a time leaves it out). */
  readonly withPlan?: boolean
}

/** A panel's scope select: the selection's area (auto), the whole plan, or an area by name. */
export function ScopeSelect({ id, label, value, onChange, areas, withPlan = true }: ScopeSelectProps) {
  const { t } = useI18n()
  return (
    <div className="field">
      <label htmlFor={id}>{t(label)}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="auto">{t('barcode.auto')}</option>
        {withPlan && <option value="plan">{t('barcode.plan')}</option>}
        {areas.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name || t('area.untitled')}
          </option>
        ))}
      </select>
    </div>
  )
}
