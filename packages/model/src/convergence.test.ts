/**
 * Convergence fuzz, in the style of Yjs' TestConnector and tldraw's sync fuzz: several replicas run
 * random commands concurrently (also on records just deleted elsewhere) while their updates travel
 * through queues delivered at random times; peers drop offline and catch up through a state-vector
 * diff. After everything is flushed, every replica must read the same, fully valid plan.
 *
 * Two topologies:
 * - mesh: every peer sends to every other; each inbox is delivered in random order, so updates often
 *   arrive before those they depend on (Yjs holds them as pending), merged or twice.
 * - relay: every peer talks to one server doc over an ordered link, as with y-websocket, and users
 *   also undo and redo their own edits through createPlanUndoManager. (Not combined with the
 *   mesh's out-of-order delivery: there a record can be briefly unreadable, because Yjs applies a
 *   delete set at once while the struct that replaces the deleted value waits for its predecessors.
 *   A user who deletes a block in that window and undoes gets it back without that property.)
 *
 * Replay one seed: `MODEL_FUZZ_SEED=<seed> npx vitest run packages/model/src/convergence.test.ts`;
 * run more seeds: `MODEL_FUZZ_SEEDS=1000 …`.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  AMENITY_USES,
  type AreaId,
  addArea,
  addBlock,
  addParty,
  areasMap,
  type Block,
  type BlockId,
  type BlockPatch,
  blocksMap,
  createPlanUndoManager,
  type DocProblem,
  decodeRing,
  deleteArea,
  deleteBlock,
  deleteParty,
  GREEN_USES,
  initBoard,
  moveBlock,
  newId,
  PARTY_ROLES,
  type PartyId,
  partiesMap,
  type Ring,
  readBlock,
  readPlan,
  rectangle,
  resizeBlock,
  rotateBlock,
  SEGMENTS,
  seededBytes,
  seededRandom,
  setBlockShape,
  setBoard,
  updateArea,
  updateBlock,
} from './index.ts'

/** Origin of updates applied from the network: they are not sent on again. */
const REMOTE = Symbol('remote')
const SEED_COUNT = Number(process.env.MODEL_FUZZ_SEEDS ?? 40)

interface Peer {
  readonly name: string
  readonly doc: Y.Doc
  /** This user's transaction origin. */
  readonly user: { readonly user: string }
  readonly undo: Y.UndoManager
  /** Updates on their way to this peer (mesh: any order; relay: in order, from the server). */
  inbox: Uint8Array[]
  /** Relay only: updates on their way from this peer to the server, in order. */
  outbox: Uint8Array[]
  online: boolean
}

