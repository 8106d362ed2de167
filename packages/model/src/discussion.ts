import type * as Y from 'yjs'
import { bad, type Decoded, ok, type RecordSource } from './decode.ts'
import { type AreaId, asAreaId, asBlockId, asCommentId, type BlockId, type CommentId } from './ids.ts'
import { SchemaVersionError } from './migrations.ts'
import type { RecordMap } from './schema.ts'
import { type Author, isColour, isTimestamp, MAX_NAME_LENGTH, nonEmpty, textProblem } from './text.ts'

/*
 * The discussion doc: a board's comments, in a Y.Doc of their own beside the plan doc. The server
 * gives it its own write rule, so that a board can let viewers comment while every change of the
 * plan still needs an edit token. Nothing in it is read by the norm engine.
 */

/**
 * Version of the discussion doc's layout, independent of the plan's `SCHEMA_VERSION`: the two docs
 * are stored and synced apart, so one may be migrated without the other.
 */
export const DISCUSSION_SCHEMA_VERSION = 1

/** Names of the discussion doc's roots. Changing one orphans every stored discussion, so they are fixed. */
export const DiscussionRoot = {
  meta: 'meta',
  comments: 'comments',
} as const

/** Keys of the discussion doc's meta map. */
export const DiscussionMetaKey = {
  schemaVersion: 'schemaVersion',
} as const

/** The discussion doc's meta map (its schema version). */
export const discussionMetaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(DiscussionRoot.meta)
/** The comments, one flat record per comment (roots and replies alike), keyed by `CommentId`. */
export const commentsMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(DiscussionRoot.comments)

/** The discussion schema version stored in the doc, or 0 for a doc that has none yet. */
export function storedDiscussionVersion(doc: Y.Doc): number {
  const v = discussionMetaMap(doc).get(DiscussionMetaKey.schemaVersion)
  return typeof v === 'number' && Number.isInteger(v) ? v : 0
}

/**
 * Makes a doc a discussion doc of the current version: stamps the version on a new doc and leaves
 * a current one untouched. Idempotent, so two replicas may both do it. Throws SchemaVersionError
 * (changing nothing) for a doc written by a newer version. Every comment command calls it.
 */
export function initDiscussion(doc: Y.Doc, origin?: unknown): void {
  const stored = storedDiscussionVersion(doc)
  if (stored > DISCUSSION_SCHEMA_VERSION)
    throw new SchemaVersionError(stored, DISCUSSION_SCHEMA_VERSION, 'discussion')
  if (stored === DISCUSSION_SCHEMA_VERSION) return
  doc.transact(
    () => discussionMetaMap(doc).set(DiscussionMetaKey.schemaVersion, DISCUSSION_SCHEMA_VERSION),
    origin,
  )
}

/**
 * What a comment is pinned to: an area, a block (with the area it was in, when known), or one
 * barcode rule of an area ("why does green fail here?"), named by the rule's id such as
 * `green-per-dwelling`.
 */
export type CommentTarget =
  | { readonly kind: 'area'; readonly area: AreaId }
  | { readonly kind: 'block'; readonly block: BlockId; readonly area?: AreaId }
  | { readonly kind: 'rule'; readonly area: AreaId; readonly rule: string }

/** One comment: a thread's root or a reply. */
export interface Comment {
  readonly id: CommentId
  /** What the thread is pinned to (a reply reports its root's target). */
  readonly target: CommentTarget
  /** The root's id, on a reply; absent on a root. */
  readonly thread?: CommentId
  readonly author: Author
  /** The text as written, trimmed; empty on a deleted root. */
  readonly text: string
  /** Names of the participants the text mentions (see `findMentions`). */
  readonly mentions: readonly string[]
  /** Milliseconds since 1970, from the writer's clock. */
  readonly createdAt: number
  readonly editedAt?: number
  /**
   * Set on a deleted root that is kept as a tombstone because its thread has replies (or may get
   * one concurrently): its text and mentions are gone, its target, author and time stay.
   */
  readonly deletedAt?: number
}

/** The last time a thread was resolved or reopened, by whom and when. */
export interface ThreadStateChange {
  readonly action: 'resolved' | 'reopened'
  /** The participant's name. */
  readonly by: string
  readonly at: number
}

/** A root comment with its replies and its state. */
export interface Thread {
  /** The root comment's id. */
  readonly id: CommentId
  readonly target: CommentTarget
  readonly root: Comment
  /** Replies in the order they were written. */
  readonly replies: readonly Comment[]
  readonly resolved: boolean
  /** Absent while nobody has resolved or reopened the thread. */
  readonly stateChange?: ThreadStateChange
}

