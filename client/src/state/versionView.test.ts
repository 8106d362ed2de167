import { updateBlock } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { VersionList } from '../api/versions.ts'
import { visibleBox } from '../geometry/camera.ts'
import { moveBlocksBy } from './editing.ts'
import type { BoardSession } from './session.ts'
import { PRIVATE, SOCIAL, testDoc } from './testPlan.ts'
import { VersionView, type VersionViewApi, versionSession } from './versionView.ts'

/** A WebSocket that never connects. */
class NoSocket {}

const opened: BoardSession[] = []
const make = (update: Uint8Array) => {
  const s = versionSession({
    boardId: 'AAAAAAAAAAAAAAAA',
    token: 't',
    identity: { name: 'Test', colour: '#123456' },
    lang: 'en',
    update,
    WebSocketPolyfill: NoSocket,
  })
  opened.push(s)
  return s
}

afterEach(() => {
  for (const s of opened.splice(0)) s.destroy()
})

/** Version "A" of the test plan, with Noord's private homes made social. */
function versionA(): Uint8Array {
  const doc = testDoc()
  updateBlock(doc, PRIVATE, { segment: 'social' })
  return Y.encodeStateAsUpdate(doc)
}

describe('a version opened read-only', () => {
  it('shows the version’s plan, loaded, and takes no edits', () => {
    const s = make(versionA())
    expect(s.readOnly).toBe(true)
    expect(s.loaded.get()).toBe(true)
    expect(s.mirror.blocks.get(PRIVATE)).toMatchObject({ segment: 'social', x: 60, y: 140 })
    moveBlocksBy(s, [PRIVATE, SOCIAL], 10, 10)
    expect(s.mirror.blocks.get(PRIVATE)).toMatchObject({ x: 60, y: 140 })
    // Shown whole once the map is measured.
    s.view.size.set({ width: 1000, height: 700 })
    const seen = visibleBox(s.view.camera.get(), s.view.size.get())
    expect(seen.minX).toBeLessThanOrEqual(0)
    expect(seen.maxX).toBeGreaterThanOrEqual(200)
    expect(seen.minY).toBeLessThanOrEqual(-300)
    expect(seen.maxY).toBeGreaterThanOrEqual(200)
    // Never dialled, never kept on the device.
    expect(s.provider.shouldConnect).toBe(false)
    expect(s.persistence).toBeNull()
  })
})

const LIST: VersionList = {
  versions: [{ id: 'va', name: 'A: meer middenhuur', at: 5, author: 'Anna' }],
  variants: [],
  parent: null,
}

function api(states: Record<string, Uint8Array>, name = 'Werksessie'): VersionViewApi {
  return {
    list: async () => LIST,
    state: async (id) => {
      const s = states[id]
      if (!s) throw new Error('no version with this id')
      return s
    },
    boardName: async () => name,
  }
}

describe('the version page’s loader', () => {
  it('opens a version with its name, author and the board’s name', async () => {
    const v = new VersionView()
    await v.open(api({ va: versionA() }), 'va', make)
    const s = v.state.get()
    if (s.status !== 'ready') throw new Error(`not ready: ${s.status}`)
    expect(s.version).toEqual(LIST.versions[0])
    expect(s.boardName).toBe('Werksessie')
    expect(s.session.mirror.blocks.size).toBe(2)
    v.close()
  })

  it('reports a version the server does not have', async () => {
    const v = new VersionView()
    await v.open(api({}), 'gone', make)
    expect(v.state.get()).toEqual({ status: 'error', message: 'no version with this id' })
  })

  it('makes no session once the page has closed', async () => {
    const v = new VersionView()
    const loading = v.open(api({ va: versionA() }), 'va', make)
    v.close()
    await loading
    expect(v.state.get().status).toBe('loading')
    expect(opened).toHaveLength(0)
  })
})
