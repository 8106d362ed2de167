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
  BoardKey,
  blockFootprint,
  blocksMap,
  boardMap,
  deleteArea,
  deleteBlock,
  deleteParty,
  type HousingBlock,
  initBoard,
  moveBlock,
  type Plan,
  readBlock,
  readBoard,
  readPlan,
  rectangle,
  resizeBlock,
  ringBBox,
  ringCentre,
  rotateBlock,
  SCHEMA_VERSION,
  SchemaVersionError,
  setBlockShape,
  setBoard,
  storedSchemaVersion,
  updateArea,
  updateBlock,
  updateParty,
  writePlan,
} from './index.ts'
import { expectUnchanged } from './testing.ts'

const B1 = asBlockId('block-1')
const B2 = asBlockId('block-2')
const A1 = asAreaId('area-1')
const P1 = asPartyId('party-1')
const P2 = asPartyId('party-2')

const housing = (over: Partial<HousingBlock> = {}): HousingBlock => ({
  id: B1,
  kind: 'housing',
  x: 100,
  y: 200,
  rotation: 0,
  shape: rectangle(20, 10),
  floors: 4,
  dwellings: 40,
  segment: 'social',
  ...over,
})

const square = [
  [0, 0],
  [100, 0],
  [100, 100],
  [0, 100],
] as const

function board(): Y.Doc {
  const doc = new Y.Doc()
  initBoard(doc, { name: 'Centrumplan', frame: { kind: 'rd-new' }, normSetId: 'nl-2024' })
  return doc
}

describe('board', () => {
  it('initBoard stamps the schema version and sets name, frame and norm set', () => {
    const doc = board()
    expect(storedSchemaVersion(doc)).toBe(SCHEMA_VERSION)
    expect(readBoard(doc)).toStrictEqual({
      name: 'Centrumplan',
      frame: { kind: 'rd-new' },
      normSetId: 'nl-2024',
    })
  })

  it('setBoard changes only the given properties', () => {
    const doc = board()
    setBoard(doc, { name: 'Stationsgebied' })
    expect(readBoard(doc)).toStrictEqual({
      name: 'Stationsgebied',
      frame: { kind: 'rd-new' },
      normSetId: 'nl-2024',
    })
    setBoard(doc, { frame: { kind: 'local' } })
    expect(readBoard(doc).frame).toEqual({ kind: 'local' })
  })

  it('initBoard refuses a doc of a newer schema and changes nothing', () => {
    const doc = new Y.Doc()
    boardMap(doc).set(BoardKey.schemaVersion, SCHEMA_VERSION + 1)
    expectUnchanged(doc, () =>
      expect(() => initBoard(doc, { name: 'x', frame: { kind: 'local' } })).toThrow(SchemaVersionError),
    )
  })
})

