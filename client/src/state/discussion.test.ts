import {
  type AreaId,
  asAreaId,
  asBlockId,
  type BlockId,
  DISCUSSION_SCHEMA_VERSION,
  type RandomBytes,
  seededBytes,
  seededRandom,
  storedDiscussionVersion,
} from '@gebiedsbord/model'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { Access, BoardSettings } from '../api/boards.ts'
import { Discussion, type DiscussionOptions, VIEWER_SETTINGS_POLL_MS } from './discussion.ts'

const NOORD = asAreaId('noord')
const ZUID = asAreaId('zuid')
const SCHOOL = asBlockId('school')

/** Two docs that pass every update to each other at once, as the server would. */
function linkedDocs(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const relay = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin !== relay) Y.applyUpdate(to, update, relay)
  }
  a.on('update', relay(b))
  b.on('update', relay(a))
  return [a, b]
}

const EVERYONE = ['Eva', 'Victor', 'Anna de Vries', 'Bas', 'Chris']

/** Presence as the discussion reads it: everyone here, `me` being this user. */
const people = (me: string) => ({
  peers: () => [
    { name: me, colour: '#1d4ed8', self: true },
    ...EVERYONE.filter((n) => n !== me).map((name) => ({ name, colour: '#b45309', self: false })),
  ],
})

/** Blocks that can be moved between areas, as the plan mirror reports them. */
class FakeBlocks {
  placementVersion = 0
  readonly #areas = new Map<BlockId, AreaId>([[SCHOOL, NOORD]])
  areaOf = (id: BlockId): AreaId | null => this.#areas.get(id) ?? null
  move(id: BlockId, to: AreaId): void {
    this.#areas.set(id, to)
    this.placementVersion++
  }
}

const open: Discussion[] = []
afterEach(() => {
  for (const d of open.splice(0)) d.destroy()
})

let clock = 1_000
let seed = 1
function discussion(
  doc: Y.Doc,
  access: Access,
  me: string,
  extra: Partial<DiscussionOptions> & { settings?: DiscussionOptions['settings'] } = {},
): Discussion {
  const random: RandomBytes = seededBytes(seededRandom(seed++))
  const d = new Discussion({
    access,
    doc,
    people: people(me),
    blocks: new FakeBlocks(),
    now: () => clock,
    random,
    ...extra,
  })
  open.push(d)
  return d
}

const settingsApi = (initial: BoardSettings) => {
  let current = initial
  return {
    load: async () => current,
    save: async (s: BoardSettings) => {
      current = s
      return current
    },
  }
}

