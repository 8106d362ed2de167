// biome-ignore-all lint/suspicious/noExplicitAny: Yjs types its shared types by their event type; roots are compared by identity only.
import type * as Y from 'yjs'
import { changedRecordIds } from './changes.ts'
import {
  CommentKey,
  type CommentRecord,
  type CommentTarget,
  commentsMap,
  decodeComment,
  decodeTarget,
  discussionMetaMap,
  initDiscussion,
  type Thread,
  type ThreadStateChange,
} from './discussion.ts'
import type { AreaId, BlockId, CommentId } from './ids.ts'
import { findMentions } from './mentions.ts'
import type { DocProblem } from './read.ts'
import { type RecordMap, toRecordMap } from './schema.ts'
import {
  type Author,
  assertTimestamp,
  assertValid,
  authorProblem,
  byTime,
  MAX_NAME_LENGTH,
  textProblem,
} from './text.ts'

/*
 * Commands on the discussion doc follow the plan's (commands.ts): plain functions, one transaction
 * each with an optional origin, a RangeError naming the bad argument before anything is written,
 * and `false` for a comment that no longer exists. Time comes in as `now` (milliseconds): the
 * model keeps no clock, so that tests and replays are exact.
 */
type Origin = unknown

/** A comment as its author writes it: a reply, or (with a target) the root of a new thread. */
export interface NewComment {
  /** A new id, e.g. `newId<CommentId>(random)`. */
  readonly id: CommentId
  readonly author: Author
  /** At most `MAX_TEXT_LENGTH` characters; stored trimmed. */
  readonly text: string
  /** Names of the board's participants, to find the text's `@Name` mentions (see `findMentions`). */
  readonly participants?: readonly string[]
}

/** The root comment of a new thread, pinned to an area, a block or a rule of an area. */
export interface NewThread extends NewComment {
  readonly target: CommentTarget
}

/** A change of a comment's text; mentions are found again in the new text. */
export interface CommentEdit {
  readonly text: string
  readonly participants?: readonly string[]
}

function checkedText(text: string, participants: readonly string[] | undefined) {
  assertValid(textProblem('comment text', text))
  const trimmed = text.trim()
  return { text: trimmed, mentions: findMentions(trimmed, participants ?? []) }
}

function commentProps(c: NewComment, now: number): Record<string, unknown> {
  assertValid(authorProblem(c.author))
  assertTimestamp(now)
  return {
    [CommentKey.author]: c.author.name.trim(),
    [CommentKey.authorColour]: c.author.colour,
    ...checkedText(c.text, c.participants),
    [CommentKey.createdAt]: now,
  }
}

function assertNew(doc: Y.Doc, id: CommentId): void {
  if (typeof id !== 'string' || id === '') throw new RangeError('comment id must be a non-empty string')
  if (commentsMap(doc).has(id)) throw new RangeError(`comment ${JSON.stringify(id)} already exists`)
}

/** Starts a thread: adds a root comment pinned to its target. Throws a RangeError for bad input. */
export function addComment(doc: Y.Doc, comment: NewThread, now: number, origin?: Origin): void {
  const target = decodeTarget(comment.target)
  if (!target.ok) throw new RangeError(`comment ${target.reason}`)
  const props = { ...commentProps(comment, now), [CommentKey.target]: target.value }
  assertNew(doc, comment.id)
  doc.transact(() => {
    initDiscussion(doc, origin)
    commentsMap(doc).set(comment.id, toRecordMap(props))
  }, origin)
}

/** The root record of the thread a comment belongs to (itself, for a root). */
function rootOf(doc: Y.Doc, id: CommentId): { id: CommentId; map: RecordMap } | undefined {
  const m = commentsMap(doc).get(id)
  if (!m) return undefined
  const thread = m.get(CommentKey.thread)
  if (thread === undefined) return { id, map: m }
  const root = typeof thread === 'string' ? commentsMap(doc).get(thread) : undefined
  return root && root.get(CommentKey.thread) === undefined
    ? { id: thread as CommentId, map: root }
    : undefined
}

