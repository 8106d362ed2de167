import type { Vec2 } from '@gebiedsbord/model'
import type { Awareness } from 'y-protocols/awareness'
import type { WebsocketProvider } from 'y-websocket'
import { readViewBox, sameViewBox, type ViewBox } from '../geometry/viewBox.ts'
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
  /** The world box they see; published only while they present or someone follows them. */
  readonly view: ViewBox | null
  /** Whether they present: others follow them by default. */
  readonly presenting: boolean
  /** Counts their "bring everyone to me" calls: a rise asks everyone else to follow them. */
  readonly summon: number
  /** The client id they follow right now, or null. */
  readonly follows: number | null
}

/** The awareness state this client publishes. */
interface LocalState {
  user: Identity & { readOnly: boolean }
  cursor: Vec2 | null
  selection: string[]
  area: string | null
  view: ViewBox | null
  presenting: boolean
  summon: number
  follows: number | null
}

/** Cursor updates per second: the server relays awareness at 20 Hz, more would only be merged away. */
const CURSOR_HZ = 20
const MAX_SELECTION_SHARED = 500
/**
 * Views per second a presenter publishes: followers glide between them each frame, so more would
 * not look smoother, and with 200 followers every view is 200 relayed messages.
 */
export const VIEW_HZ = 10

const isColour = (v: unknown): v is string => typeof v === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(v)
const isFinite2 = (v: unknown): v is Vec2 =>
  Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && Number.isFinite(v[1])
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0

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
    view: readViewBox(s.view),
    presenting: s.presenting === true,
    summon: isCount(s.summon) ? s.summon : 0,
    follows: isCount(s.follows) && s.follows !== clientId ? s.follows : null,
  }
}

/**
 * Presence on a board over Yjs awareness: who is here, where their pointer is, what they have
 * selected, and the presenter/follow fields (`view`, `presenting`, `summon`, `follows`) that
 * `Follow` drives. None of it is ever in the document. Remote states are read defensively;
 * cursor and view updates are throttled to what the server relays and the eye needs.
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
  #viewTimer: ReturnType<typeof setTimeout> | null = null
  #pendingView: ViewBox | null = null
  #lastViewAt = Number.NEGATIVE_INFINITY

  constructor(awareness: Awareness, identity: Identity, readOnly: boolean) {
    this.#awareness = awareness
    awareness.setLocalState({
      user: { ...identity, readOnly },
      cursor: null,
      selection: [],
      area: null,
      view: null,
      presenting: false,
      summon: 0,
      follows: null,
    } satisfies LocalState)
    awareness.on('change', this.#onChange)
    this.#read()
  }

  /** Everyone on the board, this user first, then by name. */
  peers = (): readonly Peer[] => this.#peers

  subscribe = (fn: () => void): (() => void) => this.#listeners.subscribe(fn)

  /**
   * Everyone on the board, as `peers`, but a new array only when someone joins, leaves, is renamed
   * or starts or stops presenting.
   */
  roster = (): readonly Peer[] => this.#roster

  subscribeRoster = (fn: () => void): (() => void) => this.#rosterListeners.subscribe(fn)

  /** This client's awareness id: how others name it in `follows`. */
  get clientId(): number {
    return this.#awareness.clientID
  }

  /** Someone on the board by client id (as of the last read), or undefined. */
  peer(clientId: number): Peer | undefined {
    return this.#peers.find((p) => p.clientId === clientId)
  }

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

  /**
   * Publishes the world box this user sees, at most VIEW_HZ times a second and only when it
   * changed; the latest box always goes out. Null withdraws it at once.
   */
  setView(box: ViewBox | null): void {
    if (box === null) {
      this.#cancelView()
      if (this.#local()?.view !== null) this.#patch({ view: null })
      return
    }
    this.#pendingView = box
    if (this.#viewTimer) return
    const wait = Math.max(0, this.#lastViewAt + 1000 / VIEW_HZ - performance.now())
    if (wait === 0) this.#flushView()
    else this.#viewTimer = setTimeout(() => this.#flushView(), wait)
  }

  /** Starts or stops presenting, publishing the view with it so that followers have it at once. */
  setPresenting(presenting: boolean, view: ViewBox | null): void {
    this.#cancelView()
    this.#lastViewAt = performance.now()
    this.#patch({ presenting, view, ...(presenting ? { follows: null } : {}) })
  }

  /** Asks everyone else to follow this user ("bring everyone to me"), with the view to go to. */
  summon(view: ViewBox): void {
    this.#cancelView()
    this.#lastViewAt = performance.now()
    this.#patch({ summon: (this.#local()?.summon ?? 0) + 1, view, follows: null })
  }

  /** Tells others whom this user follows (null: nobody), so that they know to publish their view. */
  setFollows(clientId: number | null): void {
    if (this.#local()?.follows !== clientId) this.#patch({ follows: clientId })
  }

  destroy(): void {
    this.#cancelView()
    if (this.#cursorTimer) clearTimeout(this.#cursorTimer)
    this.#refresh.cancel()
    this.#awareness.off('change', this.#onChange)
  }

  readonly #onChange = (): void => this.#refresh()

  #local(): LocalState | null {
    return this.#awareness.getLocalState() as LocalState | null
  }

  /** Changes several fields in one awareness update (setLocalStateField would send one each). */
  #patch(fields: Partial<LocalState>): void {
    const cur = this.#local()
    if (cur) this.#awareness.setLocalState({ ...cur, ...fields })
  }

  #flushView(): void {
    this.#viewTimer = null
    const box = this.#pendingView
    this.#pendingView = null
    if (!box || sameViewBox(box, this.#local()?.view ?? null)) return
    this.#lastViewAt = performance.now()
    this.#patch({ view: box })
  }

  #cancelView(): void {
    if (this.#viewTimer) clearTimeout(this.#viewTimer)
    this.#viewTimer = null
    this.#pendingView = null
  }

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
    const key = peers
      .map((p) => `${p.clientId}:${p.name}:${p.colour}:${p.readOnly}:${p.presenting}`)
      .join('|')
    if (key !== this.#rosterKey) {
      this.#rosterKey = key
      this.#roster = peers
      this.#rosterListeners.emit()
    }
  }
}

/** What y-websocket's awareness handler is called with. */
interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * Makes a y-websocket provider send only this client's own awareness. A stock provider sends
 * every change it applies back to the server, other people's included: on a board of 200 each
 * received cursor or view would return as 200 echoes a moment, past the server's inbound limit
 * (ten times its relay rate), which closes the socket with 4429 for good. A stock provider also
 * sends its local time-outs of others' states, which the server refuses as foreign (4403).
 * Returns a function that restores the stock behaviour.
 */
export function sendOwnAwarenessOnly(provider: WebsocketProvider): () => void {
  const awareness = provider.awareness
  const stock = provider._awarenessUpdateHandler
  const own = (changes: AwarenessChanges, origin: unknown): void => {
    const me = awareness.clientID
    const mine = changes.added.includes(me) || changes.updated.includes(me) || changes.removed.includes(me)
    if (!mine || origin === provider) return
    stock(
      {
        added: changes.added.includes(me) ? [me] : [],
        updated: changes.updated.includes(me) ? [me] : [],
        removed: changes.removed.includes(me) ? [me] : [],
      },
      origin,
    )
  }
  awareness.off('update', stock)
  awareness.on('update', own)
  return () => {
    awareness.off('update', own)
    awareness.on('update', stock)
  }
}
