import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  AMENITY_USES,
  areasMap,
  asBlockId,
  BoardKey,
  blocksMap,
  boardMap,
  type DocProblem,
  decodeArea,
  decodeBlock,
  decodeParty,
  decodeRing,
  GREEN_USES,
  partiesMap,
  type RecordMap,
  readArea,
  readBlock,
  readBoard,
  readPlan,
  SEGMENTS,
  toRecordMap,
} from './index.ts'

const ring = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
]

/** A record as a peer could have stored it: a Y.Map in a doc, holding anything. */
function stored(props: Record<string, unknown>): RecordMap {
  const doc = new Y.Doc()
  blocksMap(doc).set('r', toRecordMap(props))
  return blocksMap(doc).get('r') as RecordMap
}

const housing = { kind: 'housing', x: 1, y: 2, shape: ring, dwellings: 10, segment: 'social' }
const reasonOf = (d: { ok: boolean; reason?: string }) => (d.ok ? 'ok' : d.reason)

describe('decodeRing', () => {
  it('accepts three or more finite pairs and copies them', () => {
    const d = decodeRing(ring)
    expect(d).toEqual({ ok: true, value: ring })
    if (d.ok) expect(d.value[0]).not.toBe(ring[0])
    // Extra entries of a vertex are ignored.
    expect(
      decodeRing([
        [0, 0, 5],
        [1, 0],
        [0, 1],
      ]),
    ).toEqual({
      ok: true,
      value: [
        [0, 0],
        [1, 0],
        [0, 1],
      ],
    })
  })

  it.each([
    ['not an array', { 0: [0, 0] }, 'polygon is not an array of vertices'],
    ['missing', undefined, 'polygon is not an array of vertices'],
    ['a string', '0,0 1,0 0,1', 'polygon is not an array of vertices'],
    ['empty', [], 'polygon has 0 vertices; at least 3 are needed'],
    [
      'two vertices',
      [
        [0, 0],
        [1, 1],
      ],
      'polygon has 2 vertices; at least 3 are needed',
    ],
    [
      'NaN',
      [
        [0, 0],
        [1, Number.NaN],
        [1, 1],
      ],
      'polygon vertex 1 is not a pair of finite numbers',
    ],
    [
      'Infinity',
      [
        [0, 0],
        [1, 0],
        [Number.POSITIVE_INFINITY, 1],
      ],
      'polygon vertex 2 is not a pair of finite numbers',
    ],
    [
      'a string coordinate',
      [
        ['0', 0],
        [1, 0],
        [1, 1],
      ],
      'polygon vertex 0 is not a pair of finite numbers',
    ],
    ['a short vertex', [[0, 0], [1], [1, 1]], 'polygon vertex 1 is not a pair of finite numbers'],
    ['a null vertex', [[0, 0], null, [1, 1]], 'polygon vertex 1 is not a pair of finite numbers'],
    [
      'an object vertex',
      [[0, 0], { x: 1, y: 0 }, [1, 1]],
      'polygon vertex 1 is not a pair of finite numbers',
    ],
  ])('rejects %s', (_, value, reason) => {
    expect(decodeRing(value)).toEqual({ ok: false, reason })
  })
})