/**
 * Replies in the thread of comment `to` (a root or one of its replies: threads are flat).
 * Returns false when that comment or its thread no longer exists. A deleted root still takes replies.
 */
export function replyToComment(
  doc: Y.Doc,
  to: CommentId,
  reply: NewComment,
  now: number,
  origin?: Origin,
): boolean {
  const props = commentProps(reply, now)
  assertNew(doc, reply.id)
  const root = rootOf(doc, to)
  if (!root) return false
  doc.transact(() => {
    initDiscussion(doc, origin)
    commentsMap(doc).set(reply.id, toRecordMap({ ...props, [CommentKey.thread]: root.id }))
  }, origin)
  return true
}

/** Replaces a comment's text (and its mentions), stamping `editedAt`. False for a missing or deleted comment. */
export function editComment(
  doc: Y.Doc,
  id: CommentId,
  edit: CommentEdit,
  now: number,
  origin?: Origin,
): boolean {
  const next = checkedText(edit.text, edit.participants)
  assertTimestamp(now)
  const m = commentsMap(doc).get(id)
  if (!m || m.has(CommentKey.deletedAt)) return false
  doc.transact(() => {
    initDiscussion(doc, origin)
    m.set(CommentKey.text, next.text)
    m.set(CommentKey.mentions, next.mentions)
    m.set(CommentKey.editedAt, now)
  }, origin)
  return true
}

/**
 * Deletes a comment. A reply goes. A root stays as a tombstone (text and mentions removed,
 * `deletedAt` set), because a reply may be on its way from another replica: removing the record
 * would leave that reply without a thread. Readers hide a tombstone that has no replies.
 * False for a missing or already deleted comment.
 */
export function deleteComment(doc: Y.Doc, id: CommentId, now: number, origin?: Origin): boolean {
  assertTimestamp(now)
  const m = commentsMap(doc).get(id)
  if (!m || m.has(CommentKey.deletedAt)) return false
  doc.transact(() => {
    initDiscussion(doc, origin)
    if (m.get(CommentKey.thread) !== undefined) {
      commentsMap(doc).delete(id)
      return
    }
    for (const k of [CommentKey.text, CommentKey.mentions, CommentKey.editedAt]) m.delete(k)
    m.set(CommentKey.deletedAt, now)
  }, origin)
  return true
}

function setThreadState(
  doc: Y.Doc,
  id: CommentId,
  action: ThreadStateChange['action'],
  by: string,
  now: number,
  origin: Origin,
): boolean {
  assertValid(textProblem('name of who resolves or reopens', by, MAX_NAME_LENGTH))
  assertTimestamp(now)
  const root = rootOf(doc, id)
  if (!root) return false
  const current = root.map.get(CommentKey.state) as Partial<ThreadStateChange> | undefined
  const resolved = current?.action === 'resolved'
  if (resolved === (action === 'resolved')) return false
  const state: ThreadStateChange = { action, by: by.trim(), at: now }
  doc.transact(() => {
    initDiscussion(doc, origin)
    root.map.set(CommentKey.state, state)
  }, origin)
  return true
}

/**
 * Marks the thread of comment `id` (its root, or the root of the reply) resolved by `by` at `now`.
 * False when the thread is missing or already resolved.
 */
export function resolveThread(doc: Y.Doc, id: CommentId, by: string, now: number, origin?: Origin): boolean {
  return setThreadState(doc, id, 'resolved', by, now, origin)
}

/** Reopens a resolved thread, recording by whom and when. False when missing or not resolved. */
export function reopenThread(doc: Y.Doc, id: CommentId, by: string, now: number, origin?: Origin): boolean {
  return setThreadState(doc, id, 'reopened', by, now, origin)
}