/** Everything random in a run comes from one seeded stream, so a seed replays exactly. */
class Rng {
  readonly next: () => number
  readonly bytes: ReturnType<typeof seededBytes>
  constructor(seed: number) {
    this.next = seededRandom(seed)
    this.bytes = seededBytes(this.next)
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo)
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list')
    return xs[this.int(xs.length)] as T
  }
  /** Picks a key by weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][]
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0)
    for (const [k, w] of entries) {
      r -= w
      if (r < 0) return k
    }
    return (entries.at(-1) as [K, number])[0]
  }
}

function randomRing(rng: Rng): Ring {
  if (rng.chance(0.7)) return rectangle(rng.range(2, 60), rng.range(2, 60))
  // An irregular polygon around the origin.
  const n = 3 + rng.int(5)
  return Array.from({ length: n }, (_, i) => {
    const a = (i / n) * 2 * Math.PI
    const r = rng.range(3, 30)
    return [r * Math.cos(a), r * Math.sin(a)] as const
  })
}

function randomBlock(rng: Rng, id: BlockId, parties: readonly PartyId[]): Block {
  const common = {
    id,
    x: rng.range(-500, 500),
    y: rng.range(-500, 500),
    rotation: rng.range(-720, 720),
    shape: randomRing(rng),
    floors: 1 + rng.int(12),
    ...(parties.length && rng.chance(0.5) ? { party: rng.pick(parties) } : {}),
    ...(rng.chance(0.5) ? { label: `blok ${rng.int(100)}` } : {}),
  }
  switch (rng.int(6)) {
    case 0:
      return { ...common, kind: 'housing', dwellings: rng.int(300), segment: rng.pick(SEGMENTS) }
    case 1:
      return { ...common, kind: 'amenity', use: rng.pick(AMENITY_USES) }
    case 2:
      return { ...common, kind: 'green', use: rng.pick(GREEN_USES) }
    case 3:
      return { ...common, kind: 'parking', places: rng.int(500) }
    case 4:
      return { ...common, kind: 'work' }
    default:
      return { ...common, kind: 'water' }
  }
}

/** A patch that is valid for the block's kind (or for any block, when it is not known here). */
function randomBlockPatch(rng: Rng, block: Block | undefined, parties: readonly PartyId[]): BlockPatch {
  const patch: {
    -readonly [K in keyof BlockPatch]: BlockPatch[K]
  } = {}
  if (rng.chance(0.4)) patch.floors = 1 + rng.int(20)
  if (rng.chance(0.3)) patch.label = rng.chance(0.3) ? null : `label ${rng.int(1000)}`
  if (rng.chance(0.3)) patch.party = parties.length && rng.chance(0.7) ? rng.pick(parties) : null
  switch (block?.kind) {
    case 'housing':
      if (rng.chance(0.6)) patch.dwellings = rng.int(400)
      if (rng.chance(0.4)) patch.segment = rng.pick(SEGMENTS)
      break
    case 'amenity':
      if (rng.chance(0.6)) patch.use = rng.pick(AMENITY_USES)
      break
    case 'green':
      if (rng.chance(0.6)) patch.use = rng.pick(GREEN_USES)
      break
    case 'parking':
      if (rng.chance(0.6)) patch.places = rng.int(600)
      break
    default:
      break
  }
  return patch
}

const COMMAND_WEIGHTS: Readonly<Record<string, number>> = {
  addBlock: 14,
  moveBlock: 12,
  resizeBlock: 7,
  rotateBlock: 7,
  updateBlock: 12,
  setBlockShape: 3,
  deleteBlock: 6,
  addArea: 5,
  updateArea: 6,
  deleteArea: 3,
  addParty: 4,
  deleteParty: 2,
  setBoard: 2,
  undo: 8,
  redo: 4,
}
const NO_UNDO = { ...COMMAND_WEIGHTS, undo: 0, redo: 0 }

interface World {
  readonly rng: Rng
  readonly blocks: BlockId[]
  readonly areas: AreaId[]
  readonly parties: PartyId[]
  /** Recently deleted ids, so that edits on records just deleted elsewhere come up often. */
  readonly deletedBlocks: BlockId[]
  /** Whether users also undo and redo their own edits. */
  readonly undo: boolean
}

/** Picks a target id: any ever created (maybe deleted or not yet seen here), often a fresh deletion. */
function target<T>(rng: Rng, all: readonly T[], deleted: readonly T[]): T | undefined {
  if (deleted.length && rng.chance(0.2)) return rng.pick(deleted)
  return all.length ? rng.pick(all) : undefined
}

