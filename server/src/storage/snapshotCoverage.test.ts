import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SnapshotContent, snapshotUnion } from './snapshotCoverage.ts'

/** Runs `edit` on `doc` and returns the update it made. */
function change(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  let update: Uint8Array | undefined
  const record = (u: Uint8Array) => {
    update = u
  }
  doc.on('update', record)
  doc.transact(() => edit(doc))
  doc.off('update', record)
  if (!update) throw new Error('the edit changed nothing')
  return update
}

const text = (doc: Y.Doc) => doc.getText('t').toString()
const contentOf = (doc: Y.Doc) => SnapshotContent.read(Y.encodeStateAsUpdate(doc), 'the test doc')

describe('SnapshotContent', () => {
  it('contains the updates its doc applied and not those it has not seen', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const insert = change(a, (d) => d.getText('t').insert(0, 'hallo'))
    Y.applyUpdate(b, insert)
    const unseen = change(b, (d) => d.getText('t').insert(5, ' wereld'))
    const content = contentOf(a)
    expect(content.contains(insert)).toBe(true)
    expect(content.contains(unseen)).toBe(false)
    Y.applyUpdate(a, unseen)
    expect(contentOf(a).contains(unseen)).toBe(true)
  })

  it('sees a deletion it lacks, though the deletion adds no struct', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    Y.applyUpdate(
      b,
      change(a, (d) => d.getText('t').insert(0, 'abc')),
    )
    const deletion = change(b, (d) => d.getText('t').delete(1, 1))
    expect(contentOf(a).contains(deletion)).toBe(false)
    Y.applyUpdate(a, deletion)
    expect(contentOf(a).contains(deletion)).toBe(true)
  })

  it('does not claim bytes that are no Yjs update, and names a snapshot that is none', () => {
    expect(contentOf(new Y.Doc()).contains(new Uint8Array([7, 7, 7]))).toBe(false)
    expect(() => SnapshotContent.read(new Uint8Array([200]), 'the snapshot of board x')).toThrow(
      /the snapshot of board x is not a Yjs update/,
    )
  })
})

describe('snapshotUnion', () => {
  it('keeps the given snapshot when it holds everything stored', () => {
    const doc = new Y.Doc()
    change(doc, (d) => d.getText('t').insert(0, 'een'))
    const stored = Y.encodeStateAsUpdate(doc)
    change(doc, (d) => d.getText('t').insert(3, ' twee'))
    const given = Y.encodeStateAsUpdate(doc)
    const union = snapshotUnion(stored, given, SnapshotContent.read(given, 'given'))
    expect(union).toEqual({ data: given, merged: false })
  })

  it('merges two processes’ snapshots so that neither one’s edits are lost', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    Y.applyUpdate(
      b,
      change(a, (d) => d.getText('t').insert(0, 'abc')),
    )
    change(a, (d) => d.getText('t').insert(3, 'A'))
    change(b, (d) => d.getText('t').delete(0, 1))
    const stored = Y.encodeStateAsUpdate(b)
    const given = Y.encodeStateAsUpdate(a)
    const union = snapshotUnion(stored, given, SnapshotContent.read(given, 'given'))
    expect(union.merged).toBe(true)
    const rebuilt = new Y.Doc()
    Y.applyUpdate(rebuilt, union.data)
    Y.applyUpdate(a, stored)
    expect(text(rebuilt)).toBe('bcA')
    expect(text(rebuilt)).toBe(text(a))
  })
})
