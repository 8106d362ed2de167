import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  outdatedTimeout,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { AwarenessEntry } from './messages.ts'

/** How often outdated awareness states are looked for: as often as y-protocols does (a tenth of the timeout). */
export const PRESENCE_CHECK_MS = outdatedTimeout / 10

/** The origin of awareness changes relayed from another server instance. */
const REMOTE = Symbol('remote instance')

/** Someone who may announce awareness states: a connection. */
export interface PresenceOwner {
  /** Records that this owner now speaks for (`speaks`) or no longer speaks for a client id. */
  ownAwarenessClient(client: number, speaks: boolean): void
  /** Relays these changed client ids to everyone (throttled per owner). */
  queueAwareness(clients: readonly number[]): void
}

/** What changed in an awareness, as y-protocols reports it. */
interface AwarenessChange {
  readonly added: number[]
  readonly updated: number[]
  readonly removed: number[]
}

/**
 * The awareness states (presence, cursors) of one board's participants and which connection
 * speaks for each client id. A room creates it when the first awareness message arrives: a board
 * nobody announces presence on costs no awareness at all.
 *
 * The awareness lives on a Y.Doc of its own so that the board doc can be rebuilt under it. Its
 * own 3 s timer is stopped: one `PresenceExpiry` timer per server removes outdated states of
 * every board instead.
 */
export class Presence {
  readonly #awareness: Awareness
  /** Which owner speaks for each awareness client id: one lookup per entry, however many follow. */
  readonly #owners = new Map<number, PresenceOwner>()

  constructor(
    /** Sends the states of `clients` to every connection here (after a leave, a timeout or a remote change). */
    private readonly broadcast: (clients: number[]) => void,
    private readonly expiry: PresenceExpiry,
  ) {
    this.#awareness = new Awareness(new Y.Doc())
    clearInterval(this.#awareness._checkInterval)
    // The server is not a participant: it has no presence of its own to announce.
    this.#awareness.setLocalState(null)
    this.#awareness.on('update', (change: AwarenessChange, origin: unknown) => this.#changed(change, origin))
    expiry.add(this)
  }

  /** Client ids that have a state. */
  clients(): number[] {
    return [...this.#awareness.getStates().keys()]
  }

  /** The participant name a client's state gives (`user.name`, as the client publishes it), if any. */
  nameOf(client: number): string | undefined {
    const state = this.#awareness.getStates().get(client) as { user?: { name?: unknown } } | undefined
    const name = state?.user?.name
    return typeof name === 'string' ? name : undefined
  }

  /** The encoded awareness update carrying the current states of `clients`. */
  encode(clients: readonly number[]): Uint8Array {
    return encodeAwarenessUpdate(this.#awareness, [...clients])
  }

  /**
   * Whether an awareness update would change a state that another owner speaks for: 'set' for a
   * new state (a fake cursor or name), 'removed' when its only foreign changes are removals,
   * 'none' otherwise. Stock clients echo every state they receive with the clock they got it
   * with, which changes nothing; and a stock client whose timer gave up on a quiet participant
   * sends that removal: the room ignores it rather than closing an honest client for it.
   */
  foreignChange(owner: PresenceOwner, entries: readonly AwarenessEntry[]): 'none' | 'removed' | 'set' {
    let removed = false
    for (const e of entries) {
      const speaker = this.#owners.get(e.client)
      if (speaker === undefined || speaker === owner) continue
      const known = this.#awareness.meta.get(e.client)?.clock ?? -1
      // y-protocols applies a newer clock, or a removal at the same clock of a state it still has.
      const applies =
        e.clock > known || (e.clock === known && e.removes && this.#awareness.states.has(e.client))
      if (!applies) continue
      if (!e.removes) return 'set'
      removed = true
    }
    return removed ? 'removed' : 'none'
  }

  /** Applies an owner's awareness update (throws when y-protocols cannot apply it). */
  apply(owner: PresenceOwner, update: Uint8Array): void {
    applyAwarenessUpdate(this.#awareness, update, owner)
  }

  /**
   * Applies an awareness update another server instance relayed (throws when y-protocols cannot
   * apply it). Its states belong to no connection here, so a client that moves to this instance
   * takes its own state over; the changes are relayed to every connection at once (the sending
   * instance throttled them already).
   */
  applyRemote(update: Uint8Array): void {
    applyAwarenessUpdate(this.#awareness, update, REMOTE)
  }

  /** Removes the states of these client ids (their connection left) and tells everyone. */
  remove(clients: readonly number[]): void {
    if (clients.length > 0) removeAwarenessStates(this.#awareness, [...clients], null)
  }

  /** Removes the states not renewed for `outdatedTimeout` ms before `now`, as y-protocols' own timer would. */
  expire(now: number): void {
    const outdated: number[] = []
    for (const [client, meta] of this.#awareness.meta)
      if (now - meta.lastUpdated >= outdatedTimeout && this.#awareness.states.has(client))
        outdated.push(client)
    if (outdated.length > 0) removeAwarenessStates(this.#awareness, outdated, 'timeout')
  }

  destroy(): void {
    this.expiry.delete(this)
    this.#awareness.destroy()
    this.#awareness.doc.destroy()
  }

  #changed(change: AwarenessChange, origin: unknown): void {
    const changed = [...change.added, ...change.updated, ...change.removed]
    const owner = origin !== null && typeof origin === 'object' && this.#isOwner(origin) ? origin : undefined
    if (owner) {
      for (const c of [...change.added, ...change.updated]) {
        owner.ownAwarenessClient(c, true)
        this.#owners.set(c, owner)
      }
      for (const c of change.removed) {
        owner.ownAwarenessClient(c, false)
        this.#owners.delete(c)
      }
      owner.queueAwareness(changed)
    } else {
      for (const c of change.removed) this.#owners.delete(c)
      // A connection left or a state timed out: tell everyone at once.
      this.broadcast(changed)
    }
  }

  #isOwner(origin: object): origin is PresenceOwner {
    return 'ownAwarenessClient' in origin && 'queueAwareness' in origin
  }
}

/**
 * One timer for the whole server that removes outdated awareness states (y-protocols would run
 * one per board). It runs only while some board has presence.
 */
export class PresenceExpiry {
  readonly #presences = new Set<Presence>()
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(private readonly now: () => number = Date.now) {}

  add(presence: Presence): void {
    this.#presences.add(presence)
    if (this.#timer) return
    this.#timer = setInterval(() => this.check(), PRESENCE_CHECK_MS)
    this.#timer.unref()
  }

  delete(presence: Presence): void {
    this.#presences.delete(presence)
    if (this.#presences.size > 0) return
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** Expires outdated states on every board now (the timer calls this). */
  check(): void {
    const now = this.now()
    for (const p of this.#presences) p.expire(now)
  }
}
