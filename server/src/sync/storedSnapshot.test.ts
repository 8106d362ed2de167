import { initBoard, seededRandom } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { randomEdit } from '../testing/edits.ts'
import { testSeed } from '../testing/seed.ts'
import { wouldChange } from './changes.ts'
import { decodeUpdate } from './messages.ts'
import { StoredSnapshot } from './storedSnapshot.ts'

const state = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc))

/** The state of `base` after applying `update` to a copy of it. */
function after(base: Y.Doc, update: Uint8Array): Buffer {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  Y.applyUpdate(copy, update)
  const s = state(copy)
  copy.destroy()
  return s
}

/** A board (server doc) and a client that shares part of its history and made edits of its own. */
function replicas(random: () => number): { server: Y.Doc; client: Y.Doc } {
  const server = new Y.Doc()
  initBoard(server, { name: 'x', frame: { kind: 'local' } })
  for (let i = 0; i < 10; i++) randomEdit(server, random)
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  for (let i = 0; i < 10; i++) randomEdit(random() < 0.5 ? server : client, random)
  return { server, client }
}

describe('StoredSnapshot', () => {
  it('answers sync step 1 and gives the state vector exactly as the doc built from it would', () => {
    const random = seededRandom(testSeed(11))
    for (let round = 0; round < 30; round++) {
      const { server, client } = replicas(random)
      const stored = new StoredSnapshot(Y.encodeStateAsUpdate(server))
      const built = stored.build()
      expect(Buffer.from(stored.stateVector())).toEqual(Buffer.from(Y.encodeStateVector(built)))
      // A new client: the snapshot itself, byte for byte what the built doc sends.
      const empty = Y.encodeStateVector(new Y.Doc())
      expect(Buffer.from(stored.syncStep2(empty))).toEqual(Buffer.from(Y.encodeStateAsUpdate(built, empty)))
      // A client with history of its own: the same resulting state as the built doc's answer.
      const sv = Y.encodeStateVector(client)
      expect(after(client, stored.syncStep2(sv))).toEqual(after(client, Y.encodeStateAsUpdate(built, sv)))
      expect(after(client, stored.syncStep2(sv))).toEqual(after(client, Y.encodeStateAsUpdate(server)))
      built.destroy()
    }
  })

  it('says "changes nothing" only when applying the update changes nothing, and for a synced client’s reply', () => {
    const random = seededRandom(testSeed(12))
    let certain = 0
    for (let round = 0; round < 30; round++) {
      const { server, client } = replicas(random)
      const stored = new StoredSnapshot(Y.encodeStateAsUpdate(server))
      const fresh = new Y.Doc()
      Y.applyUpdate(fresh, stored.syncStep2(Y.encodeStateVector(fresh)))
      const single: Uint8Array[] = []
      client.on('update', (u: Uint8Array) => single.push(u))
      for (let i = 0; i < 5; i++) randomEdit(client, random)
      const candidates = [
        // What a fresh client replies to the server's sync step 1: nothing new.
        Y.encodeStateAsUpdate(fresh, stored.stateVector()),
        Y.encodeStateAsUpdate(server),
        Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)),
        Y.encodeStateAsUpdate(client),
        Y.encodeStateAsUpdate(new Y.Doc()),
        ...single,
      ]
      for (const [i, u] of candidates.entries()) {
        const decoded = decodeUpdate(u)
        if (!decoded) throw new Error('test produced an undecodable update')
        const answer = stored.mayChange(decoded)
        const truth = wouldChange(server, decoded)
        if (answer === false) {
          expect(truth).toBe(false)
          certain++
        }
        if (i === 0) expect(answer).toBe(false)
      }
    }
    expect(certain).toBeGreaterThanOrEqual(30)
  })

  it('gives the state vector storage kept beside the snapshot without decoding the snapshot', () => {
    const sv = Y.encodeStateVector(replicas(seededRandom(testSeed(12))).server)
    // Bytes that would throw if decoded: the kept state vector is given as it is.
    const stored = new StoredSnapshot(new Uint8Array([1, 2, 3]), sv)
    expect(stored.stateVector()).toBe(sv)
  })

  it('refuses to build a damaged snapshot', () => {
    expect(() => new StoredSnapshot(new Uint8Array([1, 2, 3])).build()).toThrow()
  })
})