/** Keys of a comment record. The state of a thread sits on its root. */
export const CommentKey = {
  target: 'target',
  thread: 'thread',
  author: 'author',
  authorColour: 'authorColour',
  text: 'text',
  mentions: 'mentions',
  createdAt: 'createdAt',
  editedAt: 'editedAt',
  deletedAt: 'deletedAt',
  // One value, not three keys: a concurrent resolve and reopen then settle on one of the two whole,
  // never on "resolved" by the person who reopened.
  state: 'state',
} as const

/** A comment record as stored: a reply's target is its root's, so it is absent here. */
export interface CommentRecord extends Omit<Comment, 'target'> {
  readonly target?: CommentTarget
  readonly state?: ThreadStateChange
}

/** Decodes a comment target from a plain value, saying what is wrong with it. */
export function decodeTarget(v: unknown): Decoded<CommentTarget> {
  if (typeof v !== 'object' || v === null) return bad('target must be an object')
  const t = v as Record<string, unknown>
  switch (t.kind) {
    case 'area':
      return nonEmpty(t.area)
        ? ok({ kind: 'area', area: asAreaId(t.area) })
        : bad('area target needs an area id')
    case 'block':
      if (!nonEmpty(t.block)) return bad('block target needs a block id')
      if (t.area !== undefined && !nonEmpty(t.area)) return bad('block target area must be an area id')
      return ok({
        kind: 'block',
        block: asBlockId(t.block),
        ...(nonEmpty(t.area) ? { area: asAreaId(t.area) } : {}),
      })
    case 'rule':
      if (!nonEmpty(t.area)) return bad('rule target needs an area id')
      if (!nonEmpty(t.rule)) return bad('rule target needs a rule id')
      return ok({ kind: 'rule', area: asAreaId(t.area), rule: t.rule })
    default:
      return bad(`target kind must be area | block | rule, got ${JSON.stringify(t.kind)}`)
  }
}

function decodeState(v: unknown): ThreadStateChange | undefined {
  if (typeof v !== 'object' || v === null) return undefined
  const s = v as Record<string, unknown>
  if ((s.action !== 'resolved' && s.action !== 'reopened') || !nonEmpty(s.by) || !isTimestamp(s.at))
    return undefined
  return { action: s.action, by: s.by, at: s.at }
}

/**
 * Decodes a comment record. The discussion doc may be writable by viewers, so every record is
 * checked; an unreadable one is left out by the readers, with this reason.
 */
export function decodeComment(id: string, m: RecordSource): Decoded<CommentRecord> {
  const thread = m.get(CommentKey.thread)
  if (thread !== undefined && !nonEmpty(thread)) return bad('thread must be a comment id')
  if (thread === id) return bad('a comment cannot be a reply to itself')
  let target: CommentTarget | undefined
  if (thread === undefined) {
    const t = decodeTarget(m.get(CommentKey.target))
    if (!t.ok) return bad(t.reason)
    target = t.value
  }
  const name = m.get(CommentKey.author)
  const nameBad = textProblem('author name', name, MAX_NAME_LENGTH)
  if (nameBad) return bad(nameBad)
  // A bad colour only loses the colour, not the comment.
  const colour = m.get(CommentKey.authorColour)
  const createdAt = m.get(CommentKey.createdAt)
  if (!isTimestamp(createdAt)) return bad('createdAt must be a time in milliseconds')
  const deletedAt = m.get(CommentKey.deletedAt)
  const deleted = isTimestamp(deletedAt)
  const text = m.get(CommentKey.text)
  // A tombstone's text is ignored even when a concurrent edit wrote one back after the delete.
  const textBad = deleted ? undefined : textProblem('text', text)
  if (textBad) return bad(textBad)
  const mentions = m.get(CommentKey.mentions)
  const editedAt = m.get(CommentKey.editedAt)
  const state = thread === undefined ? decodeState(m.get(CommentKey.state)) : undefined
  return ok({
    id: asCommentId(id),
    ...(target ? { target } : {}),
    ...(thread !== undefined ? { thread: asCommentId(thread) } : {}),
    author: { name: (name as string).trim(), ...(isColour(colour) ? { colour } : {}) },
    text: deleted ? '' : (text as string),
    mentions: deleted || !Array.isArray(mentions) ? [] : mentions.filter(nonEmpty),
    createdAt,
    ...(isTimestamp(editedAt) && !deleted ? { editedAt } : {}),
    ...(deleted ? { deletedAt } : {}),
    ...(state ? { state } : {}),
  })
}
