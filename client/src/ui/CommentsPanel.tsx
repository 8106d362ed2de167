import type { AreaId, BlockId, CommentTarget } from '@gebiedsbord/model'
import { useEffect, useRef, useState } from 'react'
import { useCell, usePlan, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import { CommentThread } from './CommentThread.tsx'
import { areaName, targetLabel } from './commentTargets.ts'
import { CommentEditor, postable } from './MentionTextarea.tsx'

/** Which threads the panel lists: those of the selection's area (auto), all, or one area's. */
type Filter = 'auto' | 'all' | AreaId

/** The target of a new comment on the current selection: the one block, else the area. */
function selectionTarget(blocks: ReadonlySet<BlockId>, area: AreaId | null): CommentTarget | null {
  if (blocks.size === 1) return { kind: 'block', block: [...blocks][0] as BlockId }
  if (area) return { kind: 'area', area }
  return null
}

/** Writes the first comment of a new thread on `target`. */
function Composer({ target }: { target: CommentTarget }) {
  const s = useSession()
  const { t } = useI18n()
  const d = s.discussion
  const [text, setText] = useState('')
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' })
  }, [])
  const post = () => {
    if (!postable(text)) return
    const { kind } = target
    const id =
      kind === 'rule'
        ? d.commentOnRule(target.area, target.rule, text)
        : kind === 'block'
          ? d.commentOnBlock(target.block, text)
          : d.commentOnArea(target.area, text)
    if (id) {
      setText('')
      d.composing.set(null)
    }
  }
  const title = t('comments.composeTitle', { target: targetLabel(s, target, t) })
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form element would submit on Enter in the inputs of the page around it.
    <div className="composer" ref={ref} role="group" aria-label={title}>
      <h3>{title}</h3>
      <CommentEditor
        label={title}
        value={text}
        onChange={setText}
        onSubmit={post}
        names={d.participants}
        me={d.me().name}
        placeholder={t('comments.placeholder')}
        submitLabel={t('comments.post')}
        onCancel={() => d.composing.set(null)}
      />
    </div>
  )
}

/**
 * The comments of the board: open threads per area (following the selection, or chosen), resolved
 * ones on request, a composer for a new thread, and why this user may only read when so.
 */
export function CommentsPanel() {
  const s = useSession()
  const { t, lang } = useI18n()
  const d = s.discussion
  const state = useCell(d.state)
  const composing = useCell(d.composing)
  const sel = useCell(s.selection)
  const [filter, setFilter] = useState<Filter>('auto')
  const [showResolved, setShowResolved] = useState(false)
  // Threads regroup when a block changes area; names follow renames.
  usePlan(s, () => s.mirror.placementVersion)
  usePlan(s, () => s.mirror.areasVersion)
  const single = sel.blocks.size === 1 ? ([...sel.blocks][0] as BlockId) : null
  const selectedArea = sel.area ?? (single ? s.mirror.areaOf(single) : null)
  const shownArea = filter === 'auto' ? selectedArea : filter === 'all' ? null : filter
  const groups = [...d.threadsByArea(showResolved)]
    .filter(([area]) => shownArea === null || area === shownArea)
    .map(([area, threads]) => ({ area, name: area ? areaName(s, area, t) : t('comments.noArea'), threads }))
    .sort((a, b) => (a.area === null ? 1 : b.area === null ? -1 : a.name.localeCompare(b.name)))
  const target = selectionTarget(sel.blocks, sel.area)

  let notice: string | null = null
  if (state.tooNew) notice = t('comments.tooNew')
  else if (!state.mayComment && s.access === 'view')
    notice = t(state.settings?.viewerComments ? 'comments.viewerWaiting' : 'comments.viewerReadOnly')

  return (
    <div className="comments-panel">
      {state.refused && (
        <div className="notice error" role="alert">
          <p>{t('comments.refused', { reason: state.refused })}</p>
          <button type="button" onClick={() => d.dismissRefusal()}>
            {t('comments.dismiss')}
          </button>
        </div>
      )}
      {notice && <p className="muted small">{notice}</p>}
      {state.mayComment &&
        (composing ? (
          <Composer key={JSON.stringify(composing)} target={composing} />
        ) : target ? (
          <button type="button" onClick={() => d.composing.set(target)}>
            {t(target.kind === 'block' ? 'comments.addOnBlock' : 'comments.addOnArea')}
          </button>
        ) : (
          <p className="muted small">{t('comments.selectToComment')}</p>
        ))}
      <div className="comments-filter">
        <div className="field">
          <label htmlFor="comments-filter">{t('comments.filter')}</label>
          <select id="comments-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            <option value="auto">{t('barcode.auto')}</option>
            <option value="all">{t('comments.all')}</option>
            {s.mirror.sortedAreas().map((a) => (
              <option key={a.id} value={a.id}>
                {a.name || t('area.untitled')}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />
          {t('comments.showResolved')}
        </label>
      </div>
      {groups.length === 0 && (
        <p className="muted">{t(state.threads.length === 0 ? 'comments.emptyAll' : 'comments.empty')}</p>
      )}
      {groups.map((g) => (
        <section
          key={g.area ?? ''}
          className="thread-group"
          data-testid="thread-group"
          data-area-id={g.area ?? undefined}
        >
          <h3>
            {g.name}{' '}
            <span className="count">
              {t('comments.openCount', { count: g.threads.filter((x) => !x.resolved).length })}
            </span>
          </h3>
          {g.threads.map((thread) => (
            <CommentThread
              key={thread.id}
              s={s}
              thread={thread}
              t={t}
              lang={lang}
              mayWrite={state.mayComment}
            />
          ))}
        </section>
      ))}
    </div>
  )
}