describe('decodeBlock', () => {
  it('reads each kind with its required properties', () => {
    expect(decodeBlock('h', stored(housing))).toEqual({
      ok: true,
      value: {
        id: 'h',
        kind: 'housing',
        x: 1,
        y: 2,
        rotation: 0,
        floors: 1,
        shape: ring,
        dwellings: 10,
        segment: 'social',
      },
    })
    for (const use of AMENITY_USES)
      expect(decodeBlock('a', stored({ ...housing, kind: 'amenity', use })).ok, use).toBe(true)
    for (const use of GREEN_USES)
      expect(decodeBlock('g', stored({ ...housing, kind: 'green', use })).ok, use).toBe(true)
    for (const segment of SEGMENTS) expect(decodeBlock('h', stored({ ...housing, segment })).ok).toBe(true)
    expect(decodeBlock('p', stored({ ...housing, kind: 'parking', places: 0 })).ok).toBe(true)
    expect(decodeBlock('w', stored({ ...housing, kind: 'work' })).ok).toBe(true)
    expect(decodeBlock('w', stored({ ...housing, kind: 'water' })).ok).toBe(true)
    expect(decodeBlock('h', stored({ ...housing, dwellings: 0 })).ok).toBe(true)
  })

  it('defaults what v1 may leave out or a peer may have garbled', () => {
    const d = decodeBlock('h', stored({ ...housing, rotation: 'north', floors: 0, party: '', label: 7 }))
    expect(d).toEqual({
      ok: true,
      value: {
        id: 'h',
        kind: 'housing',
        x: 1,
        y: 2,
        rotation: 0,
        floors: 1,
        shape: ring,
        dwellings: 10,
        segment: 'social',
      },
    })
    if (d.ok) {
      expect('party' in d.value).toBe(false)
      expect('label' in d.value).toBe(false)
    }
    expect(reasonOf(decodeBlock('h', stored({ ...housing, floors: -2, rotation: Number.NaN })))).toBe('ok')
  })

  it.each([
    ['a bad shape', { ...housing, shape: [[0, 0]] }, 'polygon has 1 vertices; at least 3 are needed'],
    ['no shape', { ...housing, shape: undefined }, 'polygon is not an array of vertices'],
    [
      'a non-finite shape',
      {
        ...housing,
        shape: [
          [0, 0],
          [1, 0],
          [Number.NaN, 1],
        ],
      },
      'polygon vertex 2 is not a pair of finite numbers',
    ],
    ['no x', { ...housing, x: undefined }, 'position x/y is not a pair of finite numbers'],
    ['a NaN y', { ...housing, y: Number.NaN }, 'position x/y is not a pair of finite numbers'],
    [
      'an infinite x',
      { ...housing, x: Number.NEGATIVE_INFINITY },
      'position x/y is not a pair of finite numbers',
    ],
    ['a string x', { ...housing, x: '1' }, 'position x/y is not a pair of finite numbers'],
    [
      'negative dwellings',
      { ...housing, dwellings: -1 },
      'housing block needs dwellings as a whole number ≥ 0',
    ],
    [
      'fractional dwellings',
      { ...housing, dwellings: 2.5 },
      'housing block needs dwellings as a whole number ≥ 0',
    ],
    [
      'infinite dwellings',
      { ...housing, dwellings: Number.POSITIVE_INFINITY },
      'housing block needs dwellings as a whole number ≥ 0',
    ],
    [
      'no dwellings',
      { ...housing, dwellings: undefined },
      'housing block needs dwellings as a whole number ≥ 0',
    ],
    [
      'an unknown segment',
      { ...housing, segment: 'luxury' },
      'housing block needs segment social | mid | private',
    ],
    ['no segment', { ...housing, segment: undefined }, 'housing block needs segment social | mid | private'],
    [
      'an unknown amenity use',
      { ...housing, kind: 'amenity', use: 'park' },
      `amenity block needs use ${AMENITY_USES.join(' | ')}`,
    ],
    [
      'an amenity without use',
      { ...housing, kind: 'amenity' },
      `amenity block needs use ${AMENITY_USES.join(' | ')}`,
    ],
    [
      'an unknown green use',
      { ...housing, kind: 'green', use: 'school' },
      `green block needs use ${GREEN_USES.join(' | ')}`,
    ],
    ['missing places', { ...housing, kind: 'parking' }, 'parking block needs places as a whole number ≥ 0'],
    [
      'negative places',
      { ...housing, kind: 'parking', places: -4 },
      'parking block needs places as a whole number ≥ 0',
    ],
    [
      'fractional places',
      { ...housing, kind: 'parking', places: 0.5 },
      'parking block needs places as a whole number ≥ 0',
    ],
    ['an unknown kind', { ...housing, kind: 'castle' }, 'unknown block kind "castle"'],
    ['no kind', { ...housing, kind: undefined }, 'unknown block kind undefined'],
  ])('rejects %s', (_, props, reason) => {
    expect(decodeBlock('x', stored(props))).toEqual({ ok: false, reason })
  })
})

