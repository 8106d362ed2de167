import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  asAreaId,
  asBlockId,
  asDecisionId,
  asPartyId,
  BoardKey,
  boardMap,
  type DecisionId,
  type DocProblem,
  decisionsMap,
  initBoard,
  isIsoDate,
  type NewDecision,
  observeDecisions,
  readDecisions,
  readPlan,
  recordDecision,
  removeDecision,
  SCHEMA_VERSION,
  SchemaVersionError,
  storedSchemaVersion,
  toRecordMap,
  updateDecision,
} from './index.ts'
import { sync } from './testing.ts'

const D1 = asDecisionId('d1')
const D2 = asDecisionId('d2')
const A = asAreaId('area-A')
const HUB = asBlockId('mobility-hub')
const GEMEENTE = asPartyId('gemeente')
const anna = { name: 'Anna', colour: '#1d4ed8' }

const action = (over: Partial<NewDecision> = {}): NewDecision => ({
  id: D1,
  kind: 'action',
  text: 'Parkeren verhuist naar een mobiliteitshub',
  owner: { party: GEMEENTE },
  due: '2026-03-31',
  areas: [A],
  blocks: [HUB],
  author: anna,
  ...over,
})

function board(clientID = 1): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  initBoard(doc, { name: 'Centrumplan', frame: { kind: 'local' } })
  return doc
}

