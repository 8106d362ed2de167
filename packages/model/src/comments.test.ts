import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addComment,
  asAreaId,
  asBlockId,
  asCommentId,
  type CommentId,
  CommentKey,
  type CommentTarget,
  commentsMap,
  DISCUSSION_SCHEMA_VERSION,
  type DiscussionChange,
  DiscussionMetaKey,
  type DocProblem,
  deleteComment,
  discussionMetaMap,
  editComment,
  initDiscussion,
  MAX_TEXT_LENGTH,
  type NewThread,
  observeDiscussion,
  openThreadsByArea,
  readThreads,
  reopenThread,
  replyToComment,
  resolveThread,
  SchemaVersionError,
  seededRandom,
  storedDiscussionVersion,
  toRecordMap,
} from './index.ts'
import { expectUnchanged, sync } from './testing.ts'

const A = asAreaId('area-A')
const B = asAreaId('area-B')
const C1 = asCommentId('c1')
const C2 = asCommentId('c2')
const R1 = asCommentId('r1')
const R2 = asCommentId('r2')
const anna = { name: 'Anna', colour: '#1d4ed8' }
const jan = { name: 'Jan de Vries' }
const participants = ['Anna', 'Jan', 'Jan de Vries']
const onRule: CommentTarget = { kind: 'rule', area: A, rule: 'green-per-dwelling' }

const thread = (over: Partial<NewThread> = {}): NewThread => ({
  id: C1,
  target: onRule,
  author: anna,
  text: 'Waarom faalt groen hier? @Jan de Vries',
  participants,
  ...over,
})

const replica = (clientID: number, from?: Y.Doc): Y.Doc => {
  const doc = new Y.Doc()
  doc.clientID = clientID
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from))
  return doc
}

describe('addComment', () => {
  it('starts a thread that readThreads returns, and stamps the discussion version', () => {
    const doc = new Y.Doc()
    addComment(doc, thread({ text: '  Waarom faalt groen hier? @jan de vries  ' }), 1000)
    expect(storedDiscussionVersion(doc)).toBe(DISCUSSION_SCHEMA_VERSION)
    const root = {
      id: C1,
      target: onRule,
      author: anna,
      text: 'Waarom faalt groen hier? @jan de vries',
      mentions: ['Jan de Vries'],
      createdAt: 1000,
    }
    expect(readThreads(doc)).toStrictEqual([{ id: C1, target: onRule, root, replies: [], resolved: false }])
  })

  it.each([
    [{ text: '' }, 'comment text must not be empty'],
    [{ text: ' \n\t ' }, 'comment text must not be empty'],
    [{ text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, 'comment text is 2001 characters long; at most 2000'],
    [{ author: { name: ' ' } }, 'author name must not be empty'],
    [{ author: { name: 'Anna', colour: 'red' } }, 'author colour must be #rrggbb'],
    [{ target: { kind: 'rule', area: A } as unknown as CommentTarget }, 'rule target needs a rule id'],
    [{ target: { kind: 'block', area: A } as unknown as CommentTarget }, 'block target needs a block id'],
    [{ target: { kind: 'area' } as unknown as CommentTarget }, 'area target needs an area id'],
    [{ target: { kind: 'map' } as unknown as CommentTarget }, 'target kind must be area | block | rule'],
  ] as [Partial<NewThread>, string][])('refuses %j with a RangeError naming the problem', (over, message) => {
    const doc = new Y.Doc()
    expectUnchanged(doc, () => {
      expect(() => addComment(doc, thread(over), 1000)).toThrow(RangeError)
      expect(() => addComment(doc, thread(over), 1000)).toThrow(message)
    })
  })

  it('accepts exactly MAX_TEXT_LENGTH characters', () => {
    const doc = new Y.Doc()
    addComment(doc, thread({ text: 'x'.repeat(MAX_TEXT_LENGTH) }), 1)
    expect(readThreads(doc)[0]?.root.text).toHaveLength(MAX_TEXT_LENGTH)
  })

  it('refuses a time that is not a number of milliseconds, and an id in use', () => {
    const doc = new Y.Doc()
    expect(() => addComment(doc, thread(), Number.NaN)).toThrow('time must be milliseconds')
    addComment(doc, thread(), 1)
    expectUnchanged(doc, () => expect(() => addComment(doc, thread(), 2)).toThrow('already exists'))
  })

  it('refuses to write into a discussion doc of a newer version', () => {
    const doc = new Y.Doc()
    discussionMetaMap(doc).set(DiscussionMetaKey.schemaVersion, DISCUSSION_SCHEMA_VERSION + 1)
    expectUnchanged(doc, () => {
      expect(() => addComment(doc, thread(), 1)).toThrow(SchemaVersionError)
      expect(() => initDiscussion(doc)).toThrow('discussion document has schema version 2')
    })
  })
})

describe('replies', () => {
  it('replyToComment adds to the thread in time order; a reply to a reply joins the same thread', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1000)
    expect(replyToComment(doc, C1, { id: R1, author: jan, text: 'Te weinig park', participants }, 3000)).toBe(
      true,
    )
    expect(replyToComment(doc, R1, { id: R2, author: anna, text: '@Jan eens', participants }, 2000)).toBe(
      true,
    )
    const [t] = readThreads(doc)
    expect(t?.replies.map((r) => [r.id, r.thread, r.createdAt, r.mentions])).toEqual([
      [R2, C1, 2000, ['Jan']],
      [R1, C1, 3000, []],
    ])
    // A reply reports its thread's target.
    expect(t?.replies[0]?.target).toEqual(onRule)
  })

  it('returns false for a comment that does not exist, and validates first', () => {
    const doc = new Y.Doc()
    expect(replyToComment(doc, C1, { id: R1, author: jan, text: 'hallo' }, 1)).toBe(false)
    expect(() => replyToComment(doc, C1, { id: R1, author: jan, text: '' }, 1)).toThrow('must not be empty')
    expect(readThreads(doc)).toEqual([])
  })
})

