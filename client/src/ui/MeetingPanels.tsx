import type { CommentTarget } from '@gebiedsbord/model'
import { useMemo } from 'react'
import { useCell, useSession } from '../app/hooks.ts'
import { useDiscussionValue } from '../app/useDiscussion.ts'
import { useI18n } from '../i18n/lang.ts'
import { Cell } from '../state/observable.ts'
import type { BoardSession } from '../state/session.ts'
import { CommentsPanel } from './CommentsPanel.tsx'
import { DecisionsPanel } from './DecisionsPanel.tsx'
import { TabbedPanel } from './TabbedPanel.tsx'
import { TimelinePanel } from './TimelinePanel.tsx'

/** The panels of a session, one shown at a time. */
export type MeetingTab = 'comments' | 'decisions' | 'timeline'

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
  const open = useDiscussionValue(s, () => {
    let n = 0
    for (const list of s.discussion.openByArea().values()) n += list.length
    return n
  })
  const { threads } = useCell(s.discussion.state)
  const me = s.discussion.me().name
  // biome-ignore lint/correctness/useExhaustiveDependencies: mentionsMe reads `me`; a new name re-reads.
  const mentioned = useMemo(
    () => threads.some((x) => !x.resolved && s.discussion.mentionsMe(x)),
    [s, threads, me],
  )
  return (
    <TabbedPanel
      className="meeting"
      label="meeting.label"
      current={meetingTab}
      tabs={[
        {
          value: 'comments',
          label: 'comments.title',
          panel: <CommentsPanel />,
          badge: open > 0 && (
            <span className={`tab-count${mentioned ? ' mentioned' : ''}`}>
              {mentioned ? `@ ${open}` : open}
              <span className="visually-hidden">
                {' '}
                ({t('comments.openCount', { count: open })}
                {mentioned ? `, ${t('comments.mentionsYou')}` : ''})
              </span>
            </span>
          ),
        },
        { value: 'decisions', label: 'decisions.title', panel: <DecisionsPanel /> },
        { value: 'timeline', label: 'timeline.title', panel: <TimelinePanel /> },
      ]}
      onClickTab={(value) => {
        // A viewer learns only on request whether the owner has since opened comments to viewers.
        if (value === 'comments' && s.readOnly) void s.discussion.refreshSettings()
      }}
    />
  )
}
