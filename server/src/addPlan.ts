import {
  addArea,
  addBlock,
  addParty,
  areasMap,
  blocksMap,
  newId,
  type PartyId,
  type Plan,
  partiesMap,
  type RandomBytes,
} from '@gebiedsbord/model'
import type * as Y from 'yjs'

/** A record of the file whose id was already in use on the board, with the id it was added under. */
export interface RenamedRecord {
  readonly kind: 'area' | 'block' | 'party'
  readonly from: string
  readonly to: string
}

/** How many records of each kind were added, and the ids that had to change. */
export interface AddedPlan {
  readonly areas: number
  readonly blocks: number
  readonly parties: number
  readonly renamed: readonly RenamedRecord[]
}

/**
 * Adds the areas, blocks and parties of `plan` to a board's doc as new records, in one
 * transaction, changing nothing already there: a record whose id the board already uses gets a
 * fresh id, and a block that names a party of `plan` follows that party to its new id. The board's
 * own properties (name, frame, norm set) are left as they are. Every record is checked as the
 * commands check it: an unreadable one throws a RangeError, possibly after others were added, so
 * run it on a copy (as `SyncServer.changeDoc` does) to write all or nothing.
 */
export function addPlan(doc: Y.Doc, plan: Plan, random: RandomBytes): AddedPlan {
  const renamed: RenamedRecord[] = []
  // Ids of the file count as taken too, so that a fresh id never meets a later record of it.
  const inFile = new Set<string>([...plan.areas, ...plan.blocks, ...plan.parties].map((r) => r.id))
  const idFor = <T extends string>(
    kind: RenamedRecord['kind'],
    map: { has(id: string): boolean },
    id: T,
  ): T => {
    if (!map.has(id)) return id
    let fresh: T
    do fresh = newId<T>(random)
    while (map.has(fresh) || inFile.has(fresh))
    inFile.add(fresh)
    renamed.push({ kind, from: id, to: fresh })
    return fresh
  }
  doc.transact(() => {
    const parties = new Map<PartyId, PartyId>()
    for (const party of plan.parties) {
      const id = idFor('party', partiesMap(doc), party.id)
      parties.set(party.id, id)
      addParty(doc, { ...party, id })
    }
    for (const area of plan.areas) addArea(doc, { ...area, id: idFor('area', areasMap(doc), area.id) })
    for (const block of plan.blocks) {
      const id = idFor('block', blocksMap(doc), block.id)
      // A party the file does not define keeps its id: it may name a party of the board.
      const party = block.party === undefined ? undefined : (parties.get(block.party) ?? block.party)
      addBlock(doc, { ...block, id, ...(party === undefined ? {} : { party }) })
    }
  })
  return { areas: plan.areas.length, blocks: plan.blocks.length, parties: plan.parties.length, renamed }
}