describe('editComment', () => {
  it('replaces the text and mentions and stamps editedAt', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1000)
    expect(editComment(doc, C1, { text: 'Nu voor @Anna', participants }, 5000)).toBe(true)
    expect(readThreads(doc)[0]?.root).toMatchObject({
      text: 'Nu voor @Anna',
      mentions: ['Anna'],
      createdAt: 1000,
      editedAt: 5000,
    })
  })

  it('refuses empty text and returns false for a missing or deleted comment', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1000)
    expectUnchanged(doc, () => expect(() => editComment(doc, C1, { text: '  ' }, 2)).toThrow(RangeError))
    expect(editComment(doc, C2, { text: 'x' }, 2)).toBe(false)
    deleteComment(doc, C1, 3)
    expect(editComment(doc, C1, { text: 'x' }, 4)).toBe(false)
  })
})

describe('deleteComment', () => {
  it('removes a reply', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1)
    replyToComment(doc, C1, { id: R1, author: jan, text: 'ja' }, 2)
    expect(deleteComment(doc, R1, 3)).toBe(true)
    expect(commentsMap(doc).has(R1)).toBe(false)
    expect(readThreads(doc)[0]?.replies).toEqual([])
  })

  it('keeps a deleted root with replies as a tombstone, so that the thread survives', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1)
    replyToComment(doc, C1, { id: R1, author: jan, text: 'ja' }, 2)
    expect(deleteComment(doc, C1, 3)).toBe(true)
    const [t] = readThreads(doc)
    expect(t?.root).toStrictEqual({
      id: C1,
      target: onRule,
      author: anna,
      text: '',
      mentions: [],
      createdAt: 1,
      deletedAt: 3,
    })
    expect(t?.replies.map((r) => r.text)).toEqual(['ja'])
    // The text is gone from the doc, not only hidden.
    expect(commentsMap(doc).get(C1)?.has(CommentKey.text)).toBe(false)
    expect(deleteComment(doc, C1, 4)).toBe(false)
    // The thread of a deleted root can still be answered and resolved.
    expect(replyToComment(doc, C1, { id: R2, author: anna, text: 'oké' }, 5)).toBe(true)
    expect(resolveThread(doc, C1, 'Anna', 6)).toBe(true)
  })

  it('hides a deleted root without replies', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1)
    deleteComment(doc, C1, 2)
    expect(readThreads(doc)).toEqual([])
    expect(deleteComment(doc, C2, 2)).toBe(false)
  })

  it('a reply written concurrently with the root’s deletion keeps its thread', () => {
    const a = replica(1)
    addComment(a, thread(), 1)
    const b = replica(2, a)
    deleteComment(a, C1, 2)
    replyToComment(b, C1, { id: R1, author: jan, text: 'Maar ik had nog een vraag' }, 3)
    sync(a, b)
    for (const doc of [a, b]) {
      const [t] = readThreads(doc)
      expect(t?.root.deletedAt).toBe(2)
      expect(t?.replies.map((r) => r.id)).toEqual([R1])
    }
  })

  it('a tombstone stays empty when a concurrent edit writes its text back', () => {
    const a = replica(1)
    addComment(a, thread(), 1)
    const b = replica(2, a)
    deleteComment(a, C1, 2)
    replyToComment(a, C1, { id: R1, author: jan, text: 'ja' }, 2)
    editComment(b, C1, { text: 'bijgewerkt' }, 3)
    sync(a, b)
    for (const doc of [a, b]) expect(readThreads(doc)[0]?.root).toMatchObject({ text: '', deletedAt: 2 })
  })
})

