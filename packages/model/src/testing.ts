// Helpers for the model's own tests; not exported from index.ts.
import { expect } from 'vitest'
import * as Y from 'yjs'

/** Asserts that `run` neither changes the doc nor emits an update. */
export function expectUnchanged(doc: Y.Doc, run: () => void): void {
  const before = Y.encodeStateAsUpdate(doc)
  let updates = 0
  const count = () => updates++
  doc.on('update', count)
  try {
    run()
  } finally {
    doc.off('update', count)
  }
  expect(updates).toBe(0)
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
}

/** Brings two replicas up to date with each other, both ways. */
export const sync = (a: Y.Doc, b: Y.Doc): void => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}
