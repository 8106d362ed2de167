import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  AlreadyStoredError,
  type BoardStorage,
  docKey,
  type NewBoardRecord,
  type SessionEvent,
} from './storage.ts'

/** A storage made for one test, on data of its own. */
export interface StorageUnderTest {
  readonly storage: BoardStorage
  /** Another storage on the same data (the same file, the same schema), as a restarted server opens it. */
  reopen(): Promise<BoardStorage>
  /** Removes the test's data, once every storage on it is closed. */
  cleanup(): Promise<void>
}

/** A board record for tests: tokens hashes filled with 1 (edit) and 2 (view). */
export const testBoard = (id: string): NewBoardRecord => ({
  id,
  name: `bord ${id}`,
  createdAt: 1_700_000_000_000,
  editTokenHash: new Uint8Array(32).fill(1),
  viewTokenHash: new Uint8Array(32).fill(2),
})

const bytes = (...b: number[]) => new Uint8Array(b)
const plain = (u: Uint8Array | undefined) => (u ? [...u] : undefined)
const ALL_TIME = [0, Number.MAX_SAFE_INTEGER] as const

/**
 * The behaviour every `BoardStorage` must have, as the sync core and the HTTP API rely on it:
 * run by each implementation's own test file with a `make` that gives a fresh, empty storage.
 */