/** Runs one random command on a peer and checks the command's own contract on the way. */
function randomCommand(world: World, peer: Peer): string {
  const { rng } = world
  const { doc, user } = peer
  const kind = rng.weighted(world.undo ? COMMAND_WEIGHTS : NO_UNDO)
  const expectResult = (result: boolean, existed: boolean, before: Uint8Array) => {
    expect(result, `${kind} result`).toBe(existed)
    if (!existed) expect(Y.encodeStateVector(doc), `${kind} on a missing record wrote`).toEqual(before)
  }
  const blockCommand = (run: (id: BlockId) => boolean, needsShape = false) => {
    const id = target(rng, world.blocks, world.deletedBlocks)
    if (!id) return
    // A record can be briefly unreadable while out-of-order updates are pending: Yjs applies a
    // delete set at once (here: of the old shape) while the struct replacing it waits for its
    // causal predecessors. resizeBlock needs the stored shape, so it declines then.
    const record = blocksMap(doc).get(id)
    const existed = record !== undefined && (!needsShape || decodeRing(record.get('shape')).ok)
    const before = Y.encodeStateVector(doc)
    expectResult(run(id), existed, before)
  }
  switch (kind) {
    case 'addBlock': {
      const id = newId<BlockId>(rng.bytes)
      world.blocks.push(id)
      addBlock(doc, randomBlock(rng, id, world.parties), user)
      break
    }
    case 'moveBlock':
      blockCommand((id) => moveBlock(doc, id, [rng.range(-500, 500), rng.range(-500, 500)], user))
      break
    case 'resizeBlock':
      blockCommand((id) => resizeBlock(doc, id, rng.range(0.5, 2), rng.range(0.5, 2), user), true)
      break
    case 'rotateBlock':
      blockCommand((id) => rotateBlock(doc, id, rng.range(-1000, 1000), user))
      break
    case 'setBlockShape':
      blockCommand((id) => setBlockShape(doc, id, randomRing(rng), user))
      break
    case 'updateBlock':
      blockCommand((id) =>
        updateBlock(doc, id, randomBlockPatch(rng, readBlock(doc, id), world.parties), user),
      )
      break
    case 'deleteBlock':
      blockCommand((id) => {
        const deleted = deleteBlock(doc, id, user)
        if (deleted) world.deletedBlocks.push(id)
        if (world.deletedBlocks.length > 8) world.deletedBlocks.shift()
        return deleted
      })
      break
    case 'addArea': {
      const id = newId<AreaId>(rng.bytes)
      world.areas.push(id)
      const area = {
        id,
        name: `gebied ${rng.int(100)}`,
        polygon: randomRing(rng),
        ...(rng.chance(0.5) ? { areaType: rng.pick(['stedelijk', 'dorps', 'groen-stedelijk']) } : {}),
        ...(rng.chance(0.3) ? { catchment: rng.pick(['noord', 'zuid']) } : {}),
      }
      addArea(doc, area, user)
      break
    }
    case 'updateArea': {
      const id = target(rng, world.areas, [])
      if (!id) break
      const existed = areasMap(doc).has(id)
      const before = Y.encodeStateVector(doc)
      const result = updateArea(
        doc,
        id,
        {
          ...(rng.chance(0.5) ? { name: `gebied ${rng.int(100)}` } : {}),
          ...(rng.chance(0.3) ? { areaType: rng.chance(0.3) ? null : 'stedelijk' } : {}),
          ...(rng.chance(0.3) ? { normSetId: rng.chance(0.3) ? null : 'nl-2024' } : {}),
          ...(rng.chance(0.3) ? { catchment: rng.chance(0.3) ? null : 'oost' } : {}),
          ...(rng.chance(0.4) ? { polygon: randomRing(rng) } : {}),
        },
        user,
      )
      expectResult(result, existed, before)
      break
    }
    case 'deleteArea': {
      const id = target(rng, world.areas, [])
      if (!id) break
      const existed = areasMap(doc).has(id)
      const before = Y.encodeStateVector(doc)
      expectResult(deleteArea(doc, id, user), existed, before)
      break
    }
    case 'addParty': {
      const id = newId<PartyId>(rng.bytes)
      world.parties.push(id)
      addParty(
        doc,
        { id, name: `partij ${rng.int(100)}`, role: rng.pick(PARTY_ROLES), colour: `#${rng.int(0xffffff)}` },
        user,
      )
      break
    }
    case 'deleteParty': {
      const id = target(rng, world.parties, [])
      if (!id) break
      const existed = partiesMap(doc).has(id)
      const before = Y.encodeStateVector(doc)
      expectResult(deleteParty(doc, id, user), existed, before)
      break
    }
    case 'setBoard':
      setBoard(
        doc,
        rng.chance(0.5)
          ? { name: `bord ${rng.int(100)}` }
          : { frame: { kind: rng.chance(0.5) ? 'rd-new' : 'local' }, normSetId: 'nl-2024' },
        user,
      )
      break
    case 'undo':
      peer.undo.undo()
      break
    case 'redo':
      peer.undo.redo()
      break
  }
  return kind
}