describe('isIsoDate', () => {
  it.each([
    ['2026-03-31', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2026-02-29', false],
    ['2100-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-5', false],
    ['31-03-2026', false],
    ['2026-03-31T00:00', false],
  ])('%s → %s', (value, valid) => expect(isIsoDate(value)).toBe(valid))
})

describe('recordDecision', () => {
  it('writes an entry that readDecisions returns, in the plan doc but not in the plan', () => {
    const doc = board()
    const plan = readPlan(doc)
    recordDecision(doc, action({ text: '  Parkeren verhuist naar een mobiliteitshub ', done: false }), 1000)
    expect(readDecisions(doc)).toStrictEqual([
      {
        id: D1,
        kind: 'action',
        text: 'Parkeren verhuist naar een mobiliteitshub',
        owner: { party: GEMEENTE },
        due: '2026-03-31',
        areas: [A],
        blocks: [HUB],
        author: anna,
        createdAt: 1000,
        done: false,
      },
    ])
    expect(readPlan(doc)).toEqual(plan)
  })

  it('takes a free-text owner and no links, and lists entries oldest first', () => {
    const doc = board()
    recordDecision(doc, action({ id: D2, kind: 'decision', owner: { name: ' woningcorporatie ' } }), 2000)
    recordDecision(doc, { id: D1, kind: 'decision', text: 'Variant B', author: { name: 'Jan' } }, 1000)
    const [first, second] = readDecisions(doc)
    expect(first).toStrictEqual({
      id: D1,
      kind: 'decision',
      text: 'Variant B',
      areas: [],
      blocks: [],
      author: { name: 'Jan' },
      createdAt: 1000,
    })
    expect(second?.owner).toEqual({ name: 'woningcorporatie' })
  })

  it.each([
    [{ kind: 'besluit' }, 'decision kind must be decision | action'],
    [{ text: '   ' }, 'decision text must not be empty'],
    [{ text: 'x'.repeat(2001) }, 'decision text is 2001 characters long; at most 2000'],
    [{ due: '2026-02-30' }, 'due date must be a real date written YYYY-MM-DD, got "2026-02-30"'],
    [{ due: '30-01-2026' }, 'due date must be a real date'],
    [{ owner: { name: '' } }, 'owner name must not be empty'],
    [{ owner: { name: 'x', party: GEMEENTE } }, 'owner must be a party or a name, not both'],
    [{ owner: { party: '' } }, 'owner party must be a party id'],
    [{ kind: 'decision', done: true }, 'only an action can be done'],
    [{ areas: [1] }, 'decision areas must be a list of ids'],
    [{ author: { name: '' } }, 'author name must not be empty'],
  ] as [Partial<NewDecision>, string][])(
    'refuses %j with a RangeError naming the problem',
    (over, message) => {
      const doc = board()
      expect(() => recordDecision(doc, action(over), 1)).toThrow(RangeError)
      expect(() => recordDecision(doc, action(over), 1)).toThrow(message)
      expect(decisionsMap(doc).size).toBe(0)
    },
  )

  it('stamps an older doc as v2 first, and refuses a newer one untouched', () => {
    const old = new Y.Doc()
    boardMap(old).set(BoardKey.schemaVersion, 1)
    recordDecision(old, action(), 1)
    expect(storedSchemaVersion(old)).toBe(SCHEMA_VERSION)
    const newer = new Y.Doc()
    boardMap(newer).set(BoardKey.schemaVersion, SCHEMA_VERSION + 1)
    expect(() => recordDecision(newer, action(), 1)).toThrow(SchemaVersionError)
    expect(decisionsMap(newer).size).toBe(0)
  })

  it('refuses an id in use and a time that is not a number', () => {
    const doc = board()
    recordDecision(doc, action(), 1)
    expect(() => recordDecision(doc, action(), 2)).toThrow('already exists')
    expect(() => recordDecision(doc, action({ id: D2 }), Number.POSITIVE_INFINITY)).toThrow('time must be')
  })
})

describe('updateDecision and removeDecision', () => {
  it('changes the given properties, clears with null and stamps updatedAt', () => {
    const doc = board()
    recordDecision(doc, action(), 1)
    expect(updateDecision(doc, D1, { done: true, due: null, owner: { name: 'Ontwikkelaar X' } }, 5)).toBe(
      true,
    )
    const [d] = readDecisions(doc)
    expect(d).toMatchObject({ done: true, owner: { name: 'Ontwikkelaar X' }, updatedAt: 5, createdAt: 1 })
    expect(d?.due).toBeUndefined()
  })

  it('turning an action into a decision clears done', () => {
    const doc = board()
    recordDecision(doc, action({ done: true }), 1)
    updateDecision(doc, D1, { kind: 'decision' }, 2)
    expect(readDecisions(doc)[0]?.done).toBeUndefined()
    expect(decisionsMap(doc).get(D1)?.has('done')).toBe(false)
  })

  it('refuses a bad patch without writing, and returns false for a missing entry', () => {
    const doc = board()
    recordDecision(doc, action(), 1)
    const before = Y.encodeStateAsUpdate(doc)
    expect(() => updateDecision(doc, D1, { due: '2026-02-30' }, 2)).toThrow('due date must be a real date')
    expect(() => updateDecision(doc, D1, { text: '' }, 2)).toThrow('decision text must not be empty')
    expect(() => updateDecision(doc, D1, { kind: null } as never, 2)).toThrow('decision kind must be')
    expect(() => updateDecision(doc, D1, { createdAt: 0 } as never, 2)).toThrow('may not change "createdAt"')
    expect(() => updateDecision(doc, D1, { kind: 'decision', done: true }, 2)).toThrow('only an action')
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
    expect(updateDecision(doc, D2, { text: 'x' }, 2)).toBe(false)
  })

  it('removeDecision removes an entry once', () => {
    const doc = board()
    recordDecision(doc, action(), 1)
    expect(removeDecision(doc, D1)).toBe(true)
    expect(removeDecision(doc, D1)).toBe(false)
    expect(readDecisions(doc)).toEqual([])
  })
})

describe('concurrent edits of one decision', () => {
  it('edits of different properties on two replicas both survive', () => {
    const a = board(1)
    recordDecision(a, action(), 1)
    const b = new Y.Doc()
    b.clientID = 2
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    updateDecision(a, D1, { done: true }, 2)
    updateDecision(b, D1, { due: '2026-06-30', text: 'Hub bij het station' }, 3)
    sync(a, b)
    for (const doc of [a, b])
      expect(readDecisions(doc)[0]).toMatchObject({
        done: true,
        due: '2026-06-30',
        text: 'Hub bij het station',
      })
    expect(readDecisions(a)).toEqual(readDecisions(b))
  })
})

describe('reading an untrusted decision log', () => {
  it('drops bad optional properties, leaves out unreadable records and names them', () => {
    const doc = board()
    decisionsMap(doc).set(
      'odd',
      toRecordMap({ kind: 'decision', text: 'ok', author: 'Jan', createdAt: 1, due: 'morgen', done: true }),
    )
    decisionsMap(doc).set('bad', toRecordMap({ kind: 'decision', author: 'Jan', createdAt: 2 }))
    const problems: DocProblem[] = []
    expect(readDecisions(doc, problems)).toStrictEqual([
      {
        id: 'odd',
        kind: 'decision',
        text: 'ok',
        areas: [],
        blocks: [],
        author: { name: 'Jan' },
        createdAt: 1,
      },
    ])
    expect(problems).toEqual([
      { collection: 'decisions', id: 'bad', reason: 'decision text must be a string' },
    ])
  })
})

describe('observeDecisions', () => {
  it('reports the entries each transaction touched, local and remote, and nothing for plan edits', () => {
    const a = board(1)
    const b = board(2)
    const seen: DecisionId[][] = []
    const stop = observeDecisions(b, (ids) => seen.push([...ids].sort()))
    recordDecision(a, action(), 1)
    recordDecision(a, action({ id: D2 }), 2)
    sync(a, b)
    updateDecision(b, D1, { done: true }, 3)
    initBoard(b, { name: 'Nieuwe naam', frame: { kind: 'local' } })
    stop()
    removeDecision(b, D2)
    expect(seen).toEqual([[D1, D2], [D1]])
  })
})