export function storageContract(name: string, make: () => Promise<StorageUnderTest>): void {
  describe(`${name}: the BoardStorage contract`, () => {
    const open: BoardStorage[] = []
    const made: StorageUnderTest[] = []
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close()
      for (const m of made.splice(0)) await m.cleanup()
    })

    async function fresh(): Promise<{ storage: BoardStorage; reopen: () => Promise<BoardStorage> }> {
      const m = await make()
      made.push(m)
      open.push(m.storage)
      return {
        storage: m.storage,
        reopen: async () => {
          const again = await m.reopen()
          open.push(again)
          return again
        },
      }
    }

    it('keeps boards, snapshots and the update log for the next storage opened on the same data', async () => {
      const { storage, reopen } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(1, 2))
      const s1 = await storage.appendUpdate('a', bytes(3))
      const s2 = await storage.appendUpdate('a', bytes(4))
      expect(s2).toBeGreaterThan(s1)
      await storage.close()

      const again = await reopen()
      expect(await again.getBoard('a')).toMatchObject({
        id: 'a',
        name: 'bord a',
        createdAt: 1_700_000_000_000,
      })
      const state = await again.loadState('a')
      expect(plain(state?.snapshot)).toEqual([1, 2])
      expect(state?.updates.map((u) => [u.seq, ...u.data])).toEqual([
        [s1, 3],
        [s2, 4],
      ])
      expect(await again.loadState('missing')).toBeUndefined()
      expect(await again.getBoard('missing')).toBeUndefined()
    })

    it('makes an append visible to another storage on the same data as soon as it resolves', async () => {
      const { storage, reopen } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      const other = await reopen()
      const seq = await storage.appendUpdate('a', bytes(5))
      expect((await other.loadState('a'))?.updates.map((u) => [u.seq, ...u.data])).toEqual([[seq, 5]])
    })

    it('refuses an append to a board that is not stored', async () => {
      const { storage } = await fresh()
      await expect(storage.appendUpdate('nope', bytes(1))).rejects.toThrow(/foreign key/i)
    })

    it('replaces token hashes', async () => {
      const { storage } = await fresh()
      await storage.createBoard(testBoard('a'), bytes())
      expect(await storage.setTokenHashes('a', { view: new Uint8Array(32).fill(9) })).toBe(true)
      const b = await storage.getBoard('a')
      expect(plain(b?.viewTokenHash)?.[0]).toBe(9)
      expect(plain(b?.editTokenHash)?.[0]).toBe(1)
      expect(await storage.setTokenHashes('a', { edit: new Uint8Array(32).fill(8) })).toBe(true)
      expect(plain((await storage.getBoard('a'))?.editTokenHash)?.[0]).toBe(8)
      expect(await storage.setTokenHashes('missing', { edit: new Uint8Array(32) })).toBe(false)
    })

    it('compacts into a snapshot, keeps later entries and never reuses a sequence number', async () => {
      const { storage } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      await storage.createBoard(testBoard('b'), bytes(0))
      const first = await storage.appendUpdate('a', bytes(1))
      const last = await storage.appendUpdate('a', bytes(2))
      expect(last).toBeGreaterThan(first)
      await storage.appendUpdate('b', bytes(7))
      const after = await storage.appendUpdate('a', bytes(4))
      expect(after).toBeGreaterThan(last)
      await storage.compact('a', bytes(9, 9), last)
      const next = await storage.appendUpdate('a', bytes(3))
      expect(next).toBeGreaterThan(after)
      const a = await storage.loadState('a')
      expect(plain(a?.snapshot)).toEqual([9, 9])
      expect(a?.updates.map((u) => [u.seq, ...u.data])).toEqual([
        [after, 4],
        [next, 3],
      ])
      expect((await storage.loadState('b'))?.updates.map((u) => plain(u.data))).toEqual([[7]])
    })

    it('numbers an append after a compaction that emptied the log above what the snapshot covers', async () => {
      const { storage, reopen } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      let current = storage
      for (const key of ['a', docKey('a', 'discussion')]) {
        await current.appendUpdate(key, bytes(1))
        const covered = await current.appendUpdate(key, bytes(2))
        await current.compact(key, bytes(9), covered)
        expect((await current.loadState(key))?.updates).toEqual([])
        await current.close()
        current = await reopen()
        const next = await current.appendUpdate(key, bytes(3))
        expect(next).toBeGreaterThan(covered)
        // Loading takes the log above the snapshot: the new entry must be in it.
        expect((await current.loadState(key))?.updates.map((u) => [u.seq, ...u.data])).toEqual([[next, 3]])
      }
    })

    it("keeps a snapshot's state vector with it: stored by compaction, replaced with the snapshot", async () => {
      const { storage, reopen } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      // A board's first snapshot has none: the server works it out from the snapshot.
      expect((await storage.loadState('a'))?.stateVector).toBeUndefined()
      const seq = await storage.appendUpdate('a', bytes(1))
      await storage.compact('a', bytes(9, 9), seq, bytes(1, 5, 2))
      expect(plain((await (await reopen()).loadState('a'))?.stateVector)).toEqual([1, 5, 2])
      const discussion = docKey('a', 'discussion')
      expect((await storage.loadState(discussion))?.stateVector).toBeUndefined()
      // A snapshot stored without one must not keep the old snapshot's.
      const later = await storage.appendUpdate('a', bytes(2))
      await storage.compact('a', bytes(8, 8), later)
      const state = await storage.loadState('a')
      expect(plain(state?.snapshot)).toEqual([8, 8])
      expect(state?.stateVector).toBeUndefined()
    })

    it('rebuilds the same document from a compacted snapshot and the log after it', async () => {
      const { storage, reopen } = await fresh()
      const doc = new Y.Doc()
      await storage.createBoard(testBoard('a'), Y.encodeStateAsUpdate(doc))
      const made: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => made.push(u))
      const list = doc.getArray<number>('n')
      // One at a time, as a room appends.
      const edit = async (from: number, to: number) => {
        const seqs: number[] = []
        for (let i = from; i < to; i++) list.push([i])
        for (const u of made.splice(0)) seqs.push(await storage.appendUpdate('a', u))
        return seqs
      }
      const first = await edit(0, 10)
      const snapshot = Y.encodeStateAsUpdate(doc)
      await edit(10, 20)
      await storage.compact('a', snapshot, first.at(-1) as number)
      await edit(20, 25)

      const state = await (await reopen()).loadState('a')
      expect(state?.updates).toHaveLength(15)
      const rebuilt = new Y.Doc()
      if (state?.snapshot) Y.applyUpdate(rebuilt, state.snapshot)
      for (const u of state?.updates ?? []) Y.applyUpdate(rebuilt, u.data)
      expect(rebuilt.getArray('n').toArray()).toEqual(list.toArray())
    })

    it("keeps a board's discussion apart from its plan: own log, own snapshot", async () => {
      const { storage } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      const discussion = docKey('a', 'discussion')
      expect(await storage.loadState(discussion)).toEqual({ snapshot: undefined, updates: [] })
      await storage.appendUpdate('a', bytes(1))
      const seq = await storage.appendUpdate(discussion, bytes(7))
      await storage.appendUpdate(discussion, bytes(8))
      await storage.compact(discussion, bytes(7, 7), seq)
      expect(plain((await storage.loadState(discussion))?.snapshot)).toEqual([7, 7])
      expect((await storage.loadState(discussion))?.updates.map((u) => plain(u.data))).toEqual([[8]])
      const plan = await storage.loadState('a')
      expect(plain(plan?.snapshot)).toEqual([0])
      expect(plan?.updates.map((u) => plain(u.data))).toEqual([[1]])
      expect(await storage.loadState(docKey('nope', 'discussion'))).toBeUndefined()
    })

    it('stores settings, session events and plan checkpoints per board', async () => {
      const { storage } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      await storage.createBoard({ ...testBoard('b'), settings: { viewerComments: true } }, bytes(0))
      expect((await storage.getBoard('a'))?.settings).toEqual({ viewerComments: false })
      expect((await storage.getBoard('b'))?.settings).toEqual({ viewerComments: true })
      expect(await storage.setSettings('a', { viewerComments: true })).toBe(true)
      expect((await storage.getBoard('a'))?.settings.viewerComments).toBe(true)
      expect(await storage.setSettings('nope', { viewerComments: true })).toBe(false)

      for (const [at, name] of [
        [100, 'Anna'],
        [200, 'Bram'],
        [300, 'Chris'],
      ] as const)
        await storage.appendEvent('a', { at, kind: 'joined', name, access: 'edit' })
      await storage.appendEvent('b', { at: 150, kind: 'left', name: 'Dirk', access: 'view' })
      expect((await storage.listEvents('a', 0, 1_000, 10)).map((e) => e.name)).toEqual([
        'Anna',
        'Bram',
        'Chris',
      ])
      // A window cut by the limit keeps its newest events, still oldest first.
      expect((await storage.listEvents('a', 0, 1_000, 2)).map((e) => e.name)).toEqual(['Bram', 'Chris'])
      expect(await storage.listEvents('a', 150, 250, 10)).toEqual([
        { at: 200, kind: 'joined', name: 'Bram', access: 'edit' },
      ])

      await storage.putCheckpoint('a', { at: 1_000, data: bytes(1) })
      await storage.putCheckpoint('a', { at: 2_000, data: bytes(2) })
      // A later checkpoint for the same moment replaces it.
      await storage.putCheckpoint('a', { at: 2_000, data: bytes(3) })
      expect(await storage.listCheckpoints('a', 0, 5_000)).toEqual([1_000, 2_000])
      expect(await storage.listCheckpoints('b', 0, 5_000)).toEqual([])
      expect(await storage.checkpointAtOrBefore('a', 999)).toBeUndefined()
      const c = await storage.checkpointAtOrBefore('a', 1_999)
      expect([c?.at, plain(c?.data)]).toEqual([1_000, [1]])
      expect(plain((await storage.checkpointAtOrBefore('a', 9_999))?.data)).toEqual([3])
    })

    it('keeps a norm-set change with its from, to and area beside joins and leaves, in order', async () => {
      const { storage, reopen } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      const events: SessionEvent[] = [
        { at: 10, kind: 'joined', name: 'Anna', access: 'edit' },
        { at: 20, kind: 'norm-set', name: 'Anna', access: 'edit', to: 'amsterdam-40-40-20' },
        {
          at: 20,
          kind: 'norm-set',
          name: 'Anna',
          access: 'edit',
          from: 'amsterdam-40-40-20',
          to: 'nl-reference',
          area: 'noord',
          areaName: 'Noord',
        },
        { at: 40, kind: 'norm-set', name: '', access: 'edit', from: 'nl-reference', area: 'noord' },
        { at: 50, kind: 'left', name: 'Anna', access: 'edit' },
      ]
      for (const e of events) await storage.appendEvent('a', e)
      expect(await (await reopen()).listEvents('a', ...ALL_TIME, 100)).toEqual(events)
    })

    it('stores named versions immutably and lists them newest first, without their data', async () => {
      const { storage } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      await storage.createBoard(testBoard('b'), bytes(0))
      await storage.putVersion('a', {
        id: 'v1',
        name: 'Eerste bod',
        at: 1_000,
        author: 'Anna',
        data: bytes(1),
      })
      await storage.putVersion('a', { id: 'v2', name: 'Tweede bod', at: 3_000, author: '', data: bytes(2) })
      // Saved in the same millisecond as v2: the later save is still listed first.
      await storage.putVersion('a', {
        id: 'v3',
        name: 'Na overleg',
        at: 3_000,
        author: 'Bas',
        data: bytes(3),
      })
      expect(await storage.listVersions('a')).toEqual([
        { id: 'v3', name: 'Na overleg', at: 3_000, author: 'Bas' },
        { id: 'v2', name: 'Tweede bod', at: 3_000, author: '' },
        { id: 'v1', name: 'Eerste bod', at: 1_000, author: 'Anna' },
      ])
      const v2 = await storage.getVersion('a', 'v2')
      expect({ ...v2, data: plain(v2?.data) }).toEqual({
        id: 'v2',
        name: 'Tweede bod',
        at: 3_000,
        author: '',
        data: [2],
      })
      const again = storage.putVersion('a', {
        id: 'v1',
        name: 'overschreven',
        at: 9_000,
        author: '',
        data: bytes(9),
      })
      await expect(again).rejects.toBeInstanceOf(AlreadyStoredError)
      await expect(again).rejects.toThrow(/board a already has a version with id "v1"/)
      expect(plain((await storage.getVersion('a', 'v1'))?.data)).toEqual([1])
      // Version ids are per board: b may use v1, and does not see a's.
      await storage.putVersion('b', { id: 'v1', name: 'b', at: 1, author: '', data: bytes(7) })
      expect((await storage.listVersions('b')).map((v) => v.id)).toEqual(['v1'])
      expect(await storage.getVersion('b', 'v2')).toBeUndefined()
      await expect(
        storage.putVersion('nope', { id: 'v1', name: 'x', at: 1, author: '', data: bytes(1) }),
      ).rejects.toThrow(/foreign key/i)
    })

    it("keeps a variant's parent and lists the variants of a board, oldest first", async () => {
      const { storage, reopen } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      const variant = (id: string, createdAt: number, parent: string, versionId: string) =>
        storage.createBoard({ ...testBoard(id), createdAt, parent: { boardId: parent, versionId } }, bytes(1))
      await variant('v', 2_000, 'a', 'x1')
      await variant('w', 1_000, 'a', 'x2')
      // Made in the same millisecond as w: listed after it.
      await variant('x', 1_000, 'a', 'x3')
      await variant('z', 1_000, 'v', 'y')
      const again = await reopen()
      expect((await again.getBoard('a'))?.parent).toBeUndefined()
      expect((await again.getBoard('v'))?.parent).toEqual({ boardId: 'a', versionId: 'x1' })
      expect(await again.listVariants('a')).toEqual([
        { id: 'w', name: 'bord w', createdAt: 1_000, parentVersion: 'x2' },
        { id: 'x', name: 'bord x', createdAt: 1_000, parentVersion: 'x3' },
        { id: 'v', name: 'bord v', createdAt: 2_000, parentVersion: 'x1' },
      ])
      expect((await again.listVariants('v')).map((b) => b.id)).toEqual(['z'])
      expect(await again.listVariants('z')).toEqual([])
    })

    it('stores assets per board, immutably', async () => {
      const { storage } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      await storage.createBoard(testBoard('b'), bytes(0))
      await storage.putAsset('a', { id: 'img', contentType: 'image/png', data: bytes(137, 80) })
      const got = await storage.getAsset('a', 'img')
      expect([got?.id, got?.contentType, plain(got?.data)]).toEqual(['img', 'image/png', [137, 80]])
      expect(await storage.getAsset('b', 'img')).toBeUndefined()
      const again = storage.putAsset('a', { id: 'img', contentType: 'image/jpeg', data: bytes(255) })
      await expect(again).rejects.toBeInstanceOf(AlreadyStoredError)
      await expect(again).rejects.toThrow(/board a already has .*"img"/)
      expect((await storage.getAsset('a', 'img'))?.contentType).toBe('image/png')
    })

    it('passes its health check, counts its boards and reports its size; fails the check once closed', async () => {
      const { storage } = await fresh()
      await storage.createBoard(testBoard('a'), bytes(0))
      await storage.createBoard(testBoard('b'), bytes(0))
      await storage.check()
      const stats = await storage.stats()
      expect(stats.boards).toBe(2)
      expect(stats.bytes).toBeGreaterThan(0)
      await storage.close()
      await expect(storage.check()).rejects.toThrow()
    })
  })
}
