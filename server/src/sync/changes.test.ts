import { initBoard, seededRandom } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { randomEdit } from '../testing/edits.ts'
import { testSeed } from '../testing/seed.ts'
import { wouldChange } from './changes.ts'
import { decodeUpdate } from './messages.ts'

/** Ground truth: apply the update to a copy and see whether the state moved. */
function changesByApplying(doc: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateAsUpdate(copy)
  Y.applyUpdate(copy, update)
  const changed = !Buffer.from(before).equals(Buffer.from(Y.encodeStateAsUpdate(copy)))
  copy.destroy()
  return changed
}

function check(doc: Y.Doc, update: Uint8Array): void {
  const decoded = decodeUpdate(update)
  if (!decoded) throw new Error('test produced an undecodable update')
  expect(wouldChange(doc, decoded)).toBe(changesByApplying(doc, update))
}

describe('wouldChange', () => {
  it('agrees with applying the update, for every kind of update two replicas exchange', () => {
    const random = seededRandom(testSeed(5))
    for (let round = 0; round < 40; round++) {
      const server = new Y.Doc()
      initBoard(server, { name: 'x', frame: { kind: 'local' } })
      const client = new Y.Doc()
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
      for (let i = 0; i < 10; i++) randomEdit(random() < 0.5 ? server : client, random)
      Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server))

      const single: Uint8Array[] = []
      client.on('update', (u: Uint8Array) => single.push(u))
      for (let i = 0; i < 8; i++) randomEdit(client, random)

      // What a client sends: its diff against the server, its whole state, single edits, repeats.
      check(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))
      check(server, Y.encodeStateAsUpdate(client))
      check(server, Y.encodeStateAsUpdate(server))
      check(server, Y.encodeStateAsUpdate(new Y.Doc()))
      for (const u of single) check(server, u)
      // Edits applied one by one: each later repeat of an applied update changes nothing.
      for (const u of single) {
        Y.applyUpdate(server, u)
        check(server, u)
      }
      // An update whose dependencies the server lacks is still a change (Yjs keeps it pending).
      const later = single.at(-1)
      if (later) check(new Y.Doc(), later)
    }
  })
})
