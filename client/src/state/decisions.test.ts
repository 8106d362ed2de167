import {
  asAreaId,
  asBlockId,
  asPartyId,
  type Decision,
  type DecisionId,
  initBoard,
  SCHEMA_VERSION,
  seededBytes,
  seededRandom,
  storedSchemaVersion,
} from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DecisionLog, isOverdue, localDay, logByDay, ownerName } from './decisions.ts'

const people = (me: string) => ({ peers: () => [{ name: me, colour: '#0f766e', self: true }] })

function linkedDocs(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const relay = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin !== relay) Y.applyUpdate(to, update, relay)
  }
  a.on('update', relay(b))
  b.on('update', relay(a))
  initBoard(a, { name: 'Test', frame: { kind: 'local' } })
  return [a, b]
}

const DAY = 86_400_000
const T0 = new Date(2026, 2, 5, 10, 0).getTime()

describe('decision log', () => {
  it('records decisions and actions by this user, seen by others at once', () => {
    const [a, b] = linkedDocs()
    let now = T0
    const log = new DecisionLog({
      doc: a,
      readOnly: false,
      people: people('Eva'),
      now: () => now,
      random: seededBytes(seededRandom(7)),
    })
    const other = new DecisionLog({
      doc: b,
      readOnly: true,
      people: people('Victor'),
      now: () => now,
      random: seededBytes(seededRandom(8)),
    })
    const id = log.record({
      kind: 'action',
      text: 'Parking moves to a mobility hub',
      owner: { party: asPartyId('gemeente') },
      due: '2026-04-01',
      areas: [asAreaId('noord')],
      blocks: [asBlockId('parking')],
    }) as DecisionId
    expect(storedSchemaVersion(a)).toBe(SCHEMA_VERSION)
    expect(other.entries.get()).toEqual([
      expect.objectContaining({
        id,
        kind: 'action',
        author: { name: 'Eva', colour: '#0f766e' },
        createdAt: T0,
        done: false,
        areas: ['noord'],
      }),
    ])
    now = T0 + 1000
    expect(log.setDone(id, true)).toBe(true)
    expect(other.entries.get()[0]).toMatchObject({ done: true, updatedAt: T0 + 1000 })
    expect(log.update(id, { due: null })).toBe(true)
    expect(other.entries.get()[0]?.due).toBeUndefined()

    // A viewer reads only.
    expect(other.record({ kind: 'decision', text: 'Mine' })).toBeUndefined()
    expect(other.setDone(id, false)).toBe(false)
    expect(other.remove(id)).toBe(false)
    expect(log.remove(id)).toBe(true)
    expect(other.entries.get()).toEqual([])
    log.destroy()
    other.destroy()
  })

  it('does not mark a decision done', () => {
    const [a] = linkedDocs()
    const log = new DecisionLog({
      doc: a,
      readOnly: false,
      people: people('Eva'),
      now: () => T0,
      random: seededBytes(seededRandom(9)),
    })
    const id = log.record({ kind: 'decision', text: 'Variant B' }) as DecisionId
    expect(log.setDone(id, true)).toBe(false)
    expect(log.entries.get()[0]?.done).toBeUndefined()
    log.destroy()
  })
})

const entry = (id: string, createdAt: number, extra: Partial<Decision> = {}): Decision => ({
  id: id as DecisionId,
  kind: 'decision',
  text: id,
  areas: [],
  blocks: [],
  author: { name: 'Eva' },
  createdAt,
  ...extra,
})

describe('log helpers', () => {
  it('groups the log by day, newest first', () => {
    const days = logByDay([entry('a', T0), entry('b', T0 + 60_000), entry('c', T0 + DAY)])
    expect(days.map((d) => [d.day, d.entries.map((e) => e.id)])).toEqual([
      [localDay(T0 + DAY), ['c']],
      [localDay(T0), ['b', 'a']],
    ])
    expect(localDay(T0)).toBe('2026-03-05')
  })

  it('names owners and finds overdue actions', () => {
    const parties = new Map([
      [asPartyId('p1'), { id: asPartyId('p1'), name: 'Gemeente', role: 'municipality', colour: '#000000' }],
    ])
    expect(ownerName({ party: asPartyId('p1') }, parties as never)).toBe('Gemeente')
    expect(ownerName({ party: asPartyId('gone') }, parties as never)).toBe('?')
    expect(ownerName({ name: 'Woonstichting' }, parties as never)).toBe('Woonstichting')
    const action = entry('x', T0, { kind: 'action', due: '2026-03-04', done: false })
    expect(isOverdue(action, '2026-03-05')).toBe(true)
    expect(isOverdue(action, '2026-03-04')).toBe(false)
    expect(isOverdue({ ...action, done: true }, '2026-03-05')).toBe(false)
    expect(isOverdue({ ...action, kind: 'decision' }, '2026-03-05')).toBe(false)
  })
})
