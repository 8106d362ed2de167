import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  type BaseMap,
  BoardKey,
  boardMap,
  decodeBaseMap,
  defaultBaseMap,
  initBoard,
  MAX_ATTRIBUTION_LENGTH,
  type RefPoint,
  readBaseMap,
  SCHEMA_VERSION,
  SchemaVersionError,
  setBaseMap,
  storedSchemaVersion,
  tileUrlProblem,
} from './index.ts'

const rdBoard = (): Y.Doc => {
  const doc = new Y.Doc()
  initBoard(doc, { name: 'Merwede', frame: { kind: 'rd-new' } })
  return doc
}
const localBoard = (): Y.Doc => {
  const doc = new Y.Doc()
  initBoard(doc, { name: 'Schets', frame: { kind: 'local' } })
  return doc
}

const PDOK_LIKE = 'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:28992/{z}/{x}/{y}.png'

const R0: RefPoint = { image: { x: 100, y: 900 }, world: { x: 136_000, y: 455_000 } }
const R1: RefPoint = { image: { x: 1900, y: 100 }, world: { x: 136_900, y: 455_400 } }
const IMAGE: BaseMap = { kind: 'image', asset: 'a1B2c3D4e5F6g7H8', width: 2000, height: 1000, refs: [R0, R1] }

describe('decodeBaseMap', () => {
  it('reads each kind and keeps only its own properties', () => {
    expect(decodeBaseMap({ kind: 'grid', url: 'x' })).toEqual({ ok: true, value: { kind: 'grid' } })
    expect(decodeBaseMap({ kind: 'pdok' })).toEqual({ ok: true, value: { kind: 'pdok' } })
    expect(
      decodeBaseMap({
        kind: 'tiles',
        url: PDOK_LIKE,
        tiling: 'rd-new',
        attribution: ' © Kadaster ',
        extra: 1,
      }),
    ).toEqual({
      ok: true,
      value: { kind: 'tiles', url: PDOK_LIKE, tiling: 'rd-new', attribution: '© Kadaster' },
    })
    const image = decodeBaseMap({ ...IMAGE, note: 'dropped' })
    expect(image).toEqual({ ok: true, value: IMAGE })
  })

  it('says what is wrong with a value a faulty peer stored', () => {
    const reason = (v: unknown) => {
      const d = decodeBaseMap(v)
      return d.ok ? 'ok' : d.reason
    }
    expect(reason('pdok')).toMatch(/object with a kind/)
    expect(reason({ kind: 'satellite' })).toMatch(/kind must be grid \| pdok \| tiles \| image/)
    expect(reason({ kind: 'tiles', url: PDOK_LIKE, tiling: 'utm' })).toMatch(
      /tiling must be rd-new \| web-mercator/,
    )
    expect(reason({ kind: 'tiles', url: PDOK_LIKE, tiling: 'rd-new', attribution: 'x'.repeat(201) })).toMatch(
      new RegExp(`at most ${MAX_ATTRIBUTION_LENGTH}`),
    )
    expect(reason({ ...IMAGE, asset: '../../etc/passwd' })).toMatch(/asset must be the id/)
    expect(reason({ ...IMAGE, width: 0 })).toMatch(/width must be a whole number/)
    expect(reason({ ...IMAGE, height: 10.5 })).toMatch(/height must be a whole number/)
    expect(reason({ ...IMAGE, refs: [R0] })).toMatch(/two reference points/)
  })
})

