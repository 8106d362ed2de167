import type { Comment, CommentId, Thread } from '@gebiedsbord/model'
import { useState } from 'react'
import { formatMoment } from '../i18n/dates.ts'
import type { Lang } from '../i18n/format.ts'
import type { Translate } from '../i18n/lang.ts'
import type { BoardSession } from '../state/session.ts'
import { showTarget, targetLabel } from './commentTargets.ts'
import { CommentEditor, postable } from './MentionTextarea.tsx'
import { splitMentions } from './mentionText.ts'

/** A comment's text with its mentions marked (and this user's mention stronger still). */
function CommentText({ c, me }: { c: Comment; me: string }) {
  return (
    <p className="comment-text">
      {splitMentions(c.text, c.mentions).map((p, i) =>
        p.mention ? (
          <mark
            // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one text, in order, never reordered.
            key={i}
            className={`mention${p.text.slice(1).toLowerCase() === me.toLowerCase() ? ' me' : ''}`}
          >
            {p.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above.
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  )
}

/** One comment: author, time, text, and edit/delete where this user may. */
function CommentItem({
  s,
  c,
  t,
  lang,
  mayWrite,
}: {
  s: BoardSession
  c: Comment
  t: Translate
  lang: Lang
  mayWrite: boolean
}) {
  const d = s.discussion
  const [draft, setDraft] = useState<string | null>(null)
  const me = d.me().name
  const mine = d.isMine(c)
  if (c.deletedAt !== undefined)
    return (
      <li className="comment deleted" data-comment-id={c.id}>
        <p className="muted small">{t('comments.deleted')}</p>
      </li>
    )
  const save = () => {
    if (draft !== null && postable(draft) && d.edit(c.id, draft)) setDraft(null)
  }
  return (
    <li className="comment" data-comment-id={c.id}>
      <div className="comment-head">
        <span
          className="author-dot"
          style={{ background: c.author.colour ?? '#64748b' }}
          aria-hidden="true"
        />
        <strong>{c.author.name}</strong>
        <time dateTime={new Date(c.createdAt).toISOString()}>{formatMoment(c.createdAt, lang)}</time>
        {c.editedAt !== undefined && <span className="muted small">({t('comments.edited')})</span>}
      </div>
      {draft === null ? (
        <CommentText c={c} me={me} />
      ) : (
        <CommentEditor
          label={t('comments.text')}
          value={draft}
          onChange={setDraft}
          onSubmit={save}
          names={d.participants}
          me={me}
          submitLabel={t('comments.save')}
          onCancel={() => setDraft(null)}
        />
      )}
      {mayWrite && draft === null && (mine || s.access === 'edit') && (
        <div className="comment-actions">
          {mine && (
            <button type="button" className="link" onClick={() => setDraft(c.text)}>
              {t('comments.edit')}
            </button>
          )}
          <button
            type="button"
            className="link danger"
            onClick={() => window.confirm(t('comments.deleteConfirm')) && d.remove(c.id as CommentId)}
          >
            {t('comments.delete')}
          </button>
        </div>
      )}
    </li>
  )
}

/**
 * A thread: what it is pinned to (a click shows it on the map), its comments in order, a reply
 * box and resolve/reopen for those who may comment, and a mark when it mentions this user.
 */
export function CommentThread({
  s,
  thread,
  t,
  lang,
  mayWrite,
}: {
  s: BoardSession
  thread: Thread
  t: Translate
  lang: Lang
  mayWrite: boolean
}) {
  const d = s.discussion
  const [reply, setReply] = useState('')
  const [replying, setReplying] = useState(false)
  const mentionsMe = d.mentionsMe(thread)
  const send = () => {
    if (!postable(reply) || !d.reply(thread.id, reply)) return
    setReply('')
    setReplying(false)
  }
  return (
    <article
      data-testid="comment-thread"
      className={`thread${thread.resolved ? ' resolved' : ''}${mentionsMe ? ' mentions-me' : ''}`}
      data-thread-id={thread.id}
      data-target={thread.target.kind}
      {...(thread.target.kind === 'rule' ? { 'data-rule-id': thread.target.rule } : {})}
    >
      <header className="thread-head">
        <button
          type="button"
          className="link"
          title={t('comments.show')}
          onClick={() => showTarget(s, thread.target)}
        >
          {targetLabel(s, thread.target, t)}
        </button>
        {mentionsMe && <span className="badge mention-badge">@ {t('comments.mentionsYou')}</span>}
        {thread.resolved && <span className="badge resolved-badge">{t('comments.resolved')}</span>}
      </header>
      {/* biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari. */}
      <ol role="list" className="comments">
        <CommentItem s={s} c={thread.root} t={t} lang={lang} mayWrite={mayWrite} />
        {thread.replies.map((c) => (
          <CommentItem key={c.id} s={s} c={c} t={t} lang={lang} mayWrite={mayWrite} />
        ))}
      </ol>
      {thread.resolved && thread.stateChange && (
        <p className="muted small">
          {t('comments.resolvedBy', {
            name: thread.stateChange.by,
            time: formatMoment(thread.stateChange.at, lang),
          })}
        </p>
      )}
      {mayWrite && (
        <div className="thread-actions">
          {replying ? (
            <CommentEditor
              label={t('comments.reply')}
              value={reply}
              onChange={setReply}
              onSubmit={send}
              names={d.participants}
              me={d.me().name}
              placeholder={t('comments.replyPlaceholder')}
              submitLabel={t('comments.reply')}
              onCancel={() => setReplying(false)}
            />
          ) : (
            <div className="button-row">
              {!thread.resolved && (
                <button type="button" onClick={() => setReplying(true)}>
                  {t('comments.reply')}
                </button>
              )}
              <button
                type="button"
                onClick={() => (thread.resolved ? d.reopen(thread.id) : d.resolve(thread.id))}
              >
                {t(thread.resolved ? 'comments.reopen' : 'comments.resolve')}
              </button>
            </div>
          )}
        </div>
      )}
    </article>
  )
}
