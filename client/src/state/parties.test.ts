import { areaFingerprints } from '@gebiedsbord/barcode'
import { readPlan, signOff } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import { updateBlockProps } from './editing.ts'
import {
  addNewParty,
  editParty,
  nextPartyColour,
  ownedBlocks,
  PARTY_COLOURS,
  type PartyDraft,
  partyProblem,
  removeParty,
  sortedParties,
} from './parties.ts'
import { agreementsByArea } from './signoffs.ts'
import { NOORD, PRIVATE, SOCIAL } from './testPlan.ts'
import { destroyTestSessions, testSession as session } from './testSession.ts'

afterEach(destroyTestSessions)

const gemeente: PartyDraft = { name: 'Gemeente Utrecht', role: 'municipality', colour: '#7C3AED' }
const corporatie: PartyDraft = { name: 'Woonstichting', role: 'housing-corporation', colour: '#db2777' }

describe('parties', () => {
  it('adds, edits and lists parties, each as one undo step', () => {
    const s = session()
    const g = addNewParty(s, { ...gemeente, name: '  Gemeente Utrecht ' })
    const w = addNewParty(s, corporatie)
    expect(g && s.mirror.parties.get(g)).toEqual({
      id: g,
      name: 'Gemeente Utrecht',
      role: 'municipality',
      colour: '#7c3aed',
    })
    expect(sortedParties(s.mirror.parties.values()).map((p) => p.name)).toEqual([
      'Gemeente Utrecht',
      'Woonstichting',
    ])
    expect(w && editParty(s, w, { ...corporatie, name: 'Mitros', role: 'developer' })).toBe(true)
    expect(w && s.mirror.parties.get(w)).toMatchObject({ name: 'Mitros', role: 'developer' })
    s.history.undo()
    expect(w && s.mirror.parties.get(w)?.name).toBe('Woonstichting')
    s.history.undo()
    expect(w && s.mirror.parties.has(w)).toBe(false)
  })

  it('refuses a draft without a name, with a name in use or a colour the map cannot draw', () => {
    const s = session()
    const g = addNewParty(s, gemeente)
    const parties = () => s.mirror.parties.values()
    expect(partyProblem({ ...corporatie, name: ' ' }, parties())).toBe('parties.nameRequired')
    expect(partyProblem({ ...corporatie, name: 'gemeente utrecht ' }, parties())).toBe('parties.nameTaken')
    expect(partyProblem({ ...corporatie, colour: 'red' }, parties())).toBe('parties.badColour')
    expect(partyProblem(corporatie, parties())).toBeNull()
    // A party keeps its own name when edited.
    expect(partyProblem(gemeente, parties(), g)).toBeNull()
    expect(addNewParty(s, { ...corporatie, name: 'Gemeente Utrecht' })).toBeUndefined()
    expect(s.mirror.parties.size).toBe(1)
  })

  it('offers the first colour no party has', () => {
    const s = session()
    expect(nextPartyColour(s.mirror.parties.values())).toBe(PARTY_COLOURS[0])
    addNewParty(s, { ...gemeente, colour: PARTY_COLOURS[0] })
    addNewParty(s, { ...corporatie, colour: PARTY_COLOURS[2] })
    expect(nextPartyColour(s.mirror.parties.values())).toBe(PARTY_COLOURS[1])
  })

  it('removing a party takes it off its blocks and out of the sign-offs; undo gives all back', () => {
    const s = session()
    const g = addNewParty(s, gemeente)
    const w = addNewParty(s, corporatie)
    if (!g || !w) throw new Error('parties not added')
    updateBlockProps(s, PRIVATE, { party: g })
    updateBlockProps(s, SOCIAL, { party: w })
    const fingerprint = areaFingerprints(readPlan(s.doc)).get(NOORD) as string
    for (const party of [g, w])
      signOff(s.doc, { area: NOORD, party, version: 'v1', versionName: 'B', name: 'X', fingerprint }, 1)
    const agreed = () => agreementsByArea(s.signoffs.states.get(), s.mirror.parties).get(NOORD)?.agreed
    expect(agreed()).toBe(2)
    expect(ownedBlocks(s).get(g)).toBe(1)

    expect(removeParty(s, g)).toBe(1)
    expect(s.mirror.parties.has(g)).toBe(false)
    expect(s.mirror.blocks.get(PRIVATE)?.party).toBeUndefined()
    expect(s.mirror.blocks.get(SOCIAL)?.party).toBe(w)
    expect(agreed()).toBe(1)

    s.history.undo()
    expect(s.mirror.parties.get(g)?.name).toBe('Gemeente Utrecht')
    expect(s.mirror.blocks.get(PRIVATE)?.party).toBe(g)
    expect(agreed()).toBe(2)
  })

  it('a view link changes nothing', () => {
    const editor = session()
    const g = addNewParty(editor, gemeente) as NonNullable<ReturnType<typeof addNewParty>>
    const viewer = session('view', editor.doc)
    expect(addNewParty(viewer, corporatie)).toBeUndefined()
    expect(editParty(viewer, g, { ...gemeente, name: 'Other' })).toBe(false)
    expect(removeParty(viewer, g)).toBe(0)
    expect([...viewer.mirror.parties.values()].map((p) => p.name)).toEqual(['Gemeente Utrecht'])
  })
})
