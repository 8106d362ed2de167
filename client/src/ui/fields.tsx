import { useEffect, useId, useState } from 'react'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { type NumberRule, parseNumber } from './validation.ts'

/** A number input that validates as the user types and commits on Enter or leaving the field. */
export function NumberField({
  label,
  value,
  rule,
  decimals = 0,
  disabled,
  onCommit,
  name,
}: {
  label: string
  value: number
  rule: NumberRule
  decimals?: number
  disabled?: boolean
  onCommit: (v: number) => void
  name: string
}) {
  const { t, lang } = useI18n()
  const id = useId()
  const shown = format(value, decimals, lang)
  const [draft, setDraft] = useState(shown)
  const [focused, setFocused] = useState(false)
  useEffect(() => {
    if (!focused) setDraft(shown)
  }, [shown, focused])
  const parsed = parseNumber(draft, lang)
  const error: MessageKey | null = parsed === null ? 'error.number' : rule(parsed)
  const commit = () => {
    if (error || parsed === null) return
    if (Math.abs(parsed - value) > 10 ** -(decimals + 1)) onCommit(parsed)
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        inputMode="decimal"
        value={draft}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onFocus={() => setFocused(true)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          setFocused(false)
          commit()
          if (error) setDraft(shown)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
          if (e.key === 'Escape') setDraft(shown)
        }}
      />
      {error && focused && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {t(error)}
        </span>
      )}
    </div>
  )
}

function format(v: number, decimals: number, lang: 'nl' | 'en'): string {
  const f = 10 ** decimals
  const r = Math.round(v * f) / f
  const s = String(Object.is(r, -0) ? 0 : r)
  return lang === 'nl' ? s.replace('.', ',') : s
}

/** A text input that commits on Enter or leaving the field. */
export function TextField({
  label,
  value,
  disabled,
  required,
  onCommit,
  name,
  placeholder,
}: {
  label: string
  value: string
  disabled?: boolean
  required?: boolean
  onCommit: (v: string) => void
  name: string
  placeholder?: string
}) {
  const { t } = useI18n()
  const id = useId()
  const [draft, setDraft] = useState(value)
  const [focused, setFocused] = useState(false)
  useEffect(() => {
    if (!focused) setDraft(value)
  }, [value, focused])
  const error = required && draft.trim() === ''
  const commit = () => {
    if (error) return
    if (draft.trim() !== value) onCommit(draft.trim())
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        value={draft}
        disabled={disabled}
        maxLength={200}
        placeholder={placeholder}
        aria-invalid={error || undefined}
        onFocus={() => setFocused(true)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          setFocused(false)
          commit()
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
        }}
      />
      {error && focused && (
        <span className="field-error" role="alert">
          {t('error.required')}
        </span>
      )}
    </div>
  )
}

/** A labelled select that commits on change. */
export function SelectField<T extends string>({
  label,
  value,
  options,
  disabled,
  onCommit,
  name,
}: {
  label: string
  value: T
  options: readonly { value: T; label: string }[]
  disabled?: boolean
  onCommit: (v: T) => void
  name: string
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        disabled={disabled}
        onChange={(e) => onCommit(e.target.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}