describe('blocks', () => {
  it('addBlock places a block that readPlan returns as given', () => {
    const doc = board()
    const block = housing({ party: P1, label: 'Blok A' })
    addBlock(doc, block)
    expect(readPlan(doc).blocks).toStrictEqual([block])
    expect(readBlock(doc, B1)).toStrictEqual(block)
  })

  it('addBlock normalises the rotation and does not alias the shape', () => {
    const doc = board()
    const shape = rectangle(4, 4).map(([x, y]) => [x, y] as [number, number])
    addBlock(doc, housing({ rotation: -90, shape }))
    ;(shape[0] as [number, number])[0] = 999
    expect(readBlock(doc, B1)?.rotation).toBe(270)
    expect(readBlock(doc, B1)?.shape).toEqual(rectangle(4, 4))
  })

  it('addBlock refuses a block that could not be read back, writing nothing', () => {
    const doc = board()
    expectUnchanged(doc, () => {
      expect(() => addBlock(doc, housing({ x: Number.NaN }))).toThrow(RangeError)
      expect(() => addBlock(doc, housing({ dwellings: 2.5 }))).toThrow(/dwellings/)
      expect(() => addBlock(doc, housing({ shape: [[0, 0]] }))).toThrow(/polygon/)
      expect(() => addBlock(doc, housing({ floors: 0 }))).toThrow(/floors/)
      expect(() => addBlock(doc, housing({ rotation: Number.POSITIVE_INFINITY }))).toThrow(/rotation/)
      expect(() => addBlock(doc, { ...housing(), kind: 'green', use: 'school' } as unknown as Block)).toThrow(
        /green block needs use/,
      )
    })
  })

  it('moveBlock moves the centre and leaves everything else', () => {
    const doc = board()
    addBlock(doc, housing())
    expect(moveBlock(doc, B1, [-5.5, 7.25])).toBe(true)
    expect(readBlock(doc, B1)).toStrictEqual(housing({ x: -5.5, y: 7.25 }))
  })

  it('moveBlock refuses a non-finite position', () => {
    const doc = board()
    addBlock(doc, housing())
    expectUnchanged(doc, () => {
      expect(() => moveBlock(doc, B1, [Number.NaN, 0])).toThrow(RangeError)
      expect(() => moveBlock(doc, B1, [0, Number.NEGATIVE_INFINITY])).toThrow(RangeError)
    })
  })

  it('rotateBlock normalises degrees to [0, 360)', () => {
    const doc = board()
    addBlock(doc, housing())
    const cases: [number, number][] = [
      [0, 0],
      [45, 45],
      [359.5, 359.5],
      [360, 0],
      [720, 0],
      [450, 90],
      [-90, 270],
      [-360, 0],
      [-450, 270],
      [-1e-20, 0],
      [1e6, 1e6 % 360],
    ]
    for (const [given, stored] of cases) {
      expect(rotateBlock(doc, B1, given)).toBe(true)
      const rotation = readBlock(doc, B1)?.rotation
      expect(rotation, `rotate ${given}`).toBe(stored)
      expect(rotation).toBeGreaterThanOrEqual(0)
      expect(rotation).toBeLessThan(360)
    }
    rotateBlock(doc, B1, -0)
    expect(Object.is(readBlock(doc, B1)?.rotation, 0)).toBe(true)
  })

  it('rotateBlock refuses a non-finite angle', () => {
    const doc = board()
    addBlock(doc, housing({ rotation: 30 }))
    expectUnchanged(doc, () => {
      expect(() => rotateBlock(doc, B1, Number.NaN)).toThrow(RangeError)
      expect(() => rotateBlock(doc, B1, Number.POSITIVE_INFINITY)).toThrow(RangeError)
    })
  })

  it('resizeBlock scales the footprint about the centre, along the block axes', () => {
    const doc = board()
    addBlock(doc, housing({ shape: rectangle(20, 10) }))
    expect(resizeBlock(doc, B1, 2, 0.5)).toBe(true)
    const block = readBlock(doc, B1) as Block
    expect(block.shape).toEqual(rectangle(40, 5))
    expect([block.x, block.y]).toEqual([100, 200])
    const box = ringBBox(blockFootprint(block))
    expect(ringCentre(blockFootprint(block))).toEqual([100, 200])
    expect(box.maxX - box.minX).toBeCloseTo(40)
    expect(box.maxY - box.minY).toBeCloseTo(5)
  })

  it('resizeBlock of a rotated block stretches along its own axes, not the world axes', () => {
    const doc = board()
    addBlock(doc, housing({ shape: rectangle(20, 10), rotation: 90 }))
    resizeBlock(doc, B1, 2, 1)
    const block = readBlock(doc, B1) as Block
    const box = ringBBox(blockFootprint(block))
    // Its own x axis points north after a quarter turn.
    expect(box.maxX - box.minX).toBeCloseTo(10)
    expect(box.maxY - box.minY).toBeCloseTo(40)
    const [cx, cy] = ringCentre(blockFootprint(block))
    expect(cx).toBeCloseTo(100)
    expect(cy).toBeCloseTo(200)
  })

  it('resizeBlock keeps an off-centre shape anchored at the block centre', () => {
    const doc = board()
    const shape = [
      [0, 0],
      [10, 0],
      [10, 10],
    ] as const
    addBlock(doc, housing({ shape }))
    resizeBlock(doc, B1, 3, 3)
    expect(readBlock(doc, B1)?.shape).toEqual([
      [0, 0],
      [30, 0],
      [30, 30],
    ])
  })

  it('resizeBlock refuses factors that are not finite and positive', () => {
    const doc = board()
    addBlock(doc, housing())
    expectUnchanged(doc, () => {
      for (const [sx, sy] of [
        [0, 1],
        [1, 0],
        [-1, 1],
        [Number.NaN, 1],
        [1, Number.POSITIVE_INFINITY],
      ] as const)
        expect(() => resizeBlock(doc, B1, sx, sy), `${sx} × ${sy}`).toThrow(RangeError)
    })
  })

  it('resizeBlock declines a block whose stored shape is unreadable', () => {
    const doc = board()
    addBlock(doc, housing())
    blocksMap(doc).get(B1)?.set('shape', ['not', 'vertices', 'at all'])
    expectUnchanged(doc, () => expect(resizeBlock(doc, B1, 2, 2)).toBe(false))
  })

  it('setBlockShape replaces the shape and refuses an unreadable one', () => {
    const doc = board()
    addBlock(doc, housing())
    expect(setBlockShape(doc, B1, rectangle(5, 5))).toBe(true)
    expect(readBlock(doc, B1)?.shape).toEqual(rectangle(5, 5))
    expectUnchanged(doc, () => {
      expect(() =>
        setBlockShape(doc, B1, [
          [0, 0],
          [1, 1],
        ]),
      ).toThrow(RangeError)
      expect(() =>
        setBlockShape(doc, B1, [
          [0, 0],
          [1, Number.NaN],
          [1, 1],
        ]),
      ).toThrow(RangeError)
    })
  })

  it('updateBlock sets kind-specific properties', () => {
    const doc = board()
    addBlock(doc, housing())
    expect(updateBlock(doc, B1, { dwellings: 60, segment: 'mid', floors: 6 })).toBe(true)
    expect(readBlock(doc, B1)).toStrictEqual(housing({ dwellings: 60, segment: 'mid', floors: 6 }))
    addBlock(doc, { ...housing(), id: B2, kind: 'amenity', use: 'school' } as unknown as Block)
    updateBlock(doc, B2, { use: 'sports' })
    expect(readBlock(doc, B2)).toMatchObject({ kind: 'amenity', use: 'sports' })
  })

  it('updateBlock with null clears label and party; undefined leaves a property alone', () => {
    const doc = board()
    addBlock(doc, housing({ label: 'Blok A', party: P1 }))
    updateBlock(doc, B1, { label: null, party: undefined })
    expect(readBlock(doc, B1)).toStrictEqual(housing({ party: P1 }))
    updateBlock(doc, B1, { party: null })
    expect(readBlock(doc, B1)).toStrictEqual(housing())
    expect(blocksMap(doc).get(B1)?.has('party')).toBe(false)
    updateBlock(doc, B1, { party: P2, label: 'Blok B' })
    expect(readBlock(doc, B1)).toStrictEqual(housing({ party: P2, label: 'Blok B' }))
  })

  it('updateBlock refuses a patch the block kind cannot take, writing nothing', () => {
    const doc = board()
    addBlock(doc, housing())
    addBlock(doc, { ...housing(), id: B2, kind: 'amenity', use: 'school' } as unknown as Block)
    expectUnchanged(doc, () => {
      expect(() => updateBlock(doc, B1, { dwellings: 2.5 })).toThrow(/dwellings/)
      expect(() => updateBlock(doc, B1, { dwellings: -1 })).toThrow(/dwellings/)
      expect(() => updateBlock(doc, B2, { use: 'park' })).toThrow(/amenity block needs use/)
      expect(() => updateBlock(doc, B1, { floors: 0 })).toThrow(/floors/)
      expect(() => updateBlock(doc, B1, { floors: Number.NaN })).toThrow(/floors/)
      expect(() => updateBlock(doc, B1, { kind: 'water' } as never)).toThrow(/may not change "kind"/)
      expect(() => updateBlock(doc, B1, { x: 5 } as never)).toThrow(/may not change "x"/)
    })
  })

  it('deleteBlock removes the block once', () => {
    const doc = board()
    addBlock(doc, housing())
    addBlock(doc, housing({ id: B2 }))
    expect(deleteBlock(doc, B1)).toBe(true)
    expect(readPlan(doc).blocks.map((b) => b.id)).toEqual([B2])
    expect(deleteBlock(doc, B1)).toBe(false)
  })
})

