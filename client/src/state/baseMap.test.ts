import { type BaseMap, initBoard, readBaseMap, setBoard } from '@gebiedsbord/model'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { PDOK_ATTRIBUTION, PDOK_TILE_URL } from '../geometry/rdTiles.ts'
import {
  chooseBaseMap,
  PROBE_FAILURES,
  type Reachability,
  resolveBaseMap,
  TILE_PROBE_TIMEOUT_MS,
} from './baseMap.ts'
import { destroyTestSessions, testSession } from './testSession.ts'

const RD = { kind: 'rd-new' } as const
const LOCAL = { kind: 'local' } as const
const TILES = {
  kind: 'tiles',
  url: 'https://t.example.nl/{z}/{x}/{y}.png',
  tiling: 'rd-new',
} as const satisfies BaseMap
const IMAGE = {
  kind: 'image',
  asset: 'scan1',
  width: 400,
  height: 300,
  refs: [
    { image: { x: 0, y: 0 }, world: { x: 0, y: 300 } },
    { image: { x: 400, y: 300 }, world: { x: 400, y: 0 } },
  ],
} as const satisfies BaseMap
const all =
  (r: Reachability) =>
  (_key: string): Reachability =>
    r

/** A board's session (an editor, or a viewer): its doc, base map state and this user's undo history. */
function open(frame: 'rd-new' | 'local', readOnly = false) {
  const board = new Y.Doc()
  initBoard(board, { name: 'Merwede', frame: { kind: frame } })
  const s = testSession(readOnly ? 'view' : 'edit', board)
  return { doc: s.doc, state: s.baseMap, editor: s, history: s.history }
}

afterEach(() => {
  destroyTestSessions()
  vi.useRealTimers()
})

describe('resolveBaseMap', () => {
  it('shows PDOK by default in RD New, with its credit, and the grid in a local frame', () => {
    expect(resolveBaseMap(undefined, RD, all('unknown'))).toEqual({
      chosen: undefined,
      shown: {
        source: 'tiles',
        key: PDOK_TILE_URL,
        url: PDOK_TILE_URL,
        tiling: 'rd-new',
        attribution: PDOK_ATTRIBUTION,
      },
    })
    expect(resolveBaseMap(undefined, LOCAL, all('unknown')).shown).toEqual({ source: 'grid' })
  })

  it('falls back to the grid, saying why, when the source cannot be reached', () => {
    expect(resolveBaseMap(undefined, RD, all('unreachable'))).toEqual({
      chosen: undefined,
      shown: { source: 'grid' },
      note: 'pdok-unreachable',
    })
    expect(resolveBaseMap({ kind: 'pdok' }, RD, all('unreachable')).note).toBe('tiles-unreachable')
    expect(resolveBaseMap(TILES, RD, all('unreachable')).note).toBe('tiles-unreachable')
    expect(resolveBaseMap(IMAGE, LOCAL, all('unreachable')).note).toBe('image-unavailable')
    // Only the source's own reachability counts.
    const onlyPdokDown = (k: string): Reachability => (k === PDOK_TILE_URL ? 'unreachable' : 'reachable')
    expect(resolveBaseMap(TILES, RD, onlyPdokDown).shown).toMatchObject({ source: 'tiles', key: TILES.url })
  })

  it('shows a chosen grid, tiles or image, and refuses tiles in a local frame', () => {
    expect(resolveBaseMap({ kind: 'grid' }, RD, all('reachable')).shown).toEqual({ source: 'grid' })
    expect(resolveBaseMap(TILES, RD, all('reachable')).shown).toEqual({
      source: 'tiles',
      key: TILES.url,
      url: TILES.url,
      tiling: 'rd-new',
    })
    expect(resolveBaseMap(TILES, LOCAL, all('reachable'))).toMatchObject({
      shown: { source: 'grid' },
      note: 'needs-rd-new',
    })
    expect(resolveBaseMap(IMAGE, LOCAL, all('unknown')).shown).toMatchObject({
      source: 'image',
      key: 'asset:scan1',
      width: 400,
      refs: IMAGE.refs,
    })
  })
})

