import type { CommentTarget, Thread } from '@gebiedsbord/model'
import { useCell, useSession } from '../app/hooks.ts'
import { useDiscussionValue } from '../app/useDiscussion.ts'
import { useI18n } from '../i18n/lang.ts'
import type { BoardSession } from '../state/session.ts'
import { meetingTab, openComposer } from './MeetingPanels.tsx'

/** Open threads pinned to exactly this block or this rule of an area (an area's count: `openCount`). */
export function openOn(s: BoardSession, target: Exclude<CommentTarget, { kind: 'area' }>): number {
  const same = (t: Thread): boolean => {
    const x = t.target
    if (t.resolved || x.kind !== target.kind) return false
    if (x.kind === 'block' && target.kind === 'block') return x.block === target.block
    return x.kind === 'rule' && target.kind === 'rule' && x.area === target.area && x.rule === target.rule
  }
  return s.discussion.state.get().threads.filter(same).length
}

/** Open threads per rule of an area (none without an area: rules of the whole plan take no comments). */
export function openByRule(threads: readonly Thread[], area: string | null | undefined): Map<string, number> {
  const out = new Map<string, number>()
  if (!area) return out
  for (const t of threads)
    if (!t.resolved && t.target.kind === 'rule' && t.target.area === area)
      out.set(t.target.rule, (out.get(t.target.rule) ?? 0) + 1)
  return out
}

/**
 * The comment line of an inspector: how many open comments there are (a click shows them) and a
 * button that starts a thread on `target`, for those who may comment.
 */
export function CommentEntry({ target, label }: { target: CommentTarget; label: string }) {
  const s = useSession()
  const { t } = useI18n()
  const count = useDiscussionValue(s, () =>
    target.kind === 'area' ? s.discussion.openCount(target.area) : openOn(s, target),
  )
  const { mayComment } = useCell(s.discussion.state)
  return (
    <div className="comment-entry">
      {count > 0 && (
        <button type="button" className="link" onClick={() => meetingTab.set('comments')}>
          {t('comments.openCount', { count })}
        </button>
      )}
      {mayComment && (
        <button type="button" onClick={() => openComposer(s, target)}>
          {label}
        </button>
      )}
    </div>
  )
}
