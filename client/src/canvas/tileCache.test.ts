import { afterEach, describe, expect, it, vi } from 'vitest'
import { TileCache, type WantedTile } from './tileCache.ts'

/** A loader whose loads the test settles by hand, in any order. */
function manualLoader() {
  const loads = new Map<
    string,
    { resolve: (v: string) => void; reject: (e: Error) => void; signal: AbortSignal }
  >()
  const load = (url: string, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      loads.set(url, { resolve, reject, signal })
      signal.addEventListener('abort', () => reject(new Error('aborted')))
    })
  return { loads, load }
}

const tiles = (...keys: string[]): WantedTile[] => keys.map((key) => ({ key, url: `https://t/${key}.png` }))
const settle = () => new Promise((r) => setTimeout(r, 0))

afterEach(() => {
  vi.useRealTimers()
})

describe('TileCache', () => {
  it('loads at most the allowed number at once, most important first', async () => {
    const { loads, load } = manualLoader()
    const settled: [string, boolean][] = []
    const cache = new TileCache(load, (k, ok) => settled.push([k, ok]), { concurrent: 2 })
    cache.want(tiles('a', 'b', 'c', 'd'))
    expect([...loads.keys()]).toEqual(['https://t/a.png', 'https://t/b.png'])
    loads.get('https://t/b.png')?.resolve('B')
    await settle()
    expect(cache.get('b')).toBe('B')
    expect([...loads.keys()]).toEqual(['https://t/a.png', 'https://t/b.png', 'https://t/c.png'])
    loads.get('https://t/a.png')?.reject(new Error('404'))
    await settle()
    expect(settled).toEqual([
      ['b', true],
      ['a', false],
    ])
    expect(cache.get('a')).toBeUndefined()
    // Two settled, two loading: d started when a failed.
    expect([...loads.keys()]).toEqual([
      'https://t/a.png',
      'https://t/b.png',
      'https://t/c.png',
      'https://t/d.png',
    ])
  })

  it('drops queued tiles the view passed by, and never asks again for a failed one', async () => {
    const { loads, load } = manualLoader()
    const cache = new TileCache(load, () => {}, { concurrent: 1 })
    cache.want(tiles('a', 'b', 'c'))
    cache.want(tiles('a', 'x'))
    loads.get('https://t/a.png')?.reject(new Error('404'))
    await settle()
    expect([...loads.keys()]).toEqual(['https://t/a.png', 'https://t/x.png'])
    cache.want(tiles('a', 'x'))
    loads.get('https://t/x.png')?.resolve('X')
    await settle()
    expect([...loads.keys()]).toEqual(['https://t/a.png', 'https://t/x.png'])
  })

  it('keeps the most recently wanted tiles and evicts the oldest beyond its size', async () => {
    const { loads, load } = manualLoader()
    const cache = new TileCache(load, () => {}, { concurrent: 10, maxCached: 3 })
    for (const k of ['a', 'b', 'c', 'd']) {
      cache.want(tiles(k))
      loads.get(`https://t/${k}.png`)?.resolve(k.toUpperCase())
      await settle()
    }
    expect(cache.get('a')).toBeUndefined()
    expect(['b', 'c', 'd'].map((k) => cache.get(k))).toEqual(['B', 'C', 'D'])
    // Wanting b again makes it the newest: c is the next to go.
    cache.want(tiles('b'))
    cache.want(tiles('e'))
    loads.get('https://t/e.png')?.resolve('E')
    await settle()
    expect(cache.get('c')).toBeUndefined()
    expect(cache.get('b')).toBe('B')
  })

  it('gives up a tile that does not arrive in time', async () => {
    vi.useFakeTimers()
    const { loads, load } = manualLoader()
    const settled: [string, boolean][] = []
    const cache = new TileCache(load, (k, ok) => settled.push([k, ok]), { timeoutMs: 1000 })
    cache.want(tiles('slow'))
    await vi.advanceTimersByTimeAsync(999)
    expect(settled).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(loads.get('https://t/slow.png')?.signal.aborted).toBe(true)
    expect(settled).toEqual([['slow', false]])
  })

  it('stops every load when closed and reports nothing after', async () => {
    const { loads, load } = manualLoader()
    const settled: string[] = []
    const cache = new TileCache(load, (k) => settled.push(k))
    cache.want(tiles('a', 'b'))
    cache.close()
    expect([...loads.values()].every((l) => l.signal.aborted)).toBe(true)
    await settle()
    expect(settled).toEqual([])
    cache.want(tiles('c'))
    expect(loads.has('https://t/c.png')).toBe(false)
  })
})