describe('resolve and reopen', () => {
  it('record who and when, on the root, also when asked through a reply', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1)
    replyToComment(doc, C1, { id: R1, author: jan, text: 'opgelost' }, 2)
    expect(resolveThread(doc, R1, 'Jan de Vries', 3)).toBe(true)
    expect(readThreads(doc)[0]).toMatchObject({
      resolved: true,
      stateChange: { action: 'resolved', by: 'Jan de Vries', at: 3 },
    })
    expect(resolveThread(doc, C1, 'Anna', 4)).toBe(false)
    expect(reopenThread(doc, C1, 'Anna', 5)).toBe(true)
    expect(readThreads(doc)[0]).toMatchObject({
      resolved: false,
      stateChange: { action: 'reopened', by: 'Anna', at: 5 },
    })
    expect(reopenThread(doc, C1, 'Anna', 6)).toBe(false)
  })

  it('refuse a blank name and return false for a missing thread', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1)
    expect(() => resolveThread(doc, C1, ' ', 2)).toThrow('must not be empty')
    expect(resolveThread(doc, C2, 'Anna', 2)).toBe(false)
  })

  it('a concurrent resolve and reopen settle on one whole state on both replicas', () => {
    const a = replica(1)
    addComment(a, thread(), 1)
    resolveThread(a, C1, 'Anna', 2)
    const b = replica(2, a)
    reopenThread(a, C1, 'Anna', 3)
    resolveThread(b, C1, 'Jan', 4) // already resolved on b: no change
    reopenThread(b, C1, 'Jan', 5)
    resolveThread(b, C1, 'Jan', 6)
    sync(a, b)
    const [ta] = readThreads(a)
    expect(readThreads(b)).toEqual(readThreads(a))
    // Whichever won, `resolved` agrees with the action and its author.
    expect(ta?.resolved).toBe(ta?.stateChange?.action === 'resolved')
    expect([
      ['reopened', 'Anna'],
      ['resolved', 'Jan'],
    ]).toContainEqual([ta?.stateChange?.action, ta?.stateChange?.by])
  })

  it('a resolve and an edit of the same thread on two replicas both survive', () => {
    const a = replica(1)
    addComment(a, thread(), 1)
    const b = replica(2, a)
    resolveThread(a, C1, 'Anna', 2)
    editComment(b, C1, { text: 'nieuwe tekst' }, 3)
    sync(a, b)
    for (const doc of [a, b])
      expect(readThreads(doc)[0]).toMatchObject({
        resolved: true,
        root: { text: 'nieuwe tekst', editedAt: 3 },
      })
  })
})

describe('openThreadsByArea', () => {
  it('groups open threads under their area, rules and blocks included, resolved ones left out', () => {
    const doc = new Y.Doc()
    const blk = asBlockId('blk')
    const loose = asBlockId('loose')
    addComment(doc, thread({ id: asCommentId('t1'), target: { kind: 'area', area: A } }), 1)
    addComment(doc, thread({ id: asCommentId('t2'), target: onRule }), 2)
    addComment(doc, thread({ id: asCommentId('t3'), target: { kind: 'block', block: blk, area: B } }), 3)
    addComment(doc, thread({ id: asCommentId('t4'), target: { kind: 'block', block: loose } }), 4)
    addComment(doc, thread({ id: asCommentId('t5'), target: { kind: 'area', area: B } }), 5)
    resolveThread(doc, asCommentId('t5'), 'Anna', 6)
    const ids = (m: Map<string, { id: CommentId }[]>) =>
      Object.fromEntries([...m].map(([k, ts]) => [k, ts.map((t) => t.id)]))
    expect(ids(openThreadsByArea(doc))).toEqual({ [A]: ['t1', 't2'], [B]: ['t3'] })
    // The caller knows where blocks are now: the block moved to A, and the loose one lies in B.
    const now = (b: string) => (b === blk ? A : b === loose ? B : undefined)
    expect(ids(openThreadsByArea(readThreads(doc), now))).toEqual({ [A]: ['t1', 't2', 't3'], [B]: ['t4'] })
  })
})

