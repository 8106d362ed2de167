import { useId } from 'react'
import { useCell } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { Cell } from '../state/observable.ts'
import { PartiesPanel } from './PartiesPanel.tsx'
import { PartyTable } from './PartyTable.tsx'
import { SignOffPanel } from './SignOffPanel.tsx'

/** The panels of the joint area bid, one shown at a time. */
export type BidTab = 'parties' | 'programme' | 'signoff'

const TABS: readonly [BidTab, MessageKey][] = [
  ['parties', 'bid.parties'],
  ['programme', 'bid.programme'],
  ['signoff', 'bid.signoff'],
]

/** Which bid panel is shown. */
export const bidTab = new Cell<BidTab>('programme')

/**
 * The joint area bid (gezamenlijk gebiedsbod) beside the barcode: the parties, who builds what
 * and their share of the targets, and which areas each party signed off.
 */
export function BidPanels() {
  const { t } = useI18n()
  const id = useId()
  const tab = useCell(bidTab)
  return (
    <section className="panel bid" aria-label={t('bid.label')}>
      <div role="tablist" className="tabs" aria-label={t('bid.label')}>
        {TABS.map(([value, key]) => (
          <button
            key={value}
            type="button"
            role="tab"
            id={`${id}-${value}`}
            aria-selected={tab === value}
            aria-controls={`${id}-panel`}
            tabIndex={tab === value ? 0 : -1}
            onClick={() => bidTab.set(value)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
              const i = TABS.findIndex(([v]) => v === tab)
              const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]
              if (next) {
                bidTab.set(next[0])
                document.getElementById(`${id}-${next[0]}`)?.focus()
              }
            }}
          >
            {t(key)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${tab}`}>
        {tab === 'parties' && <PartiesPanel />}
        {tab === 'programme' && <PartyTable />}
        {tab === 'signoff' && <SignOffPanel />}
      </div>
    </section>
  )
}