function makePeers(rng: Rng, count: number): Peer[] {
  // Distinct client ids, derived from the seed.
  const clientIds = new Set<number>()
  while (clientIds.size < count) clientIds.add(1 + rng.int(0x7ffffffe))
  return [...clientIds].map((clientID, i) => {
    const doc = new Y.Doc()
    doc.clientID = clientID
    const user = { user: `user-${i}` }
    const undo = createPlanUndoManager(doc, user, { captureTimeout: 0 })
    return { name: `peer ${i} (client ${clientID})`, doc, user, undo, inbox: [], outbox: [], online: true }
  })
}

/** Mesh: delivers one message from a peer's inbox, picked at random (so out of causal order). */
function deliverAnyOne(rng: Rng, peer: Peer): void {
  if (peer.inbox.length > 1 && rng.chance(0.15)) {
    // Several updates merged into one message, as a server batching them would send.
    const count = 2 + rng.int(Math.min(4, peer.inbox.length - 1))
    const batch: Uint8Array[] = []
    for (let i = 0; i < count; i++) batch.push(...peer.inbox.splice(rng.int(peer.inbox.length), 1))
    Y.applyUpdate(peer.doc, Y.mergeUpdates(batch), REMOTE)
    return
  }
  const [update] = peer.inbox.splice(rng.int(peer.inbox.length), 1)
  if (!update) return
  Y.applyUpdate(peer.doc, update, REMOTE)
  // Now and then the network delivers a message twice.
  if (rng.chance(0.05)) peer.inbox.push(update)
}

/** What `to` lacks of `from`, computed from its state vector (sync step 2). */
const diff = (from: Y.Doc, to: Y.Doc): Uint8Array => Y.encodeStateAsUpdate(from, Y.encodeStateVector(to))

function runMesh(rng: Rng, world: World, peers: Peer[], steps: number, log: string[]): Y.Doc[] {
  for (const peer of peers)
    peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // Remote updates are not relayed (full mesh); an offline peer's edits wait for its reconnect.
      if (origin === REMOTE || !peer.online) return
      for (const other of peers) if (other !== peer && other.online) other.inbox.push(update)
    })
  // What each peer did before it connected (initBoard) goes out first.
  for (const peer of peers)
    for (const other of peers) if (other !== peer) other.inbox.push(Y.encodeStateAsUpdate(peer.doc))
  for (let step = 0; step < steps; step++) {
    const peer = rng.pick(peers)
    const action = rng.weighted({ command: 55, deliver: 30, drain: 6, connectivity: 5, sync: 4 })
    switch (action) {
      case 'command':
        log.push(`${step}: ${peer.name} ${randomCommand(world, peer)}`)
        break
      case 'deliver':
        for (let n = 1 + rng.int(3); n > 0 && peer.online && peer.inbox.length; n--) deliverAnyOne(rng, peer)
        break
      case 'drain':
        while (peer.online && peer.inbox.length) deliverAnyOne(rng, peer)
        break
      case 'connectivity':
        if (peer.online) {
          peer.online = false
          // What was in flight to a peer that drops off may be lost.
          if (rng.chance(0.5)) peer.inbox = []
        } else {
          peer.online = true
          for (const other of peers)
            if (other !== peer && other.online) {
              peer.inbox.push(diff(other.doc, peer.doc))
              other.inbox.push(diff(peer.doc, other.doc))
            }
        }
        log.push(`${step}: ${peer.name} ${peer.online ? 'online' : 'offline'}`)
        break
      case 'sync': {
        const other = rng.pick(peers)
        if (other !== peer && peer.online && other.online) peer.inbox.push(diff(other.doc, peer.doc))
        break
      }
    }
  }
  // Flush: everyone online, every queued message delivered in random order, then anti-entropy
  // between every pair until nothing is missing anywhere.
  for (const peer of peers) peer.online = true
  for (let waiting = peers.filter((p) => p.inbox.length); waiting.length; ) {
    deliverAnyOne(rng, rng.pick(waiting))
    waiting = peers.filter((p) => p.inbox.length)
  }
  for (let round = 0; round < 2; round++)
    for (const a of peers)
      for (const b of peers) if (a !== b) Y.applyUpdate(b.doc, diff(a.doc, b.doc), REMOTE)
  return peers.map((p) => p.doc)
}

