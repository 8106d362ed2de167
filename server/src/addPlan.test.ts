import {
  addBlock,
  addParty,
  asAreaId,
  asBlockId,
  asPartyId,
  type Block,
  initBoard,
  type Plan,
  readPlan,
  rectangle,
  seededBytes,
  seededRandom,
} from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addPlan } from './addPlan.ts'

const square = [
  [0, 0],
  [50, 0],
  [50, 50],
  [0, 50],
] as [number, number][]

const block = (id: string, x: number, party?: string): Block => ({
  id: asBlockId(id),
  kind: 'housing',
  dwellings: 10,
  segment: 'mid',
  x,
  y: 0,
  rotation: 0,
  shape: rectangle(10, 10),
  floors: 3,
  ...(party ? { party: asPartyId(party) } : {}),
})

function board(): Y.Doc {
  const doc = new Y.Doc()
  initBoard(doc, { name: 'Bestaand', frame: { kind: 'rd-new' }, normSetId: 'nl-2024' })
  doc.transact(() => {
    addParty(doc, { id: asPartyId('gemeente'), name: 'Gemeente', role: 'municipality', colour: '#aa0000' })
    addBlock(doc, block('b1', 1, 'gemeente'))
  })
  return doc
}

const file: Plan = {
  board: { name: 'Bestand', frame: { kind: 'rd-new' } },
  areas: [{ id: asAreaId('a1'), name: 'Nieuw gebied', polygon: square }],
  blocks: [block('b1', 100, 'gemeente'), block('b2', 200, 'ontwikkelaar'), block('b3', 300, 'elders')],
  parties: [
    { id: asPartyId('gemeente'), name: 'Gemeente uit het bestand', role: 'municipality', colour: '#0000aa' },
    { id: asPartyId('ontwikkelaar'), name: 'Ontwikkelaar', role: 'developer', colour: '#00aa00' },
  ],
}

describe('addPlan', () => {
  it('adds every record as a new one, renaming ids in use and leaving the board as it was', () => {
    const doc = board()
    const before = readPlan(doc)
    const added = addPlan(doc, file, seededBytes(seededRandom(7)))
    expect([added.areas, added.blocks, added.parties]).toEqual([1, 3, 2])
    expect(added.renamed.map((r) => [r.kind, r.from])).toEqual([
      ['party', 'gemeente'],
      ['block', 'b1'],
    ])
    const after = readPlan(doc)
    expect(after.board).toStrictEqual(before.board)
    // What was there is there unchanged.
    for (const b of before.blocks) expect(after.blocks).toContainEqual(b)
    for (const p of before.parties) expect(after.parties).toContainEqual(p)
    expect([after.areas.length, after.blocks.length, after.parties.length]).toEqual([1, 4, 3])

    const newParty = added.renamed.find((r) => r.kind === 'party')?.to
    const newB1 = added.renamed.find((r) => r.kind === 'block')?.to
    const byId = new Map(after.blocks.map((b) => [b.id as string, b]))
    // The file's b1 follows the file's gemeente to its new id; a party the file does not define keeps its id.
    expect(byId.get(newB1 ?? '')).toMatchObject({ x: 100, party: newParty })
    expect(byId.get('b2')?.party).toBe('ontwikkelaar')
    expect(byId.get('b3')?.party).toBe('elders')
    expect(after.parties.find((p) => p.id === newParty)?.name).toBe('Gemeente uit het bestand')
  })

  it('writes everything in one transaction', () => {
    const doc = board()
    let updates = 0
    doc.on('update', () => updates++)
    addPlan(doc, file, seededBytes(seededRandom(1)))
    expect(updates).toBe(1)
  })
})