describe('areas and parties', () => {
  it('addArea, updateArea and deleteArea', () => {
    const doc = board()
    addArea(doc, { id: A1, name: 'Noord', polygon: square, areaType: 'stedelijk', catchment: 'oost' })
    expect(readPlan(doc).areas).toStrictEqual([
      { id: A1, name: 'Noord', polygon: square, areaType: 'stedelijk', catchment: 'oost' },
    ])
    expect(updateArea(doc, A1, { name: 'Noord-West', areaType: null, normSetId: 'nl-2024' })).toBe(true)
    expect(readPlan(doc).areas).toStrictEqual([
      { id: A1, name: 'Noord-West', polygon: square, normSetId: 'nl-2024', catchment: 'oost' },
    ])
    const triangle = [
      [0, 0],
      [50, 0],
      [0, 50],
    ] as const
    updateArea(doc, A1, { polygon: triangle, catchment: null })
    expect(readPlan(doc).areas).toStrictEqual([
      { id: A1, name: 'Noord-West', polygon: triangle, normSetId: 'nl-2024' },
    ])
    expect(deleteArea(doc, A1)).toBe(true)
    expect(readPlan(doc).areas).toEqual([])
    expect(deleteArea(doc, A1)).toBe(false)
  })

  it('addArea and updateArea refuse an unreadable outline', () => {
    const doc = board()
    expectUnchanged(doc, () =>
      expect(() =>
        addArea(doc, {
          id: A1,
          name: 'x',
          polygon: [
            [0, 0],
            [1, 1],
          ],
        }),
      ).toThrow(/at least 3/),
    )
    addArea(doc, { id: A1, name: 'Noord', polygon: square })
    expectUnchanged(doc, () => {
      expect(() => updateArea(doc, A1, { polygon: [] })).toThrow(RangeError)
      expect(() => updateArea(doc, A1, { polygon: null } as never)).toThrow(RangeError)
    })
  })

  it('addParty and deleteParty; blocks keep a deleted party id', () => {
    const doc = board()
    addParty(doc, { id: P1, name: 'Gemeente', role: 'municipality', colour: '#1f77b4' })
    addBlock(doc, housing({ party: P1 }))
    expect(readPlan(doc).parties).toStrictEqual([
      { id: P1, name: 'Gemeente', role: 'municipality', colour: '#1f77b4' },
    ])
    expect(deleteParty(doc, P1)).toBe(true)
    expect(readPlan(doc).parties).toEqual([])
    expect(readBlock(doc, B1)?.party).toBe(P1)
    expect(deleteParty(doc, P1)).toBe(false)
    expect(() => addParty(doc, { id: P2, name: '', role: 'other', colour: '#000' })).toThrow(/name/)
  })

  it('updateParty renames and recolours a party; a bad patch throws and writes nothing', () => {
    const doc = board()
    addParty(doc, { id: P1, name: 'Gemeente', role: 'municipality', colour: '#1f77b4' })
    expect(updateParty(doc, P1, { name: 'Gemeente Utrecht', colour: '#ff7f0e', role: undefined })).toBe(true)
    expect(readPlan(doc).parties).toStrictEqual([
      { id: P1, name: 'Gemeente Utrecht', role: 'municipality', colour: '#ff7f0e' },
    ])
    expect(updateParty(doc, P1, { role: 'developer' })).toBe(true)
    expect(readPlan(doc).parties[0]?.role).toBe('developer')
    expectUnchanged(doc, () => {
      expect(() => updateParty(doc, P1, { name: '' })).toThrow(/name/)
      expect(() => updateParty(doc, P1, { role: 'bank' as never })).toThrow(/role/)
      expect(() => updateParty(doc, P1, { colour: ' ' })).toThrow(/colour/)
      expect(() => updateParty(doc, P1, { name: null as never })).toThrow(/cleared/)
      expect(() => updateParty(doc, P1, { id: 'p9' } as never)).toThrow(/may not change "id"/)
      expect(updateParty(doc, P2, { name: 'Nobody' })).toBe(false)
    })
  })
})

