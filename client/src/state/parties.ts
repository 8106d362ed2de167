import {
  addParty,
  deleteParty,
  MAX_NAME_LENGTH,
  newId,
  type Party,
  type PartyId,
  type PartyPatch,
  type PartyRole,
  updateBlock,
  updateParty,
} from '@gebiedsbord/model'
import { type BoardSession, cryptoBytes } from './session.ts'

/**
 * The parties of a joint bid (municipality, corporations, developers …) and the edits of them, as
 * plain functions over a session like those in `editing.ts`: one transaction and one undo step
 * each, nothing in a read-only session.
 */

/**
 * Colours offered for parties, in the order new parties get them: distinct from each other, from
 * the barcode's status colours (so a party outline never reads as pass or fail) and from the block
 * fills, and dark enough to outline a block on the map.
 */
export const PARTY_COLOURS = [
  '#7c3aed',
  '#db2777',
  '#0891b2',
  '#ca8a04',
  '#4338ca',
  '#ea580c',
  '#0d9488',
  '#9f1239',
] as const

/** A party colour as the colour input gives it and the model stores it. */
const COLOUR = /^#[0-9a-f]{6}$/i

/** A party as the form holds it. */
export interface PartyDraft {
  readonly name: string
  readonly role: PartyRole
  readonly colour: string
}

/** Why a draft cannot be saved, as a message key, or null when it can. */
export type PartyProblem = 'parties.nameRequired' | 'parties.nameTaken' | 'parties.badColour'

/** The first offered colour no party has yet (the first again once all are taken). */
export function nextPartyColour(parties: Iterable<Party>): string {
  const used = new Set([...parties].map((p) => p.colour.toLowerCase()))
  return PARTY_COLOURS.find((c) => !used.has(c)) ?? PARTY_COLOURS[0]
}

/** Parties by name, then id: the order of every list and table of parties. */
export function sortedParties(parties: Iterable<Party>): Party[] {
  return [...parties].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
}

/**
 * What is wrong with a draft, or null. Two parties of one name would be told apart only by colour
 * in the tables and the sign-off matrix, so a name may be used once (`self` is the party edited).
 */
export function partyProblem(
  draft: PartyDraft,
  parties: Iterable<Party>,
  self?: PartyId,
): PartyProblem | null {
  const name = draft.name.trim()
  if (name === '') return 'parties.nameRequired'
  const lower = name.toLocaleLowerCase()
  for (const p of parties)
    if (p.id !== self && p.name.trim().toLocaleLowerCase() === lower) return 'parties.nameTaken'
  if (!COLOUR.test(draft.colour)) return 'parties.badColour'
  return null
}

const clean = (draft: PartyDraft): PartyDraft => ({
  name: draft.name.trim().slice(0, MAX_NAME_LENGTH),
  role: draft.role,
  colour: draft.colour.toLowerCase(),
})

/** Adds a party; its id, or undefined in a read-only session or for a draft with a problem. */
export function addNewParty(s: BoardSession, draft: PartyDraft): PartyId | undefined {
  if (s.readOnly || partyProblem(draft, s.mirror.parties.values())) return undefined
  const id = newId<PartyId>(cryptoBytes)
  s.edit(() => addParty(s.doc, { id, ...clean(draft) }, s.origin))
  return id
}

/** Renames a party or changes its role or colour; false when it is gone, read-only, or the draft has a problem. */
export function editParty(s: BoardSession, id: PartyId, draft: PartyDraft): boolean {
  const before = s.mirror.parties.get(id)
  if (s.readOnly || !before || partyProblem(draft, s.mirror.parties.values(), id)) return false
  const next = clean(draft)
  const patch: { -readonly [K in keyof PartyPatch]: PartyPatch[K] } = {}
  if (next.name !== before.name) patch.name = next.name
  if (next.role !== before.role) patch.role = next.role
  if (next.colour !== before.colour) patch.colour = next.colour
  if (Object.keys(patch).length === 0) return true
  let done = false
  s.edit(() => {
    done = updateParty(s.doc, id, patch, s.origin)
  })
  return done
}

/**
 * Removes a party and takes it off every block it owned, in one transaction and one undo step (an
 * undo gives the blocks back to it). Its sign-offs are left in the doc: without the party they
 * show nowhere, and they hold again if the removal is undone. Returns how many blocks it owned.
 */
export function removeParty(s: BoardSession, id: PartyId): number {
  if (s.readOnly || !s.mirror.parties.has(id)) return 0
  let owned = 0
  s.edit(() => {
    for (const b of s.mirror.blocks.values())
      if (b.party === id && updateBlock(s.doc, b.id, { party: null }, s.origin)) owned++
    deleteParty(s.doc, id, s.origin)
  })
  return owned
}

/** How many blocks each party owns (a block naming a removed party counts for none). */
export function ownedBlocks(s: BoardSession): Map<PartyId, number> {
  const out = new Map<PartyId, number>()
  for (const b of s.mirror.blocks.values())
    if (b.party && s.mirror.parties.has(b.party)) out.set(b.party, (out.get(b.party) ?? 0) + 1)
  return out
}

/** Each party's colour by id, for drawing: what the map's block outlines read per block. */
export function partyColours(parties: Iterable<Party>): Map<PartyId, string> {
  return new Map([...parties].map((p) => [p.id, p.colour]))
}
