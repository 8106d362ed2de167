import {
  addComment,
  asAreaId,
  asCommentId,
  deleteComment,
  discussionMetaMap,
  editComment,
  initDiscussion,
  replyToComment,
  resolveThread,
} from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEFAULT_SETTINGS } from '../storage/storage.ts'
import { decodeUpdate } from './messages.ts'
import { refusal, rootsTouched } from './writeRule.ts'

const ALLOW = { viewerComments: true }
const author = { name: 'Ans (bewoner)' }

/** The server's doc and a client replica in sync with it, and a way to capture the client's next change. */
function setUp() {
  const server = new Y.Doc()
  initDiscussion(server)
  addComment(
    server,
    {
      id: asCommentId('c1'),
      author: { name: 'Piet' },
      text: 'Waarom faalt groen hier?',
      target: { kind: 'rule', area: asAreaId('a1'), rule: 'green-per-dwelling' },
    },
    1_000,
  )
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const change = (edit: (doc: Y.Doc) => void) => {
    let bytes: Uint8Array | undefined
    const listen = (u: Uint8Array) => {
      bytes = bytes ? Y.mergeUpdates([bytes, u]) : u
    }
    client.on('update', listen)
    edit(client)
    client.off('update', listen)
    if (!bytes) throw new Error('the edit changed nothing')
    const decoded = decodeUpdate(bytes)
    if (!decoded) throw new Error('update did not decode')
    return decoded
  }
  return { server, client, change }
}

describe('refusal', () => {
  it('lets editors write both docs and refuses every plan change from a viewer', () => {
    const { server, change } = setUp()
    const u = change((d) => d.getMap('areas').set('x', new Y.Map()))
    expect(refusal('plan', 'edit', DEFAULT_SETTINGS, server, u)).toBeUndefined()
    expect(refusal('discussion', 'edit', DEFAULT_SETTINGS, server, u)).toBeUndefined()
    expect(refusal('plan', 'view', ALLOW, server, u)?.reason).toBe('read_only')
  })

  it('refuses viewer comments unless the board allows them', () => {
    const { server, change } = setUp()
    const u = change((d) =>
      replyToComment(
        d,
        asCommentId('c1'),
        { id: asCommentId('c2'), author, text: 'Ik weet het niet' },
        2_000,
      ),
    )
    expect(refusal('discussion', 'view', DEFAULT_SETTINGS, server, u)?.reason).toBe('read_only')
    expect(refusal('discussion', 'view', ALLOW, server, u)).toBeUndefined()
  })

  it('accepts every comment command from an allowed viewer: add, reply, edit, resolve, delete', () => {
    const { server, client, change } = setUp()
    const edits: ((d: Y.Doc) => void)[] = [
      (d) =>
        addComment(
          d,
          {
            id: asCommentId('c3'),
            author,
            text: 'Speelplek?',
            target: { kind: 'area', area: asAreaId('a1') },
          },
          3_000,
        ),
      (d) =>
        replyToComment(
          d,
          asCommentId('c1'),
          { id: asCommentId('c4'), author, text: '@Piet zie kaart', participants: ['Piet'] },
          4_000,
        ),
      (d) => editComment(d, asCommentId('c4'), { text: 'zie de kaart' }, 5_000),
      (d) => resolveThread(d, asCommentId('c1'), 'Ans', 6_000),
      (d) => deleteComment(d, asCommentId('c3'), 7_000),
    ]
    for (const edit of edits) {
      const u = change(edit)
      expect(rootsTouched(server, u)).toEqual(new Set(['comments']))
      expect(refusal('discussion', 'view', ALLOW, server, u)).toBeUndefined()
      Y.applyUpdate(server, u.bytes)
    }
    expect(server.getMap('comments').size).toBe(client.getMap('comments').size)
  })

  it("refuses a viewer's change of the discussion's schema stamp, alone or mixed with a comment", () => {
    const { server, change } = setUp()
    const stamp = change((d) => discussionMetaMap(d).set('schemaVersion', 99))
    expect(rootsTouched(server, stamp)).toEqual(new Set(['meta']))
    expect(refusal('discussion', 'view', ALLOW, server, stamp)?.reason).toBe('viewer_outside_comments')
    const other = setUp()
    const mixed = other.change((d) =>
      d.transact(() => {
        replyToComment(d, asCommentId('c1'), { id: asCommentId('c5'), author, text: 'ok' }, 8_000)
        discussionMetaMap(d).delete('schemaVersion')
      }),
    )
    expect(refusal('discussion', 'view', ALLOW, other.server, mixed)?.reason).toBe('viewer_outside_comments')
  })

  it('refuses a new root of any other name', () => {
    const { server, change } = setUp()
    const u = change((d) => d.getMap('areas').set('a9', new Y.Map()))
    expect(refusal('discussion', 'view', ALLOW, server, u)?.reason).toBe('viewer_outside_comments')
  })

  it('refuses what it cannot place: an update built on content the server does not have', () => {
    const { server, client, change } = setUp()
    // The client edits twice; the server only ever sees the second update, whose items hang off the first's.
    change((d) =>
      addComment(
        d,
        { id: asCommentId('c6'), author, text: 'eerste', target: { kind: 'area', area: asAreaId('a1') } },
        9_000,
      ),
    )
    const second = change((d) => editComment(d, asCommentId('c6'), { text: 'tweede' }, 9_500))
    expect(rootsTouched(server, second)).toBeUndefined()
    expect(refusal('discussion', 'view', ALLOW, server, second)?.reason).toBe('viewer_outside_comments')
    expect(client.getMap('comments').has('c6')).toBe(true)
  })
})