function runRelay(rng: Rng, world: World, peers: Peer[], steps: number, log: string[]): Y.Doc[] {
  const server = new Y.Doc()
  server.clientID = 0
  for (const peer of peers)
    peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE && peer.online) peer.outbox.push(update)
    })
  // The server forwards whatever it integrates to every other connected peer, in order.
  server.on('update', (update: Uint8Array, origin: unknown) => {
    for (const peer of peers) if (peer !== origin && peer.online) peer.inbox.push(update)
  })
  const up = (peer: Peer) => {
    const u = peer.outbox.shift()
    if (u) Y.applyUpdate(server, u, peer)
  }
  const down = (peer: Peer) => {
    const u = peer.inbox.shift()
    if (u) Y.applyUpdate(peer.doc, u, REMOTE)
  }
  const connect = (peer: Peer) => {
    peer.online = true
    peer.inbox.push(diff(server, peer.doc))
    peer.outbox.push(diff(peer.doc, server))
  }
  for (const peer of peers) connect(peer)
  for (let step = 0; step < steps; step++) {
    const peer = rng.pick(peers)
    const action = rng.weighted({ command: 55, up: 18, down: 18, drain: 5, connectivity: 4 })
    switch (action) {
      case 'command':
        log.push(`${step}: ${peer.name} ${randomCommand(world, peer)}`)
        break
      case 'up':
        for (let n = 1 + rng.int(3); n > 0 && peer.online; n--) up(peer)
        break
      case 'down':
        for (let n = 1 + rng.int(3); n > 0 && peer.online; n--) down(peer)
        break
      case 'drain':
        while (peer.online && (peer.inbox.length || peer.outbox.length))
          rng.chance(0.5) ? up(peer) : down(peer)
        break
      case 'connectivity':
        if (peer.online) {
          // The connection drops with whatever was in flight on it.
          peer.online = false
          peer.inbox = []
          peer.outbox = []
        } else connect(peer)
        log.push(`${step}: ${peer.name} ${peer.online ? 'online' : 'offline'}`)
        break
    }
  }
  for (const peer of peers) if (!peer.online) connect(peer)
  for (let busy = peers.filter((p) => p.inbox.length || p.outbox.length); busy.length; ) {
    const peer = rng.pick(busy)
    if (peer.outbox.length && (rng.chance(0.5) || !peer.inbox.length)) up(peer)
    else down(peer)
    busy = peers.filter((p) => p.inbox.length || p.outbox.length)
  }
  return [server, ...peers.map((p) => p.doc)]
}

function sortedStateVector(doc: Y.Doc): [number, number][] {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0])
}

