import { Root, seededRandom } from '@gebiedsbord/model'
import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { type MemoryLogger, memoryLogger } from '../logger.ts'
import { RawClient, type StockClient, stockClient, synced } from '../testing/clients.ts'
import { randomEdit } from '../testing/edits.ts'
import { awarenessFrame, readServerMessage, step1Frame, step2Frame, updateFrame } from '../testing/frames.ts'
import { testSeed } from '../testing/seed.ts'
import { storedDoc } from '../testing/stored.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { CloseCode, MessageType, SyncStep } from './protocol.ts'

/** Frames per run; raise it locally for a longer soak: GEBIEDSBORD_FUZZ_FRAMES=50000. */
const FRAMES = Number(process.env.GEBIEDSBORD_FUZZ_FRAMES ?? 5000)
/** A small message limit, so that oversized frames are cheap to make. */
const MAX_MESSAGE_BYTES = 16 * 1024
/** Codes a fuzzed socket may be closed with: the named ones, and ws' own 1009 above the frame ceiling. */
const EXPECTED_CLOSES = new Set<number>([CloseCode.BadMessage, CloseCode.MessageTooBig, 1009])

let server: TestServer | undefined
let clients: StockClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
})

/** JSON with object keys sorted: replicas hold the same map entries in different insertion orders. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  )
}

/** The board's root maps as JSON (getMap also types roots that a replica only received). */
const content = (doc: Y.Doc) => canonical(Object.values(Root).map((name) => doc.getMap(name).toJSON()))

/** Same content, same state vector, same deletions. */
function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b)) && content(a) === content(b)
}

/**
 * Whether a frame is a sync update that Yjs itself would apply as a change to `state`: such a
 * frame is a legitimate edit, so the fuzzer sends it with the view token, where it must be refused.
 */
function isRealEdit(frame: Uint8Array | string, state: Uint8Array): boolean {
  if (typeof frame === 'string') return false
  try {
    const d = decoding.createDecoder(frame)
    if (decoding.readVarUint(d) !== MessageType.sync) return false
    if (decoding.readVarUint(d) === SyncStep.step1) return false
    const update = decoding.readVarUint8Array(d)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    const before = Y.snapshot(doc)
    Y.applyUpdate(doc, update)
    const changed = !Y.equalSnapshots(before, Y.snapshot(doc)) || doc.store.pendingStructs !== null
    doc.destroy()
    return changed
  } catch {
    return false
  }
}

/** Valid frames of every kind, from a replica of the board and a stranger: the seeds of mutation. */
function templates(state: Uint8Array, random: () => number): Uint8Array[] {
  const stranger = new Y.Doc()
  Y.applyUpdate(stranger, state)
  const edits: Uint8Array[] = []
  stranger.on('update', (u: Uint8Array) => edits.push(u))
  for (let i = 0; i < 12; i++) randomEdit(stranger, random)
  const presence = new Awareness(new Y.Doc())
  presence.setLocalState({ user: { name: 'Fuzz', colour: '#ff0000' }, cursor: { x: 1, y: 2 } })
  const frames = [
    step1Frame(stranger),
    step1Frame(new Y.Doc()),
    step2Frame(Y.encodeStateAsUpdate(stranger)),
    step2Frame(Y.encodeStateAsUpdate(new Y.Doc())),
    ...edits.map(updateFrame),
    awarenessFrame(presence),
    new Uint8Array([MessageType.queryAwareness]),
  ]
  presence.destroy()
  stranger.destroy()
  return frames
}

/** One frame of a seeded mix: random bytes, truncations, mutations, text, oversized frames. */
function fuzzFrame(random: () => number, seeds: Uint8Array[]): Uint8Array | string {
  const int = (n: number) => Math.floor(random() * n)
  const pick = () => seeds[int(seeds.length)] as Uint8Array
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256))
  const kind = random()
  if (kind < 0.15) return bytes(int(64))
  if (kind < 0.25)
    return new Uint8Array([int(4), ...Array.from({ length: 1 + int(6) }, () => 0x80 | int(128))])
  if (kind < 0.4) {
    const s = pick()
    return s.slice(0, int(s.length))
  }
  if (kind < 0.8) {
    const s = [...pick()]
    for (let i = 1 + int(4); i > 0; i--) {
      const at = int(s.length + 1)
      const op = random()
      if (op < 0.6) s[at] = int(256)
      else if (op < 0.8) s.splice(at, 0, int(256))
      else s.splice(at, 1)
    }
    return Uint8Array.from(s)
  }
  if (kind < 0.85) return String.fromCharCode(...bytes(int(40)))
  if (kind < 0.9) return new Uint8Array([...pick(), ...bytes(1 + int(8))])
  if (kind < 0.94) return new Uint8Array(MAX_MESSAGE_BYTES + 1 + int(MAX_MESSAGE_BYTES))
  if (kind < 0.95) return new Uint8Array(3 * MAX_MESSAGE_BYTES)
  return pick()
}

