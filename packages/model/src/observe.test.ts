import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addArea,
  addBlock,
  addParty,
  asAreaId,
  asBlockId,
  asPartyId,
  type Block,
  blocksMap,
  deleteArea,
  deleteBlock,
  deleteParty,
  initBoard,
  moveBlock,
  observePlan,
  type PlanChange,
  rectangle,
  rotateBlock,
  setBoard,
  updateArea,
  updateBlock,
  writePlan,
} from './index.ts'

const block = (id: string, x = 0): Block => ({
  id: asBlockId(id),
  kind: 'work',
  x,
  y: 0,
  rotation: 0,
  shape: rectangle(4, 4),
  floors: 1,
})
const area = (id: string) => ({
  id: asAreaId(id),
  name: id,
  polygon: rectangle(100, 100),
})
const party = (id: string) => ({ id: asPartyId(id), name: id, role: 'other' as const, colour: '#000' })

interface Seen {
  board: boolean
  areas: string[]
  blocks: string[]
  parties: string[]
  local: boolean
  origin: unknown
}

/** Records what observePlan reports, as sorted plain lists. */
function watch(doc: Y.Doc) {
  const seen: Seen[] = []
  const stop = observePlan(doc, (c: PlanChange, tx) =>
    seen.push({
      board: c.board,
      areas: [...c.areas].sort(),
      blocks: [...c.blocks].sort(),
      parties: [...c.parties].sort(),
      local: tx.local,
      origin: tx.origin,
    }),
  )
  /** The changes reported by `run`, emptied afterwards. */
  const during = (run: () => void): Omit<Seen, 'local' | 'origin'>[] => {
    seen.length = 0
    run()
    return seen.map(({ board, areas, blocks, parties }) => ({ board, areas, blocks, parties }))
  }
  return { seen, stop, during }
}

const only = (part: Partial<Omit<Seen, 'local' | 'origin'>>) => [
  { board: false, areas: [], blocks: [], parties: [], ...part },
]

/** A second replica that receives every update of `source` as it happens. */
function follow(source: Y.Doc): Y.Doc {
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(source), 'remote')
  source.on('update', (u: Uint8Array) => Y.applyUpdate(replica, u, 'remote'))
  return replica
}

describe('observePlan on local transactions', () => {
  it('reports exactly the ids of added, edited and deleted records', () => {
    const doc = new Y.Doc()
    initBoard(doc, { name: 'bord', frame: { kind: 'local' } })
    const { during } = watch(doc)
    expect(during(() => addBlock(doc, block('b1')))).toEqual(only({ blocks: ['b1'] }))
    expect(during(() => addBlock(doc, block('b2')))).toEqual(only({ blocks: ['b2'] }))
    expect(during(() => moveBlock(doc, asBlockId('b1'), [5, 5]))).toEqual(only({ blocks: ['b1'] }))
    expect(during(() => rotateBlock(doc, asBlockId('b2'), 90))).toEqual(only({ blocks: ['b2'] }))
    expect(during(() => updateBlock(doc, asBlockId('b2'), { label: 'x' }))).toEqual(only({ blocks: ['b2'] }))
    expect(during(() => deleteBlock(doc, asBlockId('b1')))).toEqual(only({ blocks: ['b1'] }))
    expect(during(() => addArea(doc, area('a1')))).toEqual(only({ areas: ['a1'] }))
    expect(during(() => updateArea(doc, asAreaId('a1'), { name: 'Noord', catchment: null }))).toEqual(
      only({ areas: ['a1'] }),
    )
    expect(during(() => deleteArea(doc, asAreaId('a1')))).toEqual(only({ areas: ['a1'] }))
    expect(during(() => addParty(doc, party('p1')))).toEqual(only({ parties: ['p1'] }))
    expect(during(() => deleteParty(doc, asPartyId('p1')))).toEqual(only({ parties: ['p1'] }))
  })

  it('reports the board flag for board edits only', () => {
    const doc = new Y.Doc()
    const { during } = watch(doc)
    expect(during(() => initBoard(doc, { name: 'bord', frame: { kind: 'local' } }))).toEqual(
      only({ board: true }),
    )
    expect(during(() => setBoard(doc, { normSetId: 'nl-2024' }))).toEqual(only({ board: true }))
    expect(during(() => addBlock(doc, block('b1')))).toEqual(only({ blocks: ['b1'] }))
  })

  it('reports one change for one transaction over many records', () => {
    const doc = new Y.Doc()
    addBlock(doc, block('old'))
    const { during } = watch(doc)
    const changes = during(() =>
      doc.transact(() => {
        writePlan(doc, {
          board: { name: 'bord', frame: { kind: 'rd-new' } },
          areas: [area('a1'), area('a2')],
          blocks: [block('b1'), block('b2')],
          parties: [party('p1')],
        })
        moveBlock(doc, asBlockId('old'), [1, 1])
      }),
    )
    expect(changes).toEqual([
      { board: true, areas: ['a1', 'a2'], blocks: ['b1', 'b2', 'old'], parties: ['p1'] },
    ])
  })

  it('stays silent for transactions that change no plan record', () => {
    const doc = new Y.Doc()
    addBlock(doc, block('b1'))
    const { during } = watch(doc)
    expect(during(() => doc.transact(() => {}))).toEqual([])
    expect(during(() => doc.getMap('presence').set('cursor', [1, 2]))).toEqual([])
    expect(during(() => moveBlock(doc, asBlockId('missing'), [1, 1]))).toEqual([])
  })

  it('passes the transaction, with its origin', () => {
    const doc = new Y.Doc()
    const { seen } = watch(doc)
    const anna = { user: 'anna' }
    addBlock(doc, block('b1'), anna)
    expect(seen).toMatchObject([{ local: true, origin: anna }])
  })

  it('stops when unsubscribed', () => {
    const doc = new Y.Doc()
    const { seen, stop } = watch(doc)
    addBlock(doc, block('b1'))
    expect(seen).toHaveLength(1)
    stop()
    addBlock(doc, block('b2'))
    moveBlock(doc, asBlockId('b1'), [3, 3])
    setBoard(doc, { name: 'n' })
    expect(seen).toHaveLength(1)
    // Other listeners are unaffected.
    const other = watch(doc)
    moveBlock(doc, asBlockId('b1'), [4, 4])
    expect(other.seen).toHaveLength(1)
    expect(seen).toHaveLength(1)
  })
})

