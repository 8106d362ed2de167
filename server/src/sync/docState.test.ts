import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { rebuildDoc } from './docState.ts'

/** Decodes cleanly but cannot be integrated: one item whose origin is itself. */
const UNAPPLIABLE = Buffer.from('01010200a80200017d020101010001', 'hex')

function edit(key: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, key)
  return Y.encodeStateAsUpdate(doc)
}

describe('rebuildDoc', () => {
  it('applies the snapshot and then the log in order', () => {
    const [a, b, c] = [edit('a'), edit('b'), edit('c')]
    const { doc, lastSeq, logCount, bytes, skipped } = rebuildDoc({
      snapshot: a,
      updates: [
        { seq: 4, data: b },
        { seq: 9, data: c },
      ],
    })
    expect([...doc.getMap('m').keys()].sort()).toEqual(['a', 'b', 'c'])
    expect({ lastSeq, logCount, skipped }).toEqual({ lastSeq: 9, logCount: 2, skipped: [] })
    expect(bytes).toBe(a.length + b.length + c.length)
  })

  it('leaves out a stored update that Yjs cannot apply, and keeps the rest', () => {
    const { doc, skipped, lastSeq } = rebuildDoc({
      snapshot: undefined,
      updates: [
        { seq: 1, data: edit('a') },
        { seq: 2, data: UNAPPLIABLE },
        { seq: 3, data: edit('b') },
      ],
    })
    expect([...doc.getMap('m').keys()].sort()).toEqual(['a', 'b'])
    expect(skipped).toEqual([2])
    // Compaction must still drop the left-out entry from the log.
    expect(lastSeq).toBe(3)
  })
})
