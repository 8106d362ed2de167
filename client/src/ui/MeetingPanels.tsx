import type { CommentTarget } from '@gebiedsbord/model'
import { useId } from 'react'
import { useCell, useSession } from '../app/hooks.ts'
import { useDiscussionValue } from '../app/useDiscussion.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { Cell } from '../state/observable.ts'
import type { BoardSession } from '../state/session.ts'
import { CommentsPanel } from './CommentsPanel.tsx'
import { DecisionsPanel } from './DecisionsPanel.tsx'
import { TimelinePanel } from './TimelinePanel.tsx'

/** The panels of a session, one shown at a time. */
export type MeetingTab = 'comments' | 'decisions' | 'timeline'

const TABS: readonly [MeetingTab, MessageKey][] = [
  ['comments', 'comments.title'],
  ['decisions', 'decisions.title'],
  ['timeline', 'timeline.title'],
]

/** Which session panel is shown: entry points elsewhere (a rule's comment button) switch it. */
export const meetingTab = new Cell<MeetingTab>('comments')

/** Opens the comments panel with a new thread on `target` (the inspectors' and rules' buttons). */
export function openComposer(s: BoardSession, target: CommentTarget): void {
  meetingTab.set('comments')
  s.discussion.composing.set(target)
}

/**
 * Comments, decisions and the session timeline as tabs in one panel: a working session uses all
 * three, and the side column stays short enough to keep the barcode in view.
 */
export function MeetingPanels() {
  const s = useSession()
  const { t } = useI18n()
  const id = useId()
  const tab = useCell(meetingTab)
  const open = useDiscussionValue(s, () => {
    let n = 0
    for (const list of s.discussion.openByArea().values()) n += list.length
    return n
  })
  const mentioned = useDiscussionValue(s, () =>
    s.discussion.state.get().threads.some((x) => !x.resolved && s.discussion.mentionsMe(x)),
  )
  return (
    <section className="panel meeting" aria-label={t('meeting.label')}>
      <div role="tablist" className="tabs" aria-label={t('meeting.label')}>
        {TABS.map(([value, key]) => (
          <button
            key={value}
            type="button"
            role="tab"
            id={`${id}-${value}`}
            aria-selected={tab === value}
            aria-controls={`${id}-panel`}
            tabIndex={tab === value ? 0 : -1}
            onClick={() => {
              meetingTab.set(value)
              // A viewer learns only on request whether the owner has since opened comments to viewers.
              if (value === 'comments' && s.readOnly) void s.discussion.refreshSettings()
            }}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
              const i = TABS.findIndex(([v]) => v === tab)
              const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]
              if (next) {
                meetingTab.set(next[0])
                document.getElementById(`${id}-${next[0]}`)?.focus()
              }
            }}
          >
            {t(key)}
            {value === 'comments' && open > 0 && (
              <span className={`tab-count${mentioned ? ' mentioned' : ''}`}>
                {mentioned ? `@ ${open}` : open}
                <span className="visually-hidden">
                  {' '}
                  ({t('comments.openCount', { count: open })}
                  {mentioned ? `, ${t('comments.mentionsYou')}` : ''})
                </span>
              </span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${tab}`}>
        {tab === 'comments' && <CommentsPanel />}
        {tab === 'decisions' && <DecisionsPanel />}
        {tab === 'timeline' && <TimelinePanel />}
      </div>
    </section>
  )
}