describe('observePlan on remote transactions', () => {
  it('reports adds, edits and deletes arriving by applyUpdate, on a replica that never read the plan', () => {
    const source = new Y.Doc()
    const replica = follow(source)
    const { during, seen } = watch(replica)
    expect(during(() => addBlock(source, block('b1')))).toEqual(only({ blocks: ['b1'] }))
    expect(seen[0]).toMatchObject({ local: false, origin: 'remote' })
    expect(during(() => addArea(source, area('a1')))).toEqual(only({ areas: ['a1'] }))
    expect(during(() => addParty(source, party('p1')))).toEqual(only({ parties: ['p1'] }))
    expect(during(() => moveBlock(source, asBlockId('b1'), [7, 7]))).toEqual(only({ blocks: ['b1'] }))
    expect(during(() => updateArea(source, asAreaId('a1'), { name: 'x' }))).toEqual(only({ areas: ['a1'] }))
    expect(during(() => setBoard(source, { name: 'remote' }))).toEqual(only({ board: true }))
    expect(during(() => deleteBlock(source, asBlockId('b1')))).toEqual(only({ blocks: ['b1'] }))
    expect(during(() => deleteParty(source, asPartyId('p1')))).toEqual(only({ parties: ['p1'] }))
    expect(during(() => deleteArea(source, asAreaId('a1')))).toEqual(only({ areas: ['a1'] }))
  })

  it('reports remote changes on a replica that received the doc before it subscribed', () => {
    const source = new Y.Doc()
    addBlock(source, block('b1'))
    addArea(source, area('a1'))
    // The replica's roots first arrive by update, before anyone asked for them by name.
    const replica = follow(source)
    const { during } = watch(replica)
    expect(during(() => moveBlock(source, asBlockId('b1'), [1, 2]))).toEqual(only({ blocks: ['b1'] }))
    expect(during(() => addBlock(source, block('b2')))).toEqual(only({ blocks: ['b2'] }))
    expect(during(() => updateArea(source, asAreaId('a1'), { name: 'y' }))).toEqual(only({ areas: ['a1'] }))
  })

  it('reports the records of a whole-state sync', () => {
    const source = new Y.Doc()
    addBlock(source, block('b1'))
    addBlock(source, block('b2'))
    addParty(source, party('p1'))
    const replica = new Y.Doc()
    const { during } = watch(replica)
    expect(during(() => Y.applyUpdate(replica, Y.encodeStateAsUpdate(source)))).toEqual(
      only({ blocks: ['b1', 'b2'], parties: ['p1'] }),
    )
  })

  it('reports a concurrent edit of a record only where it takes effect', () => {
    const a = new Y.Doc()
    addBlock(a, block('b1'))
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    deleteBlock(a, asBlockId('b1'))
    moveBlock(b, asBlockId('b1'), [9, 9])
    updateBlock(b, asBlockId('b2-missing'), { label: 'x' })
    const { during } = watch(a)
    // The move lands in a record a has deleted: nothing in a's plan changes.
    expect(during(() => Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))))).toEqual([])
    const onB = watch(b)
    expect(onB.during(() => Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))))).toEqual(
      only({ blocks: ['b1'] }),
    )
    expect(blocksMap(b).has('b1')).toBe(false)
  })
})
