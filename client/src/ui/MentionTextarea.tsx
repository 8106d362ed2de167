import { MAX_TEXT_LENGTH } from '@gebiedsbord/model'
import { useId, useRef, useState } from 'react'
import { useI18n } from '../i18n/lang.ts'
import { insertMention, mentionQuery, mentionSuggestions } from './mentionText.ts'

interface MentionTextareaProps {
  label: string
  value: string
  onChange: (v: string) => void
  onSubmit: () => void
  /** Everyone who can be mentioned. */
  names: () => readonly string[]
  /** This user, left out of the suggestions. */
  me: string
  placeholder?: string
  autoFocus?: boolean
}

/**
 * A comment box with its submit and cancel buttons, focused: how a thread is started, a reply
 * written and a comment edited. Submit stays disabled until the text can be posted.
 */
export function CommentEditor({
  submitLabel,
  onCancel,
  ...box
}: Omit<MentionTextareaProps, 'autoFocus'> & { submitLabel: string; onCancel: () => void }) {
  const { t } = useI18n()
  return (
    <>
      <MentionTextarea {...box} autoFocus />
      <div className="button-row">
        <button type="button" className="primary" disabled={!postable(box.value)} onClick={box.onSubmit}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('comments.cancel')}
        </button>
      </div>
    </>
  )
}

/**
 * A comment box that offers the participants' names after an `@`: arrows choose, Enter or Tab
 * picks, Escape closes the list. Ctrl+Enter (⌘+Enter) submits.
 */
export function MentionTextarea({
  label,
  value,
  onChange,
  onSubmit,
  names,
  me,
  placeholder,
  autoFocus,
}: MentionTextareaProps) {
  const { t } = useI18n()
  const id = useId()
  const ref = useRef<HTMLTextAreaElement>(null)
  const [caret, setCaret] = useState<number | null>(null)
  const [active, setActive] = useState(0)
  const [closedAt, setClosedAt] = useState<number | null>(null)
  const query = caret === null ? null : mentionQuery(value, caret)
  const suggestions = query && query.start !== closedAt ? mentionSuggestions(query.query, names(), me) : []
  const open = suggestions.length > 0
  const index = Math.min(active, suggestions.length - 1)

  const track = (el: HTMLTextAreaElement) =>
    setCaret(el.selectionStart === el.selectionEnd ? el.selectionStart : null)
  const pick = (name: string) => {
    if (!query || caret === null) return
    const next = insertMention(value, query.start, caret, name)
    onChange(next.text)
    setCaret(next.caret)
    requestAnimationFrame(() => {
      ref.current?.focus()
      ref.current?.setSelectionRange(next.caret, next.caret)
    })
  }
  const tooLong = value.trim().length > MAX_TEXT_LENGTH

  return (
    <div className="mention-box">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={id}
        ref={ref}
        value={value}
        rows={3}
        maxLength={MAX_TEXT_LENGTH}
        placeholder={placeholder}
        // biome-ignore lint/a11y/noAutofocus: the box opens because the user asked to write in it.
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={open ? `${id}-names` : undefined}
        aria-activedescendant={open ? `${id}-name-${index}` : undefined}
        aria-invalid={tooLong || undefined}
        onChange={(e) => {
          onChange(e.target.value)
          setActive(0)
          setClosedAt(null)
          track(e.target)
        }}
        onSelect={(e) => track(e.currentTarget)}
        onBlur={() => setCaret(null)}
        onKeyDown={(e) => {
          if (open) {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault()
              const step = e.key === 'ArrowDown' ? 1 : -1
              setActive((index + step + suggestions.length) % suggestions.length)
              return
            }
            if (e.key === 'Enter' || e.key === 'Tab') {
              e.preventDefault()
              pick(suggestions[index] as string)
              return
            }
            if (e.key === 'Escape') {
              e.preventDefault()
              setClosedAt(query?.start ?? null)
              return
            }
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            onSubmit()
          }
        }}
      />
      {open && (
        <div
          className="mention-list"
          role="listbox"
          id={`${id}-names`}
          aria-label={t('comments.suggestions')}
        >
          {suggestions.map((name, i) => (
            <div
              key={name}
              id={`${id}-name-${i}`}
              role="option"
              // Reached with the arrow keys from the textarea (aria-activedescendant), never by Tab.
              tabIndex={-1}
              aria-selected={i === index}
              // Before the textarea's blur: a click must pick the name, not close the list.
              onMouseDown={(e) => {
                e.preventDefault()
                pick(name)
              }}
            >
              @{name}
            </div>
          ))}
        </div>
      )}
      {tooLong && (
        <span className="field-error" role="alert">
          {t('comments.tooLong', { max: MAX_TEXT_LENGTH })}
        </span>
      )}
    </div>
  )
}

/** Whether a typed text can be posted: not blank, not over the limit. */
export const postable = (text: string): boolean => text.trim() !== '' && text.trim().length <= MAX_TEXT_LENGTH
