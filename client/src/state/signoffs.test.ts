import { areaFingerprints, type SignOffWithState } from '@gebiedsbord/barcode'
import {
  addArea,
  addParty,
  asAreaId,
  asPartyId,
  moveBlock,
  type Party,
  planFromUpdate,
  readPlan,
  readSignOffs,
  updateArea,
} from '@gebiedsbord/model'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { VersionInfo } from '../api/versions.ts'
import type { ConnectionState } from './connection.ts'
import { Cell } from './observable.ts'
import { PlanMirror } from './planMirror.ts'
import {
  agreementOf,
  agreementsByArea,
  SignOffBook,
  SignOffError,
  type SignOffVersionsApi,
  whenSaved,
} from './signoffs.ts'
import { NOORD, PRIVATE, SOCIAL, testDoc, ZUID } from './testPlan.ts'

const GEMEENTE: Party = {
  id: asPartyId('gemeente'),
  name: 'Gemeente',
  role: 'municipality',
  colour: '#7c3aed',
}
const CORPORATIE: Party = {
  id: asPartyId('corporatie'),
  name: 'Woonstichting',
  role: 'housing-corporation',
  colour: '#db2777',
}
const T0 = Date.UTC(2026, 2, 5, 10, 0)

/** The server's versions: snapshots of the doc as the server holds it (here: the editor's doc). */
class FakeVersions implements SignOffVersionsApi {
  readonly saved: { version: VersionInfo; update: Uint8Array }[] = []
  constructor(readonly server: Y.Doc) {}
  async save(name: string, author = 'Eva'): Promise<VersionInfo> {
    const version = { id: `v${this.saved.length + 1}`, name, at: T0, author }
    this.saved.unshift({ version, update: Y.encodeStateAsUpdate(this.server) })
    return version
  }
  async list(): Promise<VersionInfo[]> {
    return this.saved.map((s) => s.version)
  }
  async state(id: string): Promise<Uint8Array> {
    const hit = this.saved.find((s) => s.version.id === id)
    if (!hit) throw new Error(`no version ${id}`)
    return hit.update
  }
}

/** Two replicas of the test plan with two parties, relaying every update to each other. */
function linkedDocs(): [Y.Doc, Y.Doc] {
  const a = testDoc()
  addParty(a, GEMEENTE)
  addParty(a, CORPORATIE)
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  const relay = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin !== relay) Y.applyUpdate(to, update, relay)
  }
  a.on('update', relay(b))
  b.on('update', relay(a))
  return [a, b]
}

const books: SignOffBook[] = []
function book(
  doc: Y.Doc,
  o: { readOnly?: boolean; api?: SignOffVersionsApi; saved?: () => Promise<void> } = {},
) {
  const mirror = new PlanMirror(doc)
  const b = new SignOffBook({
    doc,
    mirror,
    readOnly: o.readOnly ?? false,
    api: o.api ?? new FakeVersions(doc),
    people: { peers: () => [{ name: 'Eva', colour: '#0f766e', self: true }] },
    now: () => T0,
    saved: o.saved ?? (() => Promise.resolve()),
  })
  books.push(b)
  return { book: b, mirror }
}

afterEach(() => {
  for (const b of books.splice(0)) b.destroy()
})

const stateOf = (b: SignOffBook, area: string, party: string): SignOffWithState['state'] | 'none' =>
  b.states.get().find((s) => s.area === area && s.party === party)?.state ?? 'none'

