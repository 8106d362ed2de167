import { describe, expect, it } from 'vitest'
import type { VariantInfo, VersionInfo, VersionList, VersionParent } from '../api/versions.ts'
import {
  BoardVersions,
  MAX_VARIANT_NAME,
  type VersionsApi,
  versionName,
  versionNameProblem,
} from './versions.ts'

/**
 * A board's versions as the server keeps them, in memory: saving lists a version, restoring saves
 * a backup first, branching lists a variant. Each call is counted so tests see what was asked.
 */
class MemoryBoard implements VersionsApi {
  versions: VersionInfo[] = []
  variants: VariantInfo[] = []
  parent: VersionParent | null = null
  names = new Map<string, string>()
  calls: string[] = []
  failNext: string | null = null
  #clock = 1000
  #ids = 0

  #check(call: string): void {
    this.calls.push(call)
    if (this.failNext) {
      const m = this.failNext
      this.failNext = null
      throw new Error(m)
    }
  }

  async list(): Promise<VersionList> {
    this.#check('list')
    return { versions: [...this.versions].reverse(), variants: [...this.variants], parent: this.parent }
  }

  async save(name: string, author: string): Promise<VersionInfo> {
    this.#check(`save ${name} by ${author}`)
    const v = { id: `v${++this.#ids}`, name, at: ++this.#clock, author }
    this.versions.push(v)
    return v
  }

  async restore(versionId: string, author: string) {
    this.#check(`restore ${versionId}`)
    const restored = this.versions.find((v) => v.id === versionId)
    if (!restored) throw new Error('not found')
    const backup = await this.save(`Before restoring ${restored.name}`, author)
    return { restored, backup }
  }

  async branch(versionId: string, name: string) {
    this.#check(`branch ${versionId} as ${name}`)
    const id = `B${++this.#ids}`.padEnd(16, '0')
    this.variants.push({ id, name, createdAt: ++this.#clock, parentVersion: versionId })
    return { id, name }
  }

  async boardName(boardId: string): Promise<string> {
    this.#check(`name ${boardId}`)
    const name = this.names.get(boardId)
    if (name === undefined) throw new Error('not found')
    return name
  }
}

const open = (board: MemoryBoard, readOnly = false) =>
  new BoardVersions({ api: board, readOnly, author: () => 'Anna' })

describe('version names', () => {
  it('takes a trimmed name of up to 120 characters (200 for a variant)', () => {
    expect(versionNameProblem('A: meer middenhuur')).toBeNull()
    expect(versionNameProblem('   ')).toBe('empty')
    expect(versionNameProblem(` ${'x'.repeat(120)} `)).toBeNull()
    expect(versionNameProblem('x'.repeat(121))).toBe('long')
    expect(versionNameProblem('x'.repeat(200), MAX_VARIANT_NAME)).toBeNull()
    expect(versionNameProblem('x'.repeat(201), MAX_VARIANT_NAME)).toBe('long')
  })

  it('finds a version by id in a list', () => {
    const list: VersionList = {
      versions: [{ id: 'v1', name: 'A', at: 1, author: '' }],
      variants: [],
      parent: null,
    }
    expect(versionName(list, 'v1')).toBe('A')
    expect(versionName(list, 'v2')).toBeNull()
    expect(versionName(null, 'v1')).toBeNull()
  })
})

describe('a board’s versions', () => {
  it('saves named versions by this user and lists them newest first', async () => {
    const board = new MemoryBoard()
    const v = open(board)
    await v.refresh()
    expect(v.state.get().list?.versions).toEqual([])
    const a = await v.save('  A: meer middenhuur ')
    await v.save('B: meer groen')
    expect(a).toMatchObject({ name: 'A: meer middenhuur', author: 'Anna' })
    expect(board.calls).toContain('save A: meer middenhuur by Anna')
    expect(v.state.get().list?.versions.map((x) => x.name)).toEqual(['B: meer groen', 'A: meer middenhuur'])
    expect(v.state.get()).toMatchObject({ busy: null, error: null, outcome: { action: 'save' } })
  })

  it('refuses a blank name without asking the server', async () => {
    const board = new MemoryBoard()
    const v = open(board)
    expect(await v.save(' ')).toBeNull()
    expect(await v.branch('v1', '')).toBeNull()
    expect(board.calls).toEqual([])
  })

  it('restores a version and lists the backup saved before it', async () => {
    const board = new MemoryBoard()
    const v = open(board)
    const a = await v.save('A')
    if (!a) throw new Error('not saved')
    const r = await v.restore(a.id)
    expect(r?.backup.name).toBe('Before restoring A')
    expect(v.state.get().outcome).toMatchObject({
      action: 'restore',
      restored: { id: a.id },
      backup: r?.backup,
    })
    expect(v.state.get().list?.versions.map((x) => x.name)).toEqual(['Before restoring A', 'A'])
  })

  it('branches a variant and lists it', async () => {
    const board = new MemoryBoard()
    const v = open(board)
    const a = await v.save('A')
    const made = await v.branch(a?.id ?? '', ' B: meer groen ')
    expect(made?.name).toBe('B: meer groen')
    expect(v.state.get().list?.variants).toMatchObject([{ id: made?.id, parentVersion: a?.id }])
  })

  it('keeps a failed action’s error under its name until the next action', async () => {
    const board = new MemoryBoard()
    const v = open(board)
    board.failNext = 'version name already used'
    expect(await v.save('A')).toBeNull()
    expect(v.state.get()).toMatchObject({
      busy: null,
      error: { action: 'save', message: 'version name already used' },
    })
    await v.save('A')
    expect(v.state.get().error).toBeNull()
    board.failNext = 'offline'
    await v.refresh()
    expect(v.state.get().error).toEqual({ action: 'list', message: 'offline' })
    // The list it had stays shown.
    expect(v.state.get().list?.versions).toHaveLength(1)
  })

  it('runs one action at a time', async () => {
    const board = new MemoryBoard()
    const v = open(board)
    const first = v.save('A')
    expect(v.state.get().busy).toBe('save')
    expect(await v.save('B')).toBeNull()
    await first
    expect(board.versions.map((x) => x.name)).toEqual(['A'])
  })

  it('lets a view link list but not change', async () => {
    const board = new MemoryBoard()
    await board.save('A', 'Anna')
    board.calls = []
    const v = open(board, true)
    await v.refresh()
    expect(await v.save('B')).toBeNull()
    expect(await v.restore('v1')).toBeNull()
    expect(await v.branch('v1', 'C')).toBeNull()
    expect(board.calls).toEqual(['list'])
    expect(v.state.get().list?.versions).toHaveLength(1)
  })

  it('learns the name of the board a variant came from, once', async () => {
    const board = new MemoryBoard()
    board.parent = { boardId: 'Parent0000000001', versionId: 'v9', versionName: 'Start' }
    board.names.set('Parent0000000001', 'Merwedekanaalzone')
    const v = open(board)
    await v.refresh()
    await v.refresh()
    expect(v.state.get().parentName).toBe('Merwedekanaalzone')
    expect(board.calls.filter((c) => c.startsWith('name'))).toEqual(['name Parent0000000001'])
  })
})