/** Lets pending promises (the settings fetch) settle. */
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('discussion', () => {
  it('lets an editor start threads on areas, blocks and rules that others see at once', () => {
    const [a, b] = linkedDocs()
    const editor = discussion(a, 'edit', 'Eva')
    const viewer = discussion(b, 'view', 'Victor')
    expect(storedDiscussionVersion(b)).toBe(DISCUSSION_SCHEMA_VERSION)
    clock = 5_000
    const onRule = editor.commentOnRule(NOORD, 'green-per-dwelling', 'Why does green fail here, @bas?')
    clock = 5_001
    editor.commentOnBlock(SCHOOL, 'Too close to the road')
    clock = 5_002
    editor.commentOnArea(ZUID, 'Fine by @Anna de Vries')
    expect(onRule).toBeDefined()
    const threads = viewer.state.get().threads
    expect(threads.map((t) => t.target)).toEqual([
      { kind: 'rule', area: NOORD, rule: 'green-per-dwelling' },
      { kind: 'block', block: SCHOOL, area: NOORD },
      { kind: 'area', area: ZUID },
    ])
    expect(threads[0]?.root).toMatchObject({
      author: { name: 'Eva', colour: '#1d4ed8' },
      createdAt: 5_000,
      mentions: ['Bas'],
    })
    expect(threads[2]?.root.mentions).toEqual(['Anna de Vries'])
    expect(viewer.openCount(NOORD)).toBe(2)
    expect(viewer.openCount(ZUID)).toBe(1)
  })

  it('keeps a viewer from writing unless the board allows it', async () => {
    const [a, b] = linkedDocs()
    const api = settingsApi({ viewerComments: false })
    const editor = discussion(a, 'edit', 'Eva', { settings: api })
    const viewer = discussion(b, 'view', 'Victor', { settings: api })
    await settle()
    expect(viewer.state.get().mayComment).toBe(false)
    expect(viewer.commentOnArea(NOORD, 'Can I?')).toBeUndefined()
    expect(editor.state.get().threads).toEqual([])

    await editor.setViewerComments(true)
    expect(editor.state.get().settings).toEqual({ viewerComments: true })
    // The viewer learns it when it reads the settings again (on reconnect, or a refused write).
    await viewer.refreshSettings()
    expect(viewer.state.get().mayComment).toBe(true)
    const id = viewer.commentOnArea(NOORD, 'Where do the children play?')
    expect(id && editor.state.get().threads[0]?.root.author.name).toBe('Victor')
  })

  it("brings a viewer's comment box within one settings poll of the editor allowing it", async () => {
    vi.useFakeTimers()
    try {
      const [a, b] = linkedDocs()
      const api = settingsApi({ viewerComments: false })
      const editor = discussion(a, 'edit', 'Eva', { settings: api })
      const viewer = discussion(b, 'view', 'Victor', { settings: api })
      await vi.advanceTimersByTimeAsync(0)
      expect(viewer.state.get().mayComment).toBe(false)
      await editor.setViewerComments(true)
      await vi.advanceTimersByTimeAsync(VIEWER_SETTINGS_POLL_MS)
      expect(viewer.state.get().mayComment).toBe(true)
      viewer.destroy()
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('never lets a viewer write the schema stamp: it waits for a doc an editor opened', async () => {
    const doc = new Y.Doc()
    let updates = 0
    doc.on('update', () => updates++)
    const viewer = discussion(doc, 'view', 'Victor', { settings: settingsApi({ viewerComments: true }) })
    await settle()
    expect(viewer.state.get()).toMatchObject({ mayComment: false, settings: { viewerComments: true } })
    expect(viewer.commentOnArea(NOORD, 'Hello')).toBeUndefined()
    expect(updates).toBe(0)
  })

  it('replies, edits only own comments, deletes, resolves and reopens', () => {
    const [a, b] = linkedDocs()
    const eva = discussion(a, 'edit', 'Eva')
    const bas = discussion(b, 'edit', 'Bas')
    const root = eva.commentOnArea(NOORD, 'Move the parking?') as never
    clock = 6_000
    const reply = bas.reply(root, 'Yes, to the hub') as never
    expect(reply).toBeDefined()
    expect(eva.edit(reply, 'No')).toBe(false)
    expect(bas.edit(reply, 'Yes, to the mobility hub, @eva')).toBe(true)
    const thread = () => eva.state.get().threads[0]
    expect(thread()?.replies[0]).toMatchObject({ text: 'Yes, to the mobility hub, @eva', mentions: ['Eva'] })
    expect(eva.mentionsMe(thread() as never)).toBe(true)
    expect(bas.mentionsMe(thread() as never)).toBe(false)

    clock = 7_000
    expect(bas.resolve(reply)).toBe(true)
    expect(thread()).toMatchObject({
      resolved: true,
      stateChange: { action: 'resolved', by: 'Bas', at: 7_000 },
    })
    expect(eva.openCount(NOORD)).toBe(0)
    expect(eva.resolve(root)).toBe(false)
    expect(eva.reopen(root)).toBe(true)
    expect(bas.openCount(NOORD)).toBe(1)

    // An editor may remove another's reply; the root stays as a tombstone while replies remain.
    expect(eva.remove(reply)).toBe(true)
    expect(thread()?.replies).toEqual([])
    expect(eva.remove(root)).toBe(true)
    expect(bas.state.get().threads).toEqual([])
  })

  it('lets a viewer delete only their own comments', async () => {
    const [a, b] = linkedDocs()
    const eva = discussion(a, 'edit', 'Eva')
    const victor = discussion(b, 'view', 'Victor', { settings: settingsApi({ viewerComments: true }) })
    await settle()
    const mine = victor.commentOnArea(NOORD, 'Mine') as never
    const hers = eva.commentOnArea(NOORD, 'Hers') as never
    expect(victor.remove(hers)).toBe(false)
    expect(victor.remove(mine)).toBe(true)
    expect(eva.state.get().threads.map((t) => t.root.text)).toEqual(['Hers'])
  })

  it('counts a block thread under the area the block is in now', () => {
    const blocks = new FakeBlocks()
    const d = discussion(new Y.Doc(), 'edit', 'Eva', { blocks })
    d.commentOnBlock(SCHOOL, 'Is the school big enough?')
    expect(d.openCount(NOORD)).toBe(1)
    const before = d.openByArea()
    expect(d.openByArea()).toBe(before)
    blocks.move(SCHOOL, ZUID)
    expect(d.openCount(NOORD)).toBe(0)
    expect(d.openCount(ZUID)).toBe(1)
    expect(d.areaOf({ kind: 'block', block: SCHOOL, area: NOORD })).toBe(ZUID)
  })

  it('reads a newer discussion doc but writes nothing to it', () => {
    const doc = new Y.Doc()
    doc.getMap('meta').set('schemaVersion', DISCUSSION_SCHEMA_VERSION + 1)
    const d = discussion(doc, 'edit', 'Eva')
    expect(d.state.get()).toMatchObject({ tooNew: true, mayComment: false })
    expect(d.commentOnArea(NOORD, 'Hello')).toBeUndefined()
  })

  it('syncs over its own socket without presence, and reports a refused write', async () => {
    const api = settingsApi({ viewerComments: true })
    let loads = 0
    const d = discussion(new Y.Doc(), 'view', 'Victor', {
      transport: {
        syncUrl: 'ws://host/sync',
        boardId: 'AAAAAAAAAAAAAAAA',
        token: 'view-token',
        WebSocketPolyfill: FakeSocket,
      },
      settings: {
        ...api,
        load: () => {
          loads++
          return api.load()
        },
      },
    })
    const socket = FakeSocket.last as FakeSocket
    expect(socket.url).toBe('ws://host/sync/AAAAAAAAAAAAAAAA/discussion?token=view-token')
    socket.onopen?.()
    // Sync step 1 only: no awareness state goes out on this connection.
    expect(socket.sent.map((m) => m[0])).toEqual([MESSAGE_SYNC])
    await settle()
    expect(loads).toBe(1)
    // A comment the server will refuse: the owner has just stopped viewer comments.
    d.doc.getMap('meta').set('schemaVersion', DISCUSSION_SCHEMA_VERSION)
    expect(d.commentOnArea(NOORD, 'Refused')).toBeDefined()
    const refusedDoc = d.doc
    socket.onmessage?.({ data: permissionDenied('with a view token only comments can be changed') })
    expect(d.state.get().refused).toBe('with a view token only comments can be changed')
    await settle()
    expect(loads).toBe(2)
    // The local copy with the refused comment is dropped; the server's is loaded again.
    expect(d.doc).not.toBe(refusedDoc)
    expect(FakeSocket.last).not.toBe(socket)
    expect(FakeSocket.last?.url).toBe(socket.url)
    expect(d.state.get()).toMatchObject({ threads: [], synced: false, mayComment: false })
    d.dismissRefusal()
    expect(d.state.get().refused).toBeNull()
  })
})

const MESSAGE_SYNC = 0
const MESSAGE_AUTH = 2
const PERMISSION_DENIED = 0

/** y-protocols' permission-denied message, encoded by hand (a short reason: one length byte). */
function permissionDenied(reason: string): ArrayBuffer {
  const text = new TextEncoder().encode(reason)
  return new Uint8Array([MESSAGE_AUTH, PERMISSION_DENIED, text.length, ...text]).buffer
}

/** A WebSocket the test opens and feeds by hand. */
class FakeSocket {
  static last: FakeSocket | null = null
  readonly OPEN = 1
  readyState = 1
  binaryType = 'arraybuffer'
  readonly sent: Uint8Array[] = []
  onopen: (() => void) | null = null
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null
  onclose: ((e: unknown) => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  constructor(readonly url: string) {
    FakeSocket.last = this
  }
  send(data: Uint8Array): void {
    this.sent.push(data)
  }
  close(): void {
    this.readyState = 3
  }
}