/**
 * Reads every thread, oldest first, with its replies in the order they were written (ties by id,
 * so converged replicas read the same). A deleted root without replies is left out. Records that
 * cannot be read, and replies whose thread is gone, are left out and listed in `problems`.
 */
export function readThreads(doc: Y.Doc, problems?: DocProblem[]): Thread[] {
  const roots = new Map<string, CommentRecord & { target: CommentTarget }>()
  const replies = new Map<string, CommentRecord[]>()
  for (const [id, m] of commentsMap(doc).entries()) {
    const d = decodeComment(id, m)
    if (!d.ok) {
      problems?.push({ collection: 'comments', id, reason: d.reason })
      continue
    }
    const c = d.value
    if (c.thread === undefined) roots.set(id, c as CommentRecord & { target: CommentTarget })
    else {
      const list = replies.get(c.thread)
      if (list) list.push(c)
      else replies.set(c.thread, [c])
    }
  }
  for (const [thread, list] of replies)
    if (!roots.has(thread))
      for (const r of list)
        problems?.push({ collection: 'comments', id: r.id, reason: `reply to a missing comment ${thread}` })
  const threads: Thread[] = []
  for (const { state, ...root } of [...roots.values()].sort(byTime)) {
    const own = (replies.get(root.id) ?? []).sort(byTime)
    if (root.deletedAt !== undefined && own.length === 0) continue
    threads.push({
      id: root.id,
      target: root.target,
      root,
      replies: own.map(({ state: _s, ...r }) => ({ ...r, target: root.target })),
      resolved: state?.action === 'resolved',
      ...(state ? { stateChange: state } : {}),
    })
  }
  return threads
}

/**
 * The open (unresolved) threads per area, oldest first. A rule's thread counts under the rule's
 * area; a block's under `blockArea(block)` when given (blocks move: the caller may know where a
 * block is now), else under the area stored with the target; a block thread with neither is left out.
 * Takes the doc, or threads already read from it.
 */
export function openThreadsByArea(
  from: Y.Doc | readonly Thread[],
  blockArea?: (block: BlockId) => AreaId | undefined,
): Map<AreaId, Thread[]> {
  const out = new Map<AreaId, Thread[]>()
  for (const t of Array.isArray(from) ? (from as readonly Thread[]) : readThreads(from as Y.Doc)) {
    if (t.resolved) continue
    const area = t.target.kind === 'block' ? (blockArea?.(t.target.block) ?? t.target.area) : t.target.area
    if (area === undefined) continue
    const list = out.get(area)
    if (list) list.push(t)
    else out.set(area, [t])
  }
  return out
}

/** Which comments a transaction touched: enough to re-read the threads they belong to. */
export interface DiscussionChange {
  /** Comments added, changed or removed. */
  readonly comments: ReadonlySet<CommentId>
  /** The meta map (schema version) changed. */
  readonly meta: boolean
}

/**
 * Calls `listener` once per transaction that changed the discussion doc (local and remote edits
 * alike), with the comments it touched. Returns a function that stops listening.
 */
export function observeDiscussion(
  doc: Y.Doc,
  listener: (change: DiscussionChange, tx: Y.Transaction) => void,
): () => void {
  // Instantiate the roots now, as observePlan does: a root first reached by a remote update would
  // otherwise be replaced by a new Y.Map later and its changes go unseen.
  const meta = discussionMetaMap(doc) as Y.AbstractType<any>
  const comments = commentsMap(doc) as Y.AbstractType<any>
  const handler = (tx: Y.Transaction) => {
    const ids = changedRecordIds(tx, comments) as Set<CommentId>
    const metaChanged = tx.changed.has(meta)
    if (ids.size > 0 || metaChanged) listener({ comments: ids, meta: metaChanged }, tx)
  }
  doc.on('afterTransaction', handler)
  return () => doc.off('afterTransaction', handler)
}