describe('decodeArea and decodeParty', () => {
  it('reads an area, leaving out empty optional properties', () => {
    const d = decodeArea(
      'a',
      stored({ name: 'Noord', polygon: ring, areaType: '', catchment: 'oost', normSetId: 3 }),
    )
    expect(d).toStrictEqual({ ok: true, value: { id: 'a', name: 'Noord', polygon: ring, catchment: 'oost' } })
    expect(decodeArea('a', stored({ polygon: ring }))).toStrictEqual({
      ok: true,
      value: { id: 'a', name: '', polygon: ring },
    })
  })

  it('rejects an area without a readable outline', () => {
    expect(decodeArea('a', stored({ name: 'Noord' }))).toEqual({
      ok: false,
      reason: 'polygon is not an array of vertices',
    })
    expect(
      decodeArea(
        'a',
        stored({
          name: 'Noord',
          polygon: [
            [0, 0],
            [1, 0],
            [1, Number.NaN],
          ],
        }),
      ),
    ).toEqual({
      ok: false,
      reason: 'polygon vertex 2 is not a pair of finite numbers',
    })
  })

  it('reads a party with defaults for role and colour, and rejects one without a name', () => {
    expect(decodeParty('p', stored({ name: 'Gemeente', role: 'king' }))).toEqual({
      ok: true,
      value: { id: 'p', name: 'Gemeente', role: 'other', colour: '#888888' },
    })
    expect(decodeParty('p', stored({ name: '' }))).toEqual({ ok: false, reason: 'party needs a name' })
    expect(decodeParty('p', stored({ role: 'developer' }))).toEqual({
      ok: false,
      reason: 'party needs a name',
    })
  })
})

describe('readPlan with unreadable records', () => {
  it('lists every unreadable record as a problem and reads the rest', () => {
    const doc = new Y.Doc()
    boardMap(doc).set(BoardKey.name, 'bord')
    areasMap(doc).set('a-good', toRecordMap({ name: 'Noord', polygon: ring }))
    areasMap(doc).set('a-bad', toRecordMap({ name: 'Zuid', polygon: 'everywhere' }))
    blocksMap(doc).set('b-good', toRecordMap(housing))
    blocksMap(doc).set('b-dwellings', toRecordMap({ ...housing, dwellings: -1 }))
    blocksMap(doc).set('b-kind', toRecordMap({ ...housing, kind: 'castle' }))
    blocksMap(doc).set('b-x', toRecordMap({ ...housing, x: Number.NaN }))
    partiesMap(doc).set('p-good', toRecordMap({ name: 'Gemeente', role: 'municipality', colour: '#123456' }))
    partiesMap(doc).set('p-bad', toRecordMap({ role: 'developer' }))

    const problems: DocProblem[] = []
    const plan = readPlan(doc, problems)
    expect(plan.areas.map((a) => a.id)).toEqual(['a-good'])
    expect(plan.blocks.map((b) => b.id)).toEqual(['b-good'])
    expect(plan.parties.map((p) => p.id)).toEqual(['p-good'])
    expect(plan.board.name).toBe('bord')
    expect(problems).toEqual([
      { collection: 'areas', id: 'a-bad', reason: 'polygon is not an array of vertices' },
      {
        collection: 'blocks',
        id: 'b-dwellings',
        reason: 'housing block needs dwellings as a whole number ≥ 0',
      },
      { collection: 'blocks', id: 'b-kind', reason: 'unknown block kind "castle"' },
      { collection: 'blocks', id: 'b-x', reason: 'position x/y is not a pair of finite numbers' },
      { collection: 'parties', id: 'p-bad', reason: 'party needs a name' },
    ])
    // Without a problems list it reads the same plan.
    expect(readPlan(doc)).toEqual(plan)
    expect(readBlock(doc, asBlockId('b-kind'))).toBeUndefined()
    expect(readBlock(doc, asBlockId('b-good'))?.kind).toBe('housing')
    expect(readArea(doc, 'a-bad' as never)).toBeUndefined()
    expect(readArea(doc, 'a-good' as never)?.name).toBe('Noord')
  })

  it('reads records in id order, whatever order they were added in', () => {
    const doc = new Y.Doc()
    for (const id of ['m', 'z', 'a', 'q']) blocksMap(doc).set(id, toRecordMap(housing))
    expect(readPlan(doc).blocks.map((b) => b.id)).toEqual(['a', 'm', 'q', 'z'])
  })

  it('reads a board with a garbled or missing frame as a local one', () => {
    const doc = new Y.Doc()
    expect(readBoard(doc)).toStrictEqual({ name: '', frame: { kind: 'local' } })
    for (const frame of [null, 5, 'rd-new', { kind: 'wgs84' }, []]) {
      boardMap(doc).set(BoardKey.frame, frame)
      expect(readBoard(doc).frame, JSON.stringify(frame)).toEqual({ kind: 'local' })
    }
    boardMap(doc).set(BoardKey.frame, { kind: 'rd-new', extra: 1 })
    boardMap(doc).set(BoardKey.normSetId, '')
    boardMap(doc).set(BoardKey.name, 42)
    expect(readBoard(doc)).toStrictEqual({ name: '', frame: { kind: 'rd-new' } })
  })
})