describe('commands on missing records', () => {
  it('return false and change nothing', () => {
    const doc = board()
    addBlock(doc, housing({ id: B2 }))
    addArea(doc, { id: A1, name: 'Noord', polygon: square })
    deleteArea(doc, A1)
    const gone = asBlockId('never-there')
    expectUnchanged(doc, () => {
      expect(moveBlock(doc, gone, [1, 1])).toBe(false)
      expect(resizeBlock(doc, gone, 2, 2)).toBe(false)
      expect(rotateBlock(doc, gone, 45)).toBe(false)
      expect(setBlockShape(doc, gone, rectangle(1, 1))).toBe(false)
      expect(updateBlock(doc, gone, { label: 'x', party: null })).toBe(false)
      expect(deleteBlock(doc, gone)).toBe(false)
      expect(updateArea(doc, A1, { name: 'x' })).toBe(false)
      expect(deleteArea(doc, A1)).toBe(false)
      expect(deleteParty(doc, P1)).toBe(false)
    })
  })

  it('an edit of a block deleted by another replica meanwhile is lost, not resurrected', () => {
    const a = board()
    const b = new Y.Doc()
    addBlock(a, housing())
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    deleteBlock(a, B1)
    moveBlock(b, B1, [1, 2])
    updateBlock(b, B1, { label: 'late' })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readPlan(a).blocks).toEqual([])
    expect(readPlan(b)).toEqual(readPlan(a))
  })
})

