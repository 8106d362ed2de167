import { type ReactNode, useId } from 'react'
import { useCell } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import type { Cell } from '../state/observable.ts'

/** One tab of a `TabbedPanel`. */
export interface PanelTab<T extends string> {
  readonly value: T
  readonly label: MessageKey
  /** What the tab shows when chosen (rendered only then). */
  readonly panel: ReactNode
  /** Shown after the label, e.g. a count. */
  readonly badge?: ReactNode
}

export interface TabbedPanelProps<T extends string> {
  /** Classes of the section besides `panel`. */
  readonly className: string
  readonly label: MessageKey
  readonly tabs: readonly PanelTab<T>[]
  /** Which tab is shown: entry points elsewhere may switch it. */
  readonly current: Cell<T>
  /** Told when a tab is clicked (not when the arrow keys move between tabs). */
  readonly onClickTab?: (value: T) => void
}

/**
 * A side panel of several panels, one shown at a time, as an ARIA tab list: the arrow keys move
 * between the tabs, and only the chosen tab is in the tab order.
 */
export function TabbedPanel<T extends string>({
  className,
  label,
  tabs,
  current,
  onClickTab,
}: TabbedPanelProps<T>) {
  const { t } = useI18n()
  const id = useId()
  const tab = useCell(current)
  return (
    <section className={`panel ${className}`} aria-label={t(label)}>
      <div role="tablist" className="tabs" aria-label={t(label)}>
        {tabs.map(({ value, label: key, badge }) => (
          <button
            key={value}
            type="button"
            role="tab"
            id={`${id}-${value}`}
            aria-selected={tab === value}
            aria-controls={`${id}-panel`}
            tabIndex={tab === value ? 0 : -1}
            onClick={() => {
              current.set(value)
              onClickTab?.(value)
            }}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
              const i = tabs.findIndex((x) => x.value === tab)
              const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]
              if (next) {
                current.set(next.value)
                document.getElementById(`${id}-${next.value}`)?.focus()
              }
            }}
          >
            {t(key)}
            {badge}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${tab}`}>
        {tabs.find((x) => x.value === tab)?.panel}
      </div>
    </section>
  )
}
