import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  asBlockId,
  asDecisionId,
  BoardKey,
  blocksMap,
  boardMap,
  MIGRATIONS,
  type Migration,
  migrate,
  readBlock,
  readDecisions,
  readPlan,
  readSignOffs,
  recordDecision,
  SCHEMA_VERSION,
  SchemaVersionError,
  storedSchemaVersion,
  toRecordMap,
  updateBlock,
} from './index.ts'
import { sync } from './testing.ts'

const shape = [
  [-5, -5],
  [5, -5],
  [5, 5],
  [-5, 5],
]

/** A v0 doc, as early drafts wrote it: no schema version, blocks without rotation or floors. */
function v0Doc(clientID = 100): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  boardMap(doc).set(BoardKey.name, 'oud bord')
  blocksMap(doc).set('b1', toRecordMap({ kind: 'work', x: 1, y: 2, shape }))
  blocksMap(doc).set('b2', toRecordMap({ kind: 'water', x: 3, y: 4, shape, floors: 3 }))
  blocksMap(doc).set('b3', toRecordMap({ kind: 'work', x: 5, y: 6, shape, rotation: 45 }))
  return doc
}

const clone = (doc: Y.Doc, clientID: number): Y.Doc => {
  const copy = new Y.Doc()
  copy.clientID = clientID
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/** Counts the updates (transactions with changes) that `run` causes. */
function updatesOf(doc: Y.Doc, run: () => void): number {
  let n = 0
  const count = () => n++
  doc.on('update', count)
  try {
    run()
  } finally {
    doc.off('update', count)
  }
  return n
}

const step = (from: number, to: number, calls: string[]): Migration => ({
  from,
  to,
  description: `${from} → ${to}`,
  up(doc) {
    calls.push(`${from}→${to} at stored version ${storedSchemaVersion(doc)}`)
    doc.getMap('board').set(`step${from}`, true)
  },
})

describe('migrate', () => {
  it('the built-in chain leads from 0 to SCHEMA_VERSION', () => {
    let v = 0
    while (v < SCHEMA_VERSION) {
      const m = MIGRATIONS.find((s) => s.from === v)
      expect(m, `migration from ${v}`).toBeDefined()
      v = (m as Migration).to
    }
    expect(v).toBe(SCHEMA_VERSION)
  })

  it('migrates an empty doc from 0 to the current version in one transaction', () => {
    const doc = new Y.Doc()
    expect(storedSchemaVersion(doc)).toBe(0)
    expect(updatesOf(doc, () => expect(migrate(doc)).toEqual({ from: 0, to: SCHEMA_VERSION }))).toBe(1)
    expect(storedSchemaVersion(doc)).toBe(SCHEMA_VERSION)
  })

  it('gives v0 blocks without rotation or floors the defaults 0 and 1, keeping stored values', () => {
    const doc = v0Doc()
    migrate(doc)
    const plan = readPlan(doc)
    expect(plan.blocks.map((b) => [b.id, b.rotation, b.floors])).toEqual([
      ['b1', 0, 1],
      ['b2', 0, 3],
      ['b3', 45, 1],
    ])
  })

  it('does not write the defaults into the blocks (a concurrent edit could lose to them)', () => {
    const doc = v0Doc()
    migrate(doc)
    expect(blocksMap(doc).get('b1')?.has('rotation')).toBe(false)
    expect(blocksMap(doc).get('b1')?.has('floors')).toBe(false)
  })

  it('is a no-op the second time', () => {
    const doc = v0Doc()
    migrate(doc)
    const before = Y.encodeStateAsUpdate(doc)
    expect(
      updatesOf(doc, () => expect(migrate(doc)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION })),
    ).toBe(0)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })

  it('refuses a doc of a newer schema with SchemaVersionError and leaves it unchanged', () => {
    const doc = v0Doc()
    boardMap(doc).set(BoardKey.schemaVersion, SCHEMA_VERSION + 1)
    const before = Y.encodeStateAsUpdate(doc)
    let error: unknown
    expect(
      updatesOf(doc, () => {
        try {
          migrate(doc)
        } catch (e) {
          error = e
        }
      }),
    ).toBe(0)
    expect(error).toBeInstanceOf(SchemaVersionError)
    expect(error).toMatchObject({
      found: SCHEMA_VERSION + 1,
      supported: SCHEMA_VERSION,
      name: 'SchemaVersionError',
    })
    expect((error as Error).message).toContain(`schema version ${SCHEMA_VERSION + 1}`)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })

  it('runs an injected list of migrations in order of versions, in one transaction', () => {
    const calls: string[] = []
    const doc = new Y.Doc()
    const steps = [step(2, 3, calls), step(0, 1, calls), step(1, 2, calls)]
    expect(updatesOf(doc, () => expect(migrate(doc, steps, 3)).toEqual({ from: 0, to: 3 }))).toBe(1)
    expect(calls).toEqual(['0→1 at stored version 0', '1→2 at stored version 1', '2→3 at stored version 2'])
    expect(storedSchemaVersion(doc)).toBe(3)
  })

  it('starts from the stored version and stops at the target', () => {
    const calls: string[] = []
    const doc = new Y.Doc()
    boardMap(doc).set(BoardKey.schemaVersion, 1)
    const steps = [step(0, 1, calls), step(1, 2, calls), step(2, 3, calls)]
    expect(migrate(doc, steps, 2)).toEqual({ from: 1, to: 2 })
    expect(calls).toEqual(['1→2 at stored version 1'])
    expect(migrate(doc, steps, 3)).toEqual({ from: 2, to: 3 })
  })

  it('a step may skip versions', () => {
    const calls: string[] = []
    const doc = new Y.Doc()
    expect(migrate(doc, [step(0, 2, calls), step(2, 3, calls)], 3)).toEqual({ from: 0, to: 3 })
    expect(calls).toHaveLength(2)
  })

  it('throws for a missing step and leaves the doc unchanged (no half-migrated doc)', () => {
    const calls: string[] = []
    const doc = v0Doc()
    const before = Y.encodeStateAsUpdate(doc)
    const steps = [step(0, 1, calls), step(2, 3, calls)]
    expect(
      updatesOf(doc, () =>
        expect(() => migrate(doc, steps, 3)).toThrow('no migration from schema version 1'),
      ),
    ).toBe(0)
    expect(calls).toEqual([])
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
    expect(storedSchemaVersion(doc)).toBe(0)
  })

  it('throws for a step that does not advance or overshoots the target, instead of looping', () => {
    const calls: string[] = []
    const doc = new Y.Doc()
    expect(() => migrate(doc, [step(0, 0, calls)], 1)).toThrow(/does not lead/)
    expect(() => migrate(doc, [step(0, 5, calls)], 1)).toThrow(/does not lead/)
    expect(calls).toEqual([])
    expect(storedSchemaVersion(doc)).toBe(0)
  })

  it('two replicas migrating the same v0 doc concurrently converge', () => {
    const origin = v0Doc()
    const a = clone(origin, 1)
    const b = clone(origin, 2)
    expect(migrate(a)).toEqual({ from: 0, to: SCHEMA_VERSION })
    expect(migrate(b)).toEqual({ from: 0, to: SCHEMA_VERSION })
    sync(a, b)
    expect(readPlan(a)).toEqual(readPlan(b))
    expect(a.toJSON()).toEqual(b.toJSON())
    expect(storedSchemaVersion(a)).toBe(SCHEMA_VERSION)
    expect(storedSchemaVersion(b)).toBe(SCHEMA_VERSION)
    expect(migrate(a)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION })
  })

  it('an edit made right after migrating survives another replica’s concurrent migration', () => {
    // Both client orders: Yjs settles concurrent writes of one key by client id.
    for (const [ca, cb] of [
      [1, 2],
      [2, 1],
    ] as const) {
      const origin = v0Doc()
      const a = clone(origin, ca)
      const b = clone(origin, cb)
      migrate(a)
      updateBlock(a, asBlockId('b1'), { floors: 5 })
      migrate(b)
      sync(a, b)
      for (const doc of [a, b])
        expect(readBlock(doc, asBlockId('b1'))?.floors, `clients ${ca}, ${cb}`).toBe(5)
    }
  })
})