/** All replicas hold the same state and read the same plan, without a single unreadable record. */
function expectConverged(docs: readonly Y.Doc[]): void {
  const [first, ...rest] = docs as [Y.Doc, ...Y.Doc[]]
  const problems: DocProblem[] = []
  const plan = readPlan(first, problems)
  expect(problems, 'unreadable records').toEqual([])
  for (const block of plan.blocks) {
    expect(block.rotation).toBeGreaterThanOrEqual(0)
    expect(block.rotation).toBeLessThan(360)
  }
  for (const [i, doc] of docs.entries()) {
    expect(doc.store.pendingStructs, `replica ${i} holds pending structs`).toBeNull()
    expect(doc.store.pendingDs, `replica ${i} holds a pending delete set`).toBeNull()
  }
  for (const [i, doc] of rest.entries()) {
    const theirs: DocProblem[] = []
    expect(readPlan(doc, theirs), `replica ${i + 1} reads another plan than replica 0`).toEqual(plan)
    expect(theirs, `replica ${i + 1} has unreadable records`).toEqual([])
    expect(sortedStateVector(doc), `replica ${i + 1} state vector`).toEqual(sortedStateVector(first))
    expect(Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(first)), `replica ${i + 1} snapshot`).toBe(true)
    expect(doc.toJSON(), `replica ${i + 1} raw doc`).toEqual(first.toJSON())
  }
}

type Topology = 'mesh' | 'relay'

function runSeed(seed: number, topology: Topology): void {
  const rng = new Rng(seed)
  const peers = makePeers(rng, 3 + rng.int(3))
  const steps = 100 + rng.int(201)
  const world: World = {
    rng,
    blocks: [],
    areas: [],
    parties: [],
    deletedBlocks: [],
    undo: topology === 'relay',
  }
  // Every replica initialises the board before it has heard of the others: concurrent migration.
  for (const [i, peer] of peers.entries())
    initBoard(peer.doc, { name: `bord ${i}`, frame: { kind: 'local' } })
  const log: string[] = []
  const docs = (topology === 'mesh' ? runMesh : runRelay)(rng, world, peers, steps, log)
  try {
    expect(log.length, 'commands run').toBeGreaterThan(20)
    expectConverged(docs)
  } catch (e) {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\nlast steps:\n${log.slice(-12).join('\n')}`,
      {
        cause: e,
      },
    )
  }
}

const replay = process.env.MODEL_FUZZ_SEED
const seeds = replay !== undefined ? [Number(replay)] : Array.from({ length: SEED_COUNT }, (_, i) => i + 1)

for (const topology of ['mesh', 'relay'] as const) {
  describe(`replicas converge under random concurrent commands (${topology})`, () => {
    for (const seed of seeds) {
      it(`seed ${seed}`, () => {
        try {
          runSeed(seed, topology)
        } catch (e) {
          throw new Error(
            `${topology} seed ${seed} (replay: MODEL_FUZZ_SEED=${seed}): ${e instanceof Error ? e.message : String(e)}`,
            { cause: e },
          )
        }
      })
    }
  })
}

describe('the fuzz itself', () => {
  it('replays exactly for a seed', () => {
    const run = () => {
      const rng = new Rng(7)
      const [peer] = makePeers(rng, 1) as [Peer]
      const world: World = { rng, blocks: [], areas: [], parties: [], deletedBlocks: [], undo: true }
      const kinds = Array.from({ length: 150 }, () => randomCommand(world, peer))
      return { kinds, plan: readPlan(peer.doc), update: Y.encodeStateAsUpdate(peer.doc) }
    }
    const a = run()
    const b = run()
    expect(a.plan.blocks.length).toBeGreaterThan(0)
    expect(a).toEqual(b)
  })

  it('draws every command kind', () => {
    const rng = new Rng(1)
    const [peer] = makePeers(rng, 1) as [Peer]
    const world: World = { rng, blocks: [], areas: [], parties: [], deletedBlocks: [], undo: true }
    const kinds = new Set(Array.from({ length: 2000 }, () => randomCommand(world, peer)))
    expect([...kinds].sort()).toEqual(Object.keys(COMMAND_WEIGHTS).sort())
  })
})
