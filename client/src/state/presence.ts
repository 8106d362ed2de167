import type { Vec2 } from '@gebiedsbord/model'
import type { Awareness } from 'y-protocols/awareness'
import type { Identity } from './identity.ts'
import { frameThrottle, Listeners } from './observable.ts'

/** Someone on the board, as their awareness state says (validated: any peer can send anything). */
export interface Peer {
  readonly clientId: number
  readonly name: string
  readonly colour: string
  /** Pointer in world metres, or null when it is off the map. */
  readonly cursor: Vec2 | null
  /** Ids of the blocks they have selected. */
  readonly selection: readonly string[]
  readonly area: string | null
  readonly readOnly: boolean
  readonly self: boolean
}

/** The awareness state this client publishes. */
interface LocalState {
  user: Identity & { readOnly: boolean }
  cursor: Vec2 | null
  selection: string[]
  area: string | null
}

/** Cursor updates per second: the server relays awareness at 20 Hz, more would only be merged away. */
const CURSOR_HZ = 20
const MAX_SELECTION_SHARED = 500

const isColour = (v: unknown): v is string => typeof v === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(v)
const isFinite2 = (v: unknown): v is Vec2 =>
  Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && Number.isFinite(v[1])

function readPeer(clientId: number, state: unknown, self: boolean): Peer | null {
  const s = state as Partial<LocalState> | null
  const user = s?.user
  if (!user || typeof user.name !== 'string') return null
  return {
    clientId,
    name: user.name.slice(0, 40) || '?',
    colour: isColour(user.colour) ? user.colour : '#555555',
    cursor: isFinite2(s.cursor) ? s.cursor : null,
    selection: Array.isArray(s.selection)
      ? s.selection.filter((x): x is string => typeof x === 'string').slice(0, MAX_SELECTION_SHARED)
      : [],
    area: typeof s.area === 'string' ? s.area : null,
    readOnly: user.readOnly === true,
    self,
  }
}

/**
 * Presence on a board over Yjs awareness: who is here, where their pointer is and what they
 * have selected. Remote states are read defensively; cursor updates are throttled to what the
 * server relays anyway.
 */
export class Presence {
  readonly #awareness: Awareness
  readonly #listeners = new Listeners()
  readonly #rosterListeners = new Listeners()
  #peers: Peer[] = []
  #roster: Peer[] = []
  #rosterKey = ''
  // Sixty cursors moving at 20 Hz would otherwise re-read the states a thousand times a second.
  readonly #refresh = frameThrottle(() => this.#read())
  #cursorTimer: ReturnType<typeof setTimeout> | null = null
  #pendingCursor: Vec2 | null | undefined
  #lastCursorAt = 0

  constructor(awareness: Awareness, identity: Identity, readOnly: boolean) {
    this.#awareness = awareness
    awareness.setLocalState({
      user: { ...identity, readOnly },
      cursor: null,
      selection: [],
      area: null,
    } satisfies LocalState)
    awareness.on('change', this.#onChange)
    this.#read()
  }

  /** Everyone on the board, this user first, then by name. */
  peers = (): readonly Peer[] => this.#peers

  subscribe = (fn: () => void): (() => void) => this.#listeners.subscribe(fn)

  /** Everyone on the board, as `peers`, but a new array only when someone joins, leaves or is renamed. */
  roster = (): readonly Peer[] => this.#roster

  subscribeRoster = (fn: () => void): (() => void) => this.#rosterListeners.subscribe(fn)

  /** Changes the name or colour shown to others. */
  setIdentity(identity: Identity): void {
    const cur = this.#awareness.getLocalState() as LocalState | null
    if (cur) this.#awareness.setLocalStateField('user', { ...cur.user, ...identity })
  }

  /** Publishes the pointer position (world metres), at most 20 times a second. */
  setCursor(p: Vec2 | null): void {
    this.#pendingCursor = p
    if (this.#cursorTimer) return
    const wait = Math.max(0, this.#lastCursorAt + 1000 / CURSOR_HZ - performance.now())
    this.#cursorTimer = setTimeout(() => {
      this.#cursorTimer = null
      this.#lastCursorAt = performance.now()
      if (this.#pendingCursor !== undefined) this.#awareness.setLocalStateField('cursor', this.#pendingCursor)
      this.#pendingCursor = undefined
    }, wait)
  }

  /** Publishes what this user has selected, so that others see it outlined in this user's colour. */
  setSelection(blocks: Iterable<string>, area: string | null): void {
    const cur = this.#awareness.getLocalState() as LocalState | null
    if (!cur) return
    this.#awareness.setLocalState({ ...cur, selection: [...blocks].slice(0, MAX_SELECTION_SHARED), area })
  }

  destroy(): void {
    if (this.#cursorTimer) clearTimeout(this.#cursorTimer)
    this.#refresh.cancel()
    this.#awareness.off('change', this.#onChange)
  }

  readonly #onChange = (): void => this.#refresh()

  #read(): void {
    const me = this.#awareness.clientID
    const peers: Peer[] = []
    for (const [id, state] of this.#awareness.getStates()) {
      const p = readPeer(id, state, id === me)
      if (p) peers.push(p)
    }
    peers.sort((a, b) => (a.self ? -1 : b.self ? 1 : a.name.localeCompare(b.name) || a.clientId - b.clientId))
    this.#peers = peers
    this.#listeners.emit()
    const key = peers.map((p) => `${p.clientId}:${p.name}:${p.colour}:${p.readOnly}`).join('|')
    if (key !== this.#rosterKey) {
      this.#rosterKey = key
      this.#roster = peers
      this.#rosterListeners.emit()
    }
  }
}