describe('writePlan', () => {
  const plan: Plan = {
    board: { name: 'Centrumplan', frame: { kind: 'rd-new' }, normSetId: 'nl-2024' },
    areas: [
      { id: asAreaId('a1'), name: 'Noord', polygon: square, areaType: 'stedelijk', catchment: 'c1' },
      { id: asAreaId('a2'), name: 'Zuid', polygon: square, normSetId: 'nl-2020' },
    ],
    blocks: [
      housing({ id: asBlockId('b1'), party: asPartyId('p1'), label: 'Blok A' }),
      { ...housing({ id: asBlockId('b2'), rotation: 30 }), kind: 'amenity', use: 'gp' } as unknown as Block,
      { ...housing({ id: asBlockId('b3') }), kind: 'green', use: 'play' } as unknown as Block,
      { ...housing({ id: asBlockId('b4') }), kind: 'parking', places: 120 } as unknown as Block,
      { ...housing({ id: asBlockId('b5') }), kind: 'work' } as unknown as Block,
      { ...housing({ id: asBlockId('b6'), floors: 1 }), kind: 'water' } as unknown as Block,
    ].map((b) => {
      // Plain kind-specific blocks, without the housing properties the spread brought along.
      const { dwellings: _d, segment: _s, ...rest } = b as HousingBlock
      return (b.kind === 'housing' ? b : rest) as Block
    }),
    parties: [
      { id: asPartyId('p1'), name: 'Gemeente', role: 'municipality', colour: '#1f77b4' },
      { id: asPartyId('p2'), name: 'Woonstichting', role: 'housing-corporation', colour: '#ff7f0e' },
    ],
  }

  it('round-trips through readPlan', () => {
    const doc = new Y.Doc()
    writePlan(doc, plan)
    expect(readPlan(doc)).toStrictEqual(plan)
    // And again through a second replica.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(readPlan(copy)).toStrictEqual(plan)
  })

  it('is one transaction', () => {
    const doc = new Y.Doc()
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    writePlan(doc, plan)
    expect(transactions).toBe(1)
  })

  it('writes nothing when a record is unreadable', () => {
    const doc = new Y.Doc()
    const broken = { ...plan, blocks: [...plan.blocks, housing({ id: asBlockId('b9'), dwellings: -3 })] }
    expectUnchanged(doc, () => expect(() => writePlan(doc, broken)).toThrow(/"b9".*dwellings/))
  })

  it('writes nothing into a doc of a newer schema', () => {
    const doc = new Y.Doc()
    boardMap(doc).set(BoardKey.schemaVersion, 7)
    expectUnchanged(doc, () => expect(() => writePlan(doc, plan)).toThrow(SchemaVersionError))
  })
})

