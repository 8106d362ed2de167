import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { testBoard } from '../storage/contract.ts'
import { SqliteStorage } from '../storage/sqlite.ts'
import { tempDir } from '../testing/testServer.ts'
import { hashToken } from '../tokens.ts'
import { revokedConnections, storedDifference } from './catchUp.ts'

const dirs: string[] = []
const storages: SqliteStorage[] = []
afterEach(async () => {
  for (const s of storages.splice(0)) await s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function storage(): SqliteStorage {
  const dir = tempDir()
  dirs.push(dir)
  const s = new SqliteStorage(join(dir, 'board.sqlite'), 'NORMAL')
  storages.push(s)
  return s
}

/** Updates of a doc as it makes them, for storing one by one as rooms do. */
function writer(): { doc: Y.Doc; made: Uint8Array[] } {
  const doc = new Y.Doc()
  const made: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => made.push(u))
  return { doc, made }
}

describe('storedDifference', () => {
  it('gives what storage has and a loaded copy lacks (snapshot and log), and the highest seq read', async () => {
    const s = storage()
    const origin = writer()
    origin.doc.getMap('board').set('name', 'Bord')
    await s.createBoard(testBoard('a'), Y.encodeStateAsUpdate(origin.doc))
    origin.made.length = 0
    // The loaded copy (this instance) has the snapshot and the first update…
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, Y.encodeStateAsUpdate(origin.doc))
    origin.doc.getMap('blocks').set('b1', 1)
    Y.applyUpdate(loaded, origin.made[0] as Uint8Array)
    await s.appendUpdate('a', origin.made[0] as Uint8Array)
    // …another instance stored two more (one a deletion) that never reached it.
    origin.doc.getMap('blocks').set('b2', 2)
    origin.doc.getMap('blocks').delete('b1')
    let last = 0
    for (const u of origin.made.slice(1)) last = await s.appendUpdate('a', u)

    const found = await storedDifference(s, 'a', loaded)
    expect(found?.lastSeq).toBe(last)
    Y.applyUpdate(loaded, found?.update as Uint8Array)
    expect(loaded.getMap('blocks').toJSON()).toEqual({ b2: 2 })
    expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(origin.doc))

    // Caught up, the difference adds nothing.
    const again = await storedDifference(s, 'a', loaded)
    const probe = new Y.Doc()
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(loaded))
    let changed = false
    probe.on('update', () => {
      changed = true
    })
    Y.applyUpdate(probe, again?.update as Uint8Array)
    expect(changed).toBe(false)
  })

  it('is undefined for a board that is gone', async () => {
    expect(await storedDifference(storage(), 'nope', new Y.Doc())).toBeUndefined()
  })
})

describe('revokedConnections', () => {
  const board = {
    ...testBoard('a'),
    editTokenHash: hashToken('edit-now'),
    viewTokenHash: hashToken('view-now'),
    settings: { viewerComments: false },
  }

  it('lists the connections whose token no longer opens the board, by the access they hold', () => {
    const editor = { access: 'edit' as const, tokenHash: hashToken('edit-now') }
    const viewer = { access: 'view' as const, tokenHash: hashToken('view-now') }
    const oldViewer = { access: 'view' as const, tokenHash: hashToken('view-before') }
    // The view token does not keep an edit connection open.
    const editWithViewToken = { access: 'edit' as const, tokenHash: hashToken('view-now') }
    expect(revokedConnections(board, [editor, viewer, oldViewer, editWithViewToken])).toEqual([
      oldViewer,
      editWithViewToken,
    ])
  })

  it('leaves alone connections admitted without a hash (a single instance keeps none)', () => {
    expect(revokedConnections(board, [{ access: 'edit', tokenHash: undefined }])).toEqual([])
  })
})