describe('reading an untrusted discussion doc', () => {
  it('leaves out unreadable records and orphaned replies, naming them', () => {
    const doc = new Y.Doc()
    addComment(doc, thread(), 1)
    commentsMap(doc).set('bad', toRecordMap({ target: onRule, text: 'geen auteur', createdAt: 1 }))
    commentsMap(doc).set('orphan', toRecordMap({ thread: 'gone', author: 'X', text: 'hallo', createdAt: 2 }))
    commentsMap(doc).set(
      'odd-colour',
      toRecordMap({ target: onRule, author: 'Y', authorColour: 'url(x)', text: 'ok', createdAt: 3 }),
    )
    const problems: DocProblem[] = []
    const threads = readThreads(doc, problems)
    expect(threads.map((t) => t.id)).toEqual([C1, 'odd-colour'])
    expect(threads[1]?.root.author).toEqual({ name: 'Y' })
    expect(problems).toEqual([
      { collection: 'comments', id: 'bad', reason: 'author name must be a string' },
      { collection: 'comments', id: 'orphan', reason: 'reply to a missing comment gone' },
    ])
  })
})

describe('observeDiscussion', () => {
  it('reports the comments each transaction touched, local and remote, until stopped', () => {
    const a = replica(1)
    const b = replica(2)
    const seen: DiscussionChange[] = []
    const stop = observeDiscussion(b, (change) => seen.push(change))
    addComment(a, thread(), 1)
    replyToComment(a, C1, { id: R1, author: jan, text: 'ja' }, 2)
    sync(a, b)
    resolveThread(b, R1, 'Jan', 3)
    stop()
    deleteComment(b, R1, 4)
    expect(seen.map((c) => [[...c.comments].sort(), c.meta])).toEqual([
      [[C1, R1], true],
      [[C1], false],
    ])
  })
})

describe('concurrent commenting (seeded)', () => {
  // Replay one seed: COMMENTS_FUZZ_SEED=<seed> npx vitest run packages/model/src/comments.test.ts
  const seeds = process.env.COMMENTS_FUZZ_SEED
    ? [Number(process.env.COMMENTS_FUZZ_SEED)]
    : [1, 2, 3, 4, 5, 6, 7, 8]
  it.each(seeds)('three replicas converge on the same threads (seed %i)', (seed) => {
    const random = seededRandom(seed)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
    const docs = [replica(1), replica(2), replica(3)]
    let n = 0
    let clock = 0
    for (let step = 0; step < 300; step++) {
      const doc = pick(docs)
      const ids = [...commentsMap(doc).keys()] as CommentId[]
      const who = pick(['Anna', 'Jan', 'Jan de Vries'])
      clock += Math.floor(random() * 3)
      const op = random()
      if (op < 0.2 || ids.length === 0)
        addComment(
          doc,
          thread({ id: asCommentId(`c${n++}`), author: { name: who }, text: `@${who} ${step}` }),
          clock,
        )
      else if (op < 0.45)
        replyToComment(
          doc,
          pick(ids),
          { id: asCommentId(`c${n++}`), author: { name: who }, text: `re ${step}` },
          clock,
        )
      else if (op < 0.6) editComment(doc, pick(ids), { text: `edit ${step} @Anna`, participants }, clock)
      else if (op < 0.7) deleteComment(doc, pick(ids), clock)
      else if (op < 0.85) resolveThread(doc, pick(ids), who, clock)
      else reopenThread(doc, pick(ids), who, clock)
      if (random() < 0.3) sync(pick(docs), pick(docs))
    }
    for (const a of docs) for (const b of docs) sync(a, b)
    const problems: DocProblem[] = []
    const expected = readThreads(docs[0] as Y.Doc, problems)
    expect(problems, `seed ${seed}`).toEqual([])
    for (const doc of docs) expect(readThreads(doc), `seed ${seed}`).toEqual(expected)
    expect(expected.length, `seed ${seed}`).toBeGreaterThan(0)
  })
})