describe('BaseMapState', () => {
  it('follows the board’s choice, and a rename is no news to the map', () => {
    const { doc, state, editor } = open('rd-new')
    const seen: unknown[] = []
    state.view.subscribe((v) => seen.push(v.shown))
    chooseBaseMap(editor, TILES)
    expect(state.view.get().shown).toMatchObject({ source: 'tiles', url: TILES.url })
    setBoard(doc, { name: 'Merwedekanaalzone' })
    chooseBaseMap(editor, null)
    expect(state.view.get().shown).toMatchObject({ source: 'tiles', url: PDOK_TILE_URL })
    expect(seen).toHaveLength(2)
  })

  it('judges PDOK unreachable when its first tiles time out, and shows the grid', () => {
    vi.useFakeTimers()
    const { state } = open('rd-new')
    state.requested(PDOK_TILE_URL)
    vi.advanceTimersByTime(TILE_PROBE_TIMEOUT_MS - 1)
    expect(state.view.get().shown.source).toBe('tiles')
    vi.advanceTimersByTime(1)
    expect(state.reachability(PDOK_TILE_URL)).toBe('unreachable')
    expect(state.view.get()).toMatchObject({ shown: { source: 'grid' }, note: 'pdok-unreachable' })
  })

  it('judges a source unreachable after enough failures with no tile loaded', () => {
    const { state } = open('rd-new')
    for (let i = 1; i < PROBE_FAILURES; i++) state.failed(PDOK_TILE_URL)
    expect(state.reachability(PDOK_TILE_URL)).toBe('unknown')
    state.failed(PDOK_TILE_URL)
    expect(state.view.get().note).toBe('pdok-unreachable')
    state.destroy()
  })

  it('judges a source reachable once a tile loads, and stops the clock', () => {
    vi.useFakeTimers()
    const { state } = open('rd-new')
    state.requested(PDOK_TILE_URL)
    state.failed(PDOK_TILE_URL)
    state.loaded(PDOK_TILE_URL)
    for (let i = 0; i < PROBE_FAILURES; i++) state.failed(PDOK_TILE_URL)
    vi.advanceTimersByTime(TILE_PROBE_TIMEOUT_MS * 2)
    expect(state.reachability(PDOK_TILE_URL)).toBe('reachable')
    expect(state.view.get().shown.source).toBe('tiles')
  })
})

describe('a new choice', () => {
  it('probes a source that failed before again', () => {
    const { state, editor } = open('rd-new')
    chooseBaseMap(editor, TILES)
    for (let i = 0; i < PROBE_FAILURES; i++) state.failed(TILES.url)
    expect(state.view.get().note).toBe('tiles-unreachable')
    chooseBaseMap(editor, { ...TILES, attribution: '© Gemeente Utrecht' })
    expect(state.reachability(TILES.url)).toBe('unknown')
    expect(state.view.get().shown).toMatchObject({ source: 'tiles', attribution: '© Gemeente Utrecht' })
    state.destroy()
  })
})

describe('chooseBaseMap', () => {
  it('is one undo step of this user', () => {
    const { doc, editor, history } = open('rd-new')
    chooseBaseMap(editor, IMAGE)
    expect(readBaseMap(doc)).toEqual(IMAGE)
    history.undo()
    expect(readBaseMap(doc)).toBeUndefined()
  })

  it('throws before editing for a choice the board cannot hold, and a viewer writes nothing', () => {
    const { doc, editor, history } = open('local')
    expect(() => chooseBaseMap(editor, TILES)).toThrow(/tiles needs a board in RD New/)
    expect(readBaseMap(doc)).toBeUndefined()
    expect(history.get().canUndo).toBe(false)
    const viewer = open('rd-new', true)
    chooseBaseMap(viewer.editor, { kind: 'grid' })
    expect(readBaseMap(viewer.doc)).toBeUndefined()
  })
})
