import { describe, expect, it } from 'vitest'
import { forgetBoard, loadRecent, rememberBoard } from './recentBoards.ts'

class MemoryStorage implements Storage {
  #m = new Map<string, string>()
  get length() {
    return this.#m.size
  }
  clear() {
    this.#m.clear()
  }
  getItem(k: string) {
    return this.#m.get(k) ?? null
  }
  key(i: number) {
    return [...this.#m.keys()][i] ?? null
  }
  removeItem(k: string) {
    this.#m.delete(k)
  }
  setItem(k: string, v: string) {
    this.#m.set(k, v)
  }
}

describe('recent boards', () => {
  it('lists the most recent first and forgets on request', () => {
    const s = new MemoryStorage()
    rememberBoard({ id: 'a', name: 'A', token: 't', access: 'edit', openedAt: 1 }, s)
    rememberBoard({ id: 'b', name: 'B', token: 't', access: 'view', openedAt: 2 }, s)
    rememberBoard({ id: 'a', name: 'A2', token: 't', access: 'edit', openedAt: 3 }, s)
    expect(loadRecent(s).map((r) => [r.id, r.name])).toEqual([
      ['a', 'A2'],
      ['b', 'B'],
    ])
    expect(forgetBoard('a', s).map((r) => r.id)).toEqual(['b'])
  })

  it('keeps an edit link when the view link of the same board is opened', () => {
    const s = new MemoryStorage()
    rememberBoard({ id: 'a', name: 'A', token: 'edit', access: 'edit', openedAt: 1 }, s)
    rememberBoard({ id: 'a', name: 'A', token: 'view', access: 'view', openedAt: 2 }, s)
    expect(loadRecent(s)[0]).toMatchObject({ token: 'edit', access: 'edit', openedAt: 2 })
  })

  it('survives garbage in storage', () => {
    const s = new MemoryStorage()
    s.setItem('gebiedsbord.recent', '{not json')
    expect(loadRecent(s)).toEqual([])
    s.setItem(
      'gebiedsbord.recent',
      JSON.stringify([{ id: 1 }, { id: 'x', name: 'X', token: 't', access: 'edit', openedAt: 5 }]),
    )
    expect(loadRecent(s).map((r) => r.id)).toEqual(['x'])
  })
})