/** Sends a frame, then a probe (sync step 1), and waits for the probe's answer or the close. */
async function deliver(socket: RawClient, frame: Uint8Array | string): Promise<void> {
  const answered = socket.messages.length
  socket.send(frame)
  socket.send(step1Frame(new Y.Doc()))
  await socket.until(
    () =>
      socket.closeEvent !== undefined ||
      socket.messages
        .slice(answered)
        .some(
          (m) =>
            readServerMessage(m).type === MessageType.sync && readServerMessage(m).step === SyncStep.step2,
        ),
    'the server to answer or close',
  )
}

describe('fuzzing the sync endpoint', () => {
  it(`survives ${FRAMES} seeded malformed frames while honest clients keep syncing`, async () => {
    const random = seededRandom(testSeed(2024))
    const logger: MemoryLogger = memoryLogger()
    server = await startTestServer({
      logger,
      // High rates: the fuzzer probes after every frame and must not be stopped by rate limits.
      limits: { maxMessageBytes: MAX_MESSAGE_BYTES, updateRate: 1e6, updateBurst: 1e6, awarenessRate: 1e5 },
    })
    const s = server
    const board = await s.createBoard({ name: 'Fuzz' })
    const a = stockClient(s.syncUrl, board.id, board.editToken)
    const b = stockClient(s.syncUrl, board.id, board.editToken)
    clients = [a, b]
    await Promise.all([synced(a), synced(b)])
    for (let i = 0; i < 10; i++) randomEdit(a.doc, random)
    await waitFor(() => sameState(a.doc, b.doc), 'honest clients to agree')

    let state = Y.encodeStateAsUpdate(a.doc)
    const seeds = templates(state, random)
    const sockets: Record<'edit' | 'view', RawClient | undefined> = { edit: undefined, view: undefined }
    const closes = new Map<number, number>()
    let honestEdits = 0

    for (let i = 0; i < FRAMES; i++) {
      const frame = fuzzFrame(random, seeds)
      const access = isRealEdit(frame, state) || random() < 0.3 ? 'view' : 'edit'
      let socket = sockets[access]
      if (!socket || socket.ws.readyState !== WebSocket.OPEN) {
        socket = await RawClient.open(
          s.syncUrl,
          board.id,
          access === 'edit' ? board.editToken : board.viewToken,
        )
        sockets[access] = socket
      }
      await deliver(socket, frame)
      if (socket.closeEvent) closes.set(socket.closeEvent.code, (closes.get(socket.closeEvent.code) ?? 0) + 1)

      if (i % 500 === 499) {
        // The honest clients keep working in the middle of it all.
        randomEdit(a.doc, random)
        honestEdits++
        await waitFor(() => sameState(a.doc, b.doc), 'an honest edit to reach the other client')
        state = Y.encodeStateAsUpdate(a.doc)
      }
    }
    sockets.edit?.close()
    sockets.view?.close()

    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
    expect(a.closes).toEqual([])
    expect(b.closes).toEqual([])
    for (const code of closes.keys()) expect(EXPECTED_CLOSES).toContain(code)
    expect(closes.get(CloseCode.BadMessage) ?? 0).toBeGreaterThan(FRAMES / 10)

    // Storage holds exactly what the honest clients made: no byte of fuzz got in.
    await s.sync.readDoc(board.id, () => undefined)
    const stored = await storedDoc(s.storage, board.id)
    expect(sameState(stored, a.doc)).toBe(true)
    expect(honestEdits).toBeGreaterThan(0)

    // And they still sync afterwards.
    randomEdit(b.doc, random)
    await waitFor(() => sameState(a.doc, b.doc), 'a last honest edit')
    // One log line per socket the server closed for a bad frame.
    const warned = logger.lines.filter((l) => l.msg === 'closing connection').length
    const closedByCore = [...closes.entries()]
      .filter(([code]) => code !== 1009)
      .reduce((n, [, k]) => n + k, 0)
    expect(warned).toBe(closedByCore)
  })
})