describe('sign-offs', () => {
  it('saves the current state as a version, signs the area’s fingerprint in it, and syncs', async () => {
    const [a, b] = linkedDocs()
    const api = new FakeVersions(a)
    const editor = book(a, { api }).book
    const other = book(b, { readOnly: true }).book
    const signed = await editor.sign({
      area: NOORD,
      party: GEMEENTE.id,
      name: '  Wethouder De Vries ',
      version: 'new',
      versionName: 'Akkoord Gemeente – Noord',
    })
    expect(api.saved.map((s) => s.version)).toEqual([
      { id: 'v1', name: 'Akkoord Gemeente – Noord', at: T0, author: 'Eva' },
    ])
    expect(signed).toEqual({
      area: NOORD,
      party: GEMEENTE.id,
      version: 'v1',
      versionName: 'Akkoord Gemeente – Noord',
      name: 'Wethouder De Vries',
      at: T0,
      fingerprint: areaFingerprints(readPlan(a)).get(NOORD),
    })
    expect(readSignOffs(b)).toEqual([signed])
    expect(editor.signing.get()).toEqual({ status: 'done', signOff: signed })
    expect(stateOf(editor, NOORD, GEMEENTE.id)).toBe('current')
    expect(stateOf(other, NOORD, GEMEENTE.id)).toBe('current')
  })

  it('takes the fingerprint from the chosen version’s plan, not from the live plan', async () => {
    const [a] = linkedDocs()
    const api = new FakeVersions(a)
    const { book: editor } = book(a, { api })
    const v1 = await api.save('Variant B')
    moveBlock(a, PRIVATE, [80, 150]) // the live Noord now differs from Variant B
    await editor.sign({
      area: NOORD,
      party: CORPORATIE.id,
      name: 'Bram',
      version: v1,
      versionName: 'ignored',
    })
    const [s] = readSignOffs(a)
    expect(s).toMatchObject({ version: 'v1', versionName: 'Variant B' })
    const inVersion = areaFingerprints(planFromUpdate(await api.state('v1'))).get(NOORD)
    expect(s?.fingerprint).toBe(inVersion)
    expect(s?.fingerprint).not.toBe(areaFingerprints(readPlan(a)).get(NOORD))
    expect(stateOf(editor, NOORD, CORPORATIE.id)).toBe('outdated')
    // Put back as it was in the version, the area is agreed again.
    moveBlock(a, PRIVATE, [60, 140])
    editor.flush()
    expect(stateOf(editor, NOORD, CORPORATIE.id)).toBe('current')
  })

  it('marks a sign-off outdated when its area changes later, and only that area’s', async () => {
    const [a, b] = linkedDocs()
    const { book: editor } = book(a)
    const { book: viewer } = book(b, { readOnly: true })
    const sign = (area: typeof NOORD, party: Party) =>
      editor.sign({ area, party: party.id, name: 'X', version: 'new', versionName: `Akkoord ${party.name}` })
    await sign(NOORD, GEMEENTE)
    await sign(NOORD, CORPORATIE)
    await sign(ZUID, GEMEENTE)

    // A move within Zuid (the viewer's replica receives it as a remote update) leaves Noord agreed.
    moveBlock(a, SOCIAL, [120, -220])
    editor.flush()
    viewer.flush()
    for (const bk of [editor, viewer]) {
      expect(stateOf(bk, NOORD, GEMEENTE.id)).toBe('current')
      expect(stateOf(bk, NOORD, CORPORATIE.id)).toBe('current')
      expect(stateOf(bk, ZUID, GEMEENTE.id)).toBe('outdated')
    }

    // A move within Noord outdates both parties' sign-offs of Noord.
    moveBlock(a, PRIVATE, [60, 120])
    viewer.flush()
    expect(stateOf(viewer, NOORD, GEMEENTE.id)).toBe('outdated')
    expect(stateOf(viewer, NOORD, CORPORATIE.id)).toBe('outdated')

    // Signing again agrees to the area as it is now.
    await sign(NOORD, GEMEENTE)
    expect(stateOf(viewer, NOORD, GEMEENTE.id)).toBe('current')
    expect(stateOf(viewer, NOORD, CORPORATIE.id)).toBe('outdated')
  })

  it('waits for the plan to be outdated until the next refresh, not per transaction', async () => {
    vi.useFakeTimers()
    try {
      const [a] = linkedDocs()
      const { book: editor } = book(a)
      await editor.sign({ area: NOORD, party: GEMEENTE.id, name: 'X', version: 'new', versionName: 'v' })
      const seen: string[] = []
      editor.states.subscribe((s) => seen.push(s.map((x) => x.state).join()))
      for (let i = 0; i < 5; i++) moveBlock(a, PRIVATE, [60 + i, 140])
      expect(seen).toEqual([])
      vi.advanceTimersByTime(250)
      expect(seen).toEqual(['outdated'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('an area reshaped or removed after signing is outdated', async () => {
    const [a] = linkedDocs()
    const { book: editor } = book(a)
    await editor.sign({ area: ZUID, party: GEMEENTE.id, name: 'X', version: 'new', versionName: 'v' })
    updateArea(a, ZUID, { areaType: 'dorps' })
    editor.flush()
    expect(stateOf(editor, ZUID, GEMEENTE.id)).toBe('outdated')
  })

  it('refuses what cannot be signed, and writes nothing then', async () => {
    const [a, b] = linkedDocs()
    const api = new FakeVersions(a)
    const { book: editor } = book(a, { api })
    const early = await api.save('Before Oost')
    const oost = asAreaId('oost')
    addArea(a, {
      id: oost,
      name: 'Oost',
      polygon: [
        [300, 0],
        [500, 0],
        [500, 200],
        [300, 200],
      ],
    })
    const reasons = async (p: Promise<unknown>) =>
      p.then(
        () => 'signed',
        (e: SignOffError) => e.reason,
      )
    const base = { area: oost, party: GEMEENTE.id, name: 'X', versionName: 'v' }
    expect(await reasons(editor.sign({ ...base, version: early }))).toBe('area-not-in-version')
    expect(await reasons(editor.sign({ ...base, version: 'new', name: '  ' }))).toBe('no-name')
    expect(await reasons(editor.sign({ ...base, version: 'new', party: asPartyId('gone') }))).toBe('no-party')
    const { book: viewer } = book(b, { readOnly: true })
    expect(await reasons(viewer.sign({ ...base, version: 'new' }))).toBe('read-only')
    // Unsaved edits: no version is saved of a state the server does not have.
    const offline = book(a, { api, saved: () => Promise.reject(new SignOffError('not-saved')) }).book
    expect(await reasons(offline.sign({ ...base, version: 'new' }))).toBe('not-saved')
    expect(offline.signing.get()).toMatchObject({ status: 'error', reason: 'not-saved' })
    expect(api.saved).toHaveLength(1)
    expect(readSignOffs(a)).toEqual([])
  })

  it('withdraws a sign-off; a viewer cannot', async () => {
    const [a, b] = linkedDocs()
    const { book: editor } = book(a)
    const { book: viewer } = book(b, { readOnly: true })
    await editor.sign({ area: NOORD, party: GEMEENTE.id, name: 'X', version: 'new', versionName: 'v' })
    expect(viewer.withdraw(NOORD, GEMEENTE.id)).toBe(false)
    expect(readSignOffs(a)).toHaveLength(1)
    expect(editor.withdraw(NOORD, GEMEENTE.id)).toBe(true)
    expect(viewer.states.get()).toEqual([])
    expect(editor.withdraw(NOORD, GEMEENTE.id)).toBe(false)
  })

  it('lists the saved versions, the newly saved one first', async () => {
    const [a] = linkedDocs()
    const api = new FakeVersions(a)
    await api.save('Variant A')
    const { book: editor } = book(a, { api })
    await editor.loadVersions()
    await editor.sign({ area: NOORD, party: GEMEENTE.id, name: 'X', version: 'new', versionName: 'Akkoord' })
    const list = editor.versions.get()
    expect(list.status === 'ready' && list.versions.map((v) => v.name)).toEqual(['Akkoord', 'Variant A'])
  })
})

describe('agreements by area', () => {
  it('count current and outdated sign-offs of existing parties only', () => {
    const s = (area: typeof NOORD, party: Party, state: 'current' | 'outdated'): SignOffWithState => ({
      area,
      party: party.id,
      version: 'v1',
      versionName: 'v',
      name: 'X',
      at: T0,
      fingerprint: 'f',
      state,
    })
    const gone: Party = { ...GEMEENTE, id: asPartyId('gone') }
    const parties = new Map([GEMEENTE, CORPORATIE].map((p) => [p.id, p]))
    const by = agreementsByArea(
      [s(NOORD, GEMEENTE, 'current'), s(NOORD, CORPORATIE, 'outdated'), s(ZUID, gone, 'current')],
      parties,
    )
    expect(by.get(NOORD)).toMatchObject({ agreed: 1, outdated: 1 })
    expect(by.has(ZUID)).toBe(false)
    expect(agreementOf(by.get(NOORD), GEMEENTE.id)).toBe('current')
    expect(agreementOf(by.get(NOORD), CORPORATIE.id)).toBe('outdated')
    expect(agreementOf(by.get(ZUID), GEMEENTE.id)).toBe('none')
  })
})

describe('whenSaved', () => {
  const state = (status: ConnectionState['status'], unsaved: number): ConnectionState => ({
    status,
    unsaved,
    everSynced: true,
  })

  it('resolves once connected with nothing unsaved', async () => {
    const c = new Cell(state('reconnecting', 2))
    let done = false
    const p = whenSaved(c, 1000).then(() => {
      done = true
    })
    c.set(state('connected', 2))
    await Promise.resolve()
    expect(done).toBe(false)
    c.set(state('connected', 0))
    await p
    expect(done).toBe(true)
  })

  it('gives up with not-saved after the timeout', async () => {
    const c = new Cell(state('offline', 1))
    await expect(whenSaved(c, 10)).rejects.toMatchObject({ reason: 'not-saved' })
  })
})