describe('origin', () => {
  it('every command passes its origin to its transaction', () => {
    const doc = board()
    const origin = { user: 'anna' }
    const origins: unknown[] = []
    doc.on('afterTransaction', (tx: Y.Transaction) => origins.push(tx.origin))
    const commands: (() => unknown)[] = [
      () => setBoard(doc, { name: 'n' }, origin),
      () => addParty(doc, { id: P1, name: 'G', role: 'other', colour: '#000' }, origin),
      () => addArea(doc, { id: A1, name: 'Noord', polygon: square }, origin),
      () => updateArea(doc, A1, { name: 'Zuid' }, origin),
      () => addBlock(doc, housing(), origin),
      () => moveBlock(doc, B1, [0, 0], origin),
      () => resizeBlock(doc, B1, 2, 2, origin),
      () => rotateBlock(doc, B1, 10, origin),
      () => setBlockShape(doc, B1, rectangle(3, 3), origin),
      () => updateBlock(doc, B1, { label: 'x' }, origin),
      () => deleteBlock(doc, B1, origin),
      () => deleteArea(doc, A1, origin),
      () => updateParty(doc, P1, { name: 'H' }, origin),
      () => deleteParty(doc, P1, origin),
      () => initBoard(doc, { name: 'n2', frame: { kind: 'local' } }, origin),
      () =>
        writePlan(
          doc,
          { board: { name: 'n3', frame: { kind: 'local' } }, areas: [], blocks: [], parties: [] },
          origin,
        ),
    ]
    for (const run of commands) run()
    expect(origins).toHaveLength(commands.length)
    for (const o of origins) expect(o).toBe(origin)
  })

  it('an UndoManager tracking one origin undoes only that user’s edits', () => {
    const doc = board()
    const anna = { user: 'anna' }
    const bram = { user: 'bram' }
    addBlock(doc, housing())
    addBlock(doc, housing({ id: B2, x: 0, y: 0 }))
    const annasUndo = new Y.UndoManager(blocksMap(doc), {
      trackedOrigins: new Set([anna]),
      captureTimeout: 0,
    })

    moveBlock(doc, B1, [500, 500], anna)
    updateBlock(doc, B1, { label: 'van Bram' }, bram)
    rotateBlock(doc, B2, 90, bram)
    updateBlock(doc, B2, { dwellings: 99 }, anna)

    expect(annasUndo.undoStack).toHaveLength(2)
    annasUndo.undo()
    expect(readBlock(doc, B2)).toMatchObject({ dwellings: 40, rotation: 90 })
    annasUndo.undo()
    expect(readBlock(doc, B1)).toMatchObject({ x: 100, y: 200, label: 'van Bram' })
    expect(annasUndo.canUndo()).toBe(false)

    annasUndo.redo()
    expect(readBlock(doc, B1)).toMatchObject({ x: 500, y: 500, label: 'van Bram' })
  })
})

describe('changeBlockKind', () => {
  it('turns housing into green in place, dropping the housing properties and keeping the rest', async () => {
    const Y = await import('yjs')
    const m = await import('./index.ts')
    const doc = new Y.Doc()
    m.initBoard(doc, { name: 'b', frame: { kind: 'local' } })
    const id = m.asBlockId('b1')
    m.addBlock(doc, {
      id,
      kind: 'housing',
      x: 10,
      y: 20,
      rotation: 30,
      shape: m.rectangle(10, 10),
      floors: 4,
      label: 'Blok A',
      dwellings: 40,
      segment: 'social',
    })
    expect(m.changeBlockKind(doc, id, { kind: 'green', use: 'play' })).toBe(true)
    const b = m.readBlock(doc, id)
    expect(b).toMatchObject({
      kind: 'green',
      use: 'play',
      x: 10,
      y: 20,
      rotation: 30,
      floors: 4,
      label: 'Blok A',
    })
    expect(m.blocksMap(doc).get(id)?.has('dwellings')).toBe(false)
    expect(m.blocksMap(doc).get(id)?.has('segment')).toBe(false)
    expect(() => m.changeBlockKind(doc, id, { kind: 'parking', places: -1 })).toThrow(RangeError)
    expect(m.readBlock(doc, id)?.kind).toBe('green')
    expect(m.changeBlockKind(doc, m.asBlockId('missing'), { kind: 'work' })).toBe(false)
  })

  it('keeps a concurrent move by someone else (a delete and re-add would lose it)', async () => {
    const Y = await import('yjs')
    const m = await import('./index.ts')
    const a = new Y.Doc()
    const b = new Y.Doc()
    m.initBoard(a, { name: 'b', frame: { kind: 'local' } })
    const id = m.asBlockId('b1')
    m.addBlock(a, { id, kind: 'work', x: 0, y: 0, rotation: 0, shape: m.rectangle(10, 10), floors: 1 })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    m.changeBlockKind(a, id, { kind: 'amenity', use: 'school' })
    m.moveBlock(b, id, [50, 60])
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    for (const doc of [a, b])
      expect(m.readBlock(doc, id)).toMatchObject({ kind: 'amenity', use: 'school', x: 50, y: 60 })
  })
})