describe('migration 1 → 2: the decision log', () => {
  /** A v1 board as this code's predecessor wrote it: stamped 1, with a block, no decisions root. */
  function v1Doc(): Y.Doc {
    const doc = v0Doc()
    migrate(doc, MIGRATIONS, 1)
    expect(storedSchemaVersion(doc)).toBe(1)
    return doc
  }

  const author = { name: 'Anna de Vries' }

  it('stamps version 2 and writes nothing else: the plan reads the same, the log is empty', () => {
    const doc = v1Doc()
    const plan = readPlan(doc)
    const { board: _board, ...before } = doc.toJSON()
    expect(updatesOf(doc, () => expect(migrate(doc, MIGRATIONS, 2)).toEqual({ from: 1, to: 2 }))).toBe(1)
    const { board: _after, ...after } = doc.toJSON()
    expect(after).toEqual(before)
    expect(readPlan(doc)).toEqual(plan)
    expect(readDecisions(doc)).toEqual([])
    expect(boardMap(doc).get(BoardKey.schemaVersion)).toBe(2)
  })

  it('is idempotent on two replicas that migrate the same v1 doc before they meet, and keeps both logs', () => {
    for (const [ca, cb] of [
      [1, 2],
      [2, 1],
    ] as const) {
      const origin = v1Doc()
      const a = clone(origin, ca)
      const b = clone(origin, cb)
      expect(migrate(a)).toEqual({ from: 1, to: SCHEMA_VERSION })
      recordDecision(
        a,
        { id: asDecisionId('d-a'), kind: 'decision', text: 'Parkeren naar de hub', author },
        10,
      )
      expect(migrate(b)).toEqual({ from: 1, to: SCHEMA_VERSION })
      recordDecision(b, { id: asDecisionId('d-b'), kind: 'action', text: 'Schoolplein tekenen', author }, 20)
      sync(a, b)
      expect(a.toJSON()).toEqual(b.toJSON())
      for (const doc of [a, b]) {
        expect(storedSchemaVersion(doc)).toBe(SCHEMA_VERSION)
        expect(
          readDecisions(doc).map((d) => d.id),
          `clients ${ca}, ${cb}`,
        ).toEqual(['d-a', 'd-b'])
        expect(
          updatesOf(doc, () => expect(migrate(doc)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION })),
        ).toBe(0)
      }
    }
  })

  it('a v1 reader refuses a v2 doc rather than edit data it does not know', () => {
    const doc = v1Doc()
    migrate(doc)
    expect(() => migrate(doc, MIGRATIONS.slice(0, 1), 1)).toThrow(SchemaVersionError)
  })
})

describe('migration 2 → 3: sign-offs and the base map', () => {
  it('stamps version 3 and writes nothing else: plan, decisions and sign-offs read the same', () => {
    const doc = v0Doc()
    migrate(doc, MIGRATIONS, 2)
    const plan = readPlan(doc)
    const { board: _board, ...before } = doc.toJSON()
    expect(updatesOf(doc, () => expect(migrate(doc, MIGRATIONS, 3)).toEqual({ from: 2, to: 3 }))).toBe(1)
    const { board: _after, ...after } = doc.toJSON()
    expect(after).toEqual(before)
    expect(readPlan(doc)).toEqual(plan)
    expect(readSignOffs(doc)).toEqual([])
    expect(boardMap(doc).get(BoardKey.schemaVersion)).toBe(3)
    expect(boardMap(doc).has(BoardKey.baseMap)).toBe(false)
  })

  it('a v2 reader refuses a v3 doc rather than edit data it does not know', () => {
    const doc = v0Doc()
    migrate(doc, MIGRATIONS, 3)
    expect(() => migrate(doc, MIGRATIONS.slice(0, 2), 2)).toThrow(SchemaVersionError)
  })
})