describe('tileUrlProblem', () => {
  it('accepts https and http templates with {z}, {x} and {y}', () => {
    expect(tileUrlProblem(PDOK_LIKE)).toBeUndefined()
    expect(tileUrlProblem('http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png')).toBeUndefined()
    expect(tileUrlProblem('https://tiles.example.nl/{z}/{y}/{x}?style=grijs')).toBeUndefined()
  })

  it('names the problem with a template', () => {
    expect(tileUrlProblem('')).toMatch(/non-empty/)
    expect(tileUrlProblem('ftp://tiles.example.nl/{z}/{x}/{y}.png')).toMatch(
      /https:\/\/ or http:\/\/, not ftp:/,
    )
    expect(tileUrlProblem('javascript:alert({z}{x}{y})')).toMatch(/https:\/\/ or http:\/\//)
    expect(tileUrlProblem('https://tiles.example.nl/{z}/{x}.png')).toMatch(/must contain \{y\}/)
    expect(tileUrlProblem('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toMatch(/placeholder \{s\}/)
    expect(tileUrlProblem('https://user:secret@tiles.example.nl/{z}/{x}/{y}.png')).toMatch(/password/)
    expect(tileUrlProblem('not a url {z}{x}{y}')).toMatch(/not a valid URL/)
    expect(tileUrlProblem(`https://t.example.nl/{z}/{x}/{y}?${'a'.repeat(2100)}`)).toMatch(/at most 2048/)
  })
})

describe('setBaseMap', () => {
  it('stores a choice, reads it back, and null returns to the default', () => {
    const doc = rdBoard()
    expect(readBaseMap(doc)).toBeUndefined()
    setBaseMap(doc, { kind: 'tiles', url: PDOK_LIKE, tiling: 'rd-new' })
    expect(readBaseMap(doc)).toEqual({ kind: 'tiles', url: PDOK_LIKE, tiling: 'rd-new' })
    setBaseMap(doc, IMAGE)
    expect(readBaseMap(doc)).toEqual(IMAGE)
    setBaseMap(doc, null)
    expect(readBaseMap(doc)).toBeUndefined()
    expect(boardMap(doc).has(BoardKey.baseMap)).toBe(false)
  })

  it('replaces the choice whole, so concurrent choices converge on one of them', () => {
    const a = rdBoard()
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    setBaseMap(a, { kind: 'grid' })
    setBaseMap(b, IMAGE)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const chosen = readBaseMap(a)
    expect(chosen).toEqual(readBaseMap(b))
    expect([{ kind: 'grid' }, IMAGE]).toContainEqual(chosen)
  })

  it('throws a RangeError naming the bad field and writes nothing', () => {
    const doc = rdBoard()
    setBaseMap(doc, { kind: 'grid' })
    const attempt = (m: unknown) => () => setBaseMap(doc, m as BaseMap)
    expect(attempt({ kind: 'tiles', url: 'ftp://x.nl/{z}/{x}/{y}', tiling: 'rd-new' })).toThrow(
      /invalid base map: url must start with https:\/\/ or http:\/\//,
    )
    expect(attempt({ ...IMAGE, refs: [R0, R0] })).toThrow(RangeError)
    expect(attempt({ ...IMAGE, refs: [R0, R0] })).toThrow(/refs are not distinct: their image points/)
    expect(
      attempt({
        ...IMAGE,
        refs: [R0, { image: { x: 500, y: 500 }, world: { x: 136_000.001, y: 455_000 } }],
      }),
    ).toThrow(/refs are not distinct: their world points/)
    expect(attempt({ ...IMAGE, refs: [R0, { image: { x: 2500, y: 10 }, world: { x: 0, y: 0 } }] })).toThrow(
      /refs\[1\]\.image \(2500, 10\) lies outside the 2000 × 1000 image/,
    )
    expect(
      attempt({ ...IMAGE, refs: [R0, { image: { x: 5, y: 10 }, world: { x: Number.NaN, y: 0 } }] }),
    ).toThrow(/refs\[1\]\.world must be \{ x, y \} of finite numbers/)
    expect(readBaseMap(doc)).toEqual({ kind: 'grid' })
  })

  it('keeps tiles to boards in RD New, where world metres are map coordinates', () => {
    const doc = localBoard()
    expect(() => setBaseMap(doc, { kind: 'pdok' })).toThrow(/pdok needs a board in RD New/)
    expect(() => setBaseMap(doc, { kind: 'tiles', url: PDOK_LIKE, tiling: 'rd-new' })).toThrow(
      /tiles needs a board in RD New \(frame rd-new\); this board's frame is local/,
    )
    setBaseMap(doc, IMAGE)
    expect(readBaseMap(doc)).toEqual(IMAGE)
  })

  it('stamps the doc with the current schema and refuses a newer one', () => {
    const doc = new Y.Doc()
    boardMap(doc).set(BoardKey.frame, { kind: 'rd-new' })
    setBaseMap(doc, { kind: 'pdok' })
    expect(storedSchemaVersion(doc)).toBe(SCHEMA_VERSION)
    const newer = rdBoard()
    boardMap(newer).set(BoardKey.schemaVersion, SCHEMA_VERSION + 1)
    expect(() => setBaseMap(newer, { kind: 'grid' })).toThrow(SchemaVersionError)
    expect(readBaseMap(newer)).toBeUndefined()
  })

  it('is one undoable step of its origin, and the undo keeps the schema stamp', () => {
    const doc = new Y.Doc()
    boardMap(doc).set(BoardKey.frame, { kind: 'rd-new' })
    boardMap(doc).set(BoardKey.schemaVersion, 2)
    const origin = { user: 'anna' }
    const undo = new Y.UndoManager(boardMap(doc), { trackedOrigins: new Set([origin]) })
    setBaseMap(doc, { kind: 'grid' }, origin)
    expect(readBaseMap(doc)).toEqual({ kind: 'grid' })
    expect(storedSchemaVersion(doc)).toBe(SCHEMA_VERSION)
    undo.undo()
    expect(readBaseMap(doc)).toBeUndefined()
    expect(storedSchemaVersion(doc)).toBe(SCHEMA_VERSION)
  })
})

describe('readBaseMap', () => {
  it('reads an unreadable stored value as no choice, so the default applies', () => {
    const doc = rdBoard()
    boardMap(doc).set(BoardKey.baseMap, { kind: 'tiles', url: 'javascript:alert(1)' })
    expect(readBaseMap(doc)).toBeUndefined()
  })

  it('defaults to PDOK in RD New and to the grid in a local frame', () => {
    expect(defaultBaseMap({ kind: 'rd-new' })).toEqual({ kind: 'pdok' })
    expect(defaultBaseMap({ kind: 'local' })).toEqual({ kind: 'grid' })
  })
})
