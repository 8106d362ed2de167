import type { Camera, ViewportSize } from '../geometry/camera.ts'
import { cameraForViewBox, easeCamera, sameViewBox, type ViewBox, viewBoxOf } from '../geometry/viewBox.ts'
import { Cell, cancelFrame, requestFrame } from './observable.ts'
import type { Peer, Presence } from './presence.ts'

/** Whether this user follows someone: gliding along (`following`), or panned away (`detached`, can return). */
export type FollowMode = 'off' | 'following' | 'detached'

/**
 * Why this user follows: a presentation started (`presenting`, ends with it), they clicked a
 * participant (`chosen`), or an editor brought everyone to them (`summoned`).
 */
export type FollowReason = 'presenting' | 'chosen' | 'summoned'

/** Someone to follow, as the follow bar names them. */
export interface Leader {
  readonly clientId: number
  readonly name: string
  readonly colour: string
}

/** What the follow bar and the participants list show. */
export interface FollowState {
  readonly mode: FollowMode
  /** Whom this user follows, or (detached) whom "return" goes back to. */
  readonly leader: Leader | null
  readonly reason: FollowReason | null
  /** Whether this user presents. */
  readonly presenting: boolean
  /** How many others follow this user right now. */
  readonly followers: number
  /** Someone presenting whom this user does not follow (they stopped): offered in the bar. */
  readonly offer: Leader | null
}

/** The camera and canvas size this user looks through (the session's `ViewState`). */
export interface FollowView {
  readonly camera: Cell<Camera>
  readonly size: Cell<ViewportSize>
}

const OFF: FollowState = {
  mode: 'off',
  leader: null,
  reason: null,
  presenting: false,
  followers: 0,
  offer: null,
}

/** The first glide frame pretends one frame has passed, so that it already moves. */
const NOMINAL_FRAME_MS = 16
/**
 * How long "bring everyone to me" keeps this user's view published without knowing any
 * follower: the others announce that they follow only after the summon has reached them.
 */
export const SUMMON_GRACE_MS = 5000
/** Longest chain of follows checked for a cycle (A follows B follows A would zoom out forever). */
const MAX_CHAIN = 16

const leaderOf = (p: Peer): Leader => ({ clientId: p.clientId, name: p.name, colour: p.colour })
const stateKey = (s: FollowState): string =>
  [
    s.mode,
    s.leader?.clientId,
    s.leader?.name,
    s.leader?.colour,
    s.reason,
    s.presenting,
    s.followers,
    s.offer?.clientId,
    s.offer?.name,
    s.offer?.colour,
  ].join('|')

/**
 * Presenting and following, without React: whom this user follows and whether they broke off,
 * the camera gliding towards the leader's latest view once per animation frame, and what this
 * user publishes in awareness (its view only while it presents or someone follows it, so that
 * 200 followers do not each broadcast their camera).
 *
 * Rules: a participant who starts presenting is followed by everyone else by default (unless
 * they present too, or stopped following that presentation); panning or zooming oneself breaks
 * off until `resume`; an editor's "bring everyone to me" makes every other participant follow
 * them, presenters included. Remote states are untrusted and come validated from `Presence`.
 */
export class Follow {
  /** What the UI renders; a new value only when something it shows changed. */
  readonly state = new Cell<FollowState>(OFF)
  readonly #presence: Presence
  readonly #view: FollowView
  readonly #readOnly: boolean
  #mode: FollowMode = 'off'
  #target: number | null = null
  #reason: FollowReason | null = null
  #presenting = false
  #followers = 0
  #offer: Leader | null = null
  /** The camera the glide heads for, and the leader's view it was made from. */
  #goal: Camera | null = null
  #goalView: ViewBox | null = null
  /** The camera this module set last: any other camera change is the user's own. */
  #applied: Camera | null = null
  #frame: number | null = null
  #lastStep = 0
  #publishing = false
  #summonUntil = Number.NEGATIVE_INFINITY
  #summonTimer: ReturnType<typeof setTimeout> | null = null
  /** Who presented at the last read: a presentation starts when someone joins this set. */
  readonly #seenPresenting = new Set<number>()
  readonly #seenSummon = new Map<number, number>()
  /** Presenters this user stopped following: not followed again until they present anew. */
  readonly #declined = new Set<number>()
  readonly #cleanup: (() => void)[]

  constructor(presence: Presence, view: FollowView, readOnly: boolean) {
    this.#presence = presence
    this.#view = view
    this.#readOnly = readOnly
    this.#cleanup = [
      presence.subscribe(() => this.#onPeers()),
      view.camera.subscribe((c) => this.#onCamera(c)),
      view.size.subscribe(() => this.#onSize()),
    ]
    this.#onPeers()
  }

  /** Follows a participant (clicked in the participants list, or the offer in the follow bar). */
  follow(clientId: number, reason: FollowReason = 'chosen'): void {
    if (clientId === this.#presence.clientId) return
    if (this.#presenting) this.#setPresenting(false)
    this.#target = clientId
    this.#reason = reason
    this.#mode = 'following'
    this.#declined.delete(clientId)
    this.#presence.setFollows(clientId)
    this.#goalView = null
    this.#aim()
    this.#emit()
  }

  /** Stops following; a presentation stopped this way is not followed again until it restarts. */
  stop(): void {
    if (this.#reason === 'presenting' && this.#target !== null) this.#declined.add(this.#target)
    this.#end()
  }

  /** Returns to the leader after panning away ("following X — return"). */
  resume(): void {
    if (this.#mode !== 'detached' || this.#target === null) return
    this.#mode = 'following'
    this.#presence.setFollows(this.#target)
    this.#goalView = null
    this.#aim()
    this.#emit()
  }

  /** A click on a participant: follow them, return to them, or stop following them. */
  toggle(clientId: number): void {
    if (this.#target !== clientId || this.#mode === 'off') this.follow(clientId)
    else if (this.#mode === 'detached') this.resume()
    else this.stop()
  }

  /** Starts or stops presenting; presenting ends following anyone. */
  present(on: boolean): void {
    if (on === this.#presenting) return
    if (on && this.#mode !== 'off') this.#end()
    this.#setPresenting(on)
    this.#emit()
  }

  /** "Bring everyone to me": every other participant follows this user. Editors only. */
  summonEveryone(): void {
    if (this.#readOnly) return
    if (this.#mode !== 'off') this.#end()
    this.#summonUntil = performance.now() + SUMMON_GRACE_MS
    this.#presence.summon(this.#ownView())
    if (this.#summonTimer) clearTimeout(this.#summonTimer)
    this.#summonTimer = setTimeout(() => {
      this.#summonTimer = null
      this.#updatePublishing()
    }, SUMMON_GRACE_MS)
    this.#publishing = true
  }

  /** Whether the camera is the leader's to move: the map's own zoom-to-fit then stands aside. */
  isFollowing(): boolean {
    return this.#mode === 'following'
  }

  /** What the leader has selected while this user follows them, for the map to show first. */
  leaderSelection(): { readonly blocks: readonly string[]; readonly area: string | null } | null {
    if (this.#mode !== 'following' || this.#target === null) return null
    const p = this.#presence.peer(this.#target)
    return p ? { blocks: p.selection, area: p.area } : null
  }

  destroy(): void {
    for (const f of this.#cleanup) f()
    this.#cancelFrame()
    if (this.#summonTimer) clearTimeout(this.#summonTimer)
  }

  #ownView(): ViewBox {
    return viewBoxOf(this.#view.camera.get(), this.#view.size.get())
  }

  #setPresenting(on: boolean): void {
    this.#presenting = on
    this.#presence.setPresenting(on, on ? this.#ownView() : null)
    this.#publishing = on
    if (!on) this.#updatePublishing()
  }

  #onPeers(): void {
    const me = this.#presence.clientId
    const byId = new Map<number, Peer>()
    let followers = 0
    let started: Peer | null = null
    let summoner: Peer | null = null
    let presenter: Peer | null = null
    for (const p of this.#presence.peers()) {
      if (p.self) continue
      const id = p.clientId
      byId.set(id, p)
      if (p.follows === me) followers++
      if (p.presenting) {
        presenter ??= p
        if (!this.#seenPresenting.has(id)) {
          this.#seenPresenting.add(id)
          started ??= p
        }
      } else if (this.#seenPresenting.delete(id)) this.#declined.delete(id)
      // A summon counts from the second sighting: joining after it was made brings no one.
      const before = this.#seenSummon.get(id)
      this.#seenSummon.set(id, p.summon)
      // The client offers summoning to editors only. `readOnly` is what a peer says of itself, so
      // a tampered viewer could still summon: harmless, as one pan breaks off.
      if (before !== undefined && p.summon > before && !p.readOnly) summoner = p
    }
    for (const id of this.#seenSummon.keys()) if (!byId.has(id)) this.#seenSummon.delete(id)
    for (const id of this.#seenPresenting) if (!byId.has(id)) this.#seenPresenting.delete(id)

    if (summoner) this.follow(summoner.clientId, 'summoned')
    else if (started && !this.#presenting && !this.#declined.has(started.clientId))
      this.follow(started.clientId, 'presenting')

    if (this.#target !== null) {
      const leader = byId.get(this.#target)
      if (!leader || (this.#reason === 'presenting' && !leader.presenting)) this.#end()
      else this.#aim(leader, byId)
    }
    this.#offer = this.#mode === 'off' && !this.#presenting && presenter ? leaderOf(presenter) : null
    this.#followers = followers
    this.#updatePublishing()
    this.#emit()
  }

  #onCamera(c: Camera): void {
    if (c !== this.#applied && this.#mode === 'following') {
      // The user panned or zoomed: break off, keep the leader for "return".
      this.#mode = 'detached'
      this.#cancelFrame()
      this.#presence.setFollows(null)
      this.#emit()
    }
    if (this.#publishing) this.#presence.setView(viewBoxOf(c, this.#view.size.get()))
  }

  #onSize(): void {
    if (this.#mode === 'following') {
      this.#goalView = null
      this.#aim()
    }
    if (this.#publishing) this.#presence.setView(this.#ownView())
  }

  /** Points the glide at the leader's latest view (unless it is unknown or unchanged). */
  #aim(leader?: Peer, byId?: ReadonlyMap<number, Peer>): void {
    if (this.#mode !== 'following' || this.#target === null) return
    const p = leader ?? this.#presence.peer(this.#target)
    const view = p?.view ?? null
    if (!p || !view || sameViewBox(view, this.#goalView)) return
    if (byId && this.#leadsBackToMe(p, byId)) return
    this.#goalView = view
    this.#goal = cameraForViewBox(view, this.#view.size.get())
    if (this.#frame === null) {
      this.#lastStep = performance.now() - NOMINAL_FRAME_MS
      this.#frame = requestFrame(this.#step)
    }
  }

  /** Whether the leader follows, directly or through others, this user: then nobody moves. */
  #leadsBackToMe(leader: Peer, byId: ReadonlyMap<number, Peer>): boolean {
    let p: Peer | undefined = leader
    for (let i = 0; p && i < MAX_CHAIN; i++) {
      if (p.follows === this.#presence.clientId) return true
      p = p.follows === null ? undefined : byId.get(p.follows)
    }
    return false
  }

  readonly #step = (): void => {
    this.#frame = null
    const goal = this.#goal
    if (this.#mode !== 'following' || !goal) return
    const now = performance.now()
    const next = easeCamera(this.#view.camera.get(), goal, this.#view.size.get(), now - this.#lastStep)
    this.#lastStep = now
    this.#applied = next
    this.#view.camera.set(next)
    if (next !== goal) this.#frame = requestFrame(this.#step)
  }

  #cancelFrame(): void {
    if (this.#frame !== null) cancelFrame(this.#frame)
    this.#frame = null
  }

  #end(): void {
    this.#mode = 'off'
    this.#target = null
    this.#reason = null
    this.#goal = null
    this.#goalView = null
    this.#cancelFrame()
    this.#presence.setFollows(null)
    this.#emit()
  }

  /** Publishes this user's view while anyone needs it, and withdraws it when nobody does. */
  #updatePublishing(): void {
    const want = this.#presenting || this.#followers > 0 || performance.now() < this.#summonUntil
    if (want) this.#presence.setView(this.#ownView())
    else if (this.#publishing) this.#presence.setView(null)
    this.#publishing = want
  }

  #emit(): void {
    const p = this.#target === null ? undefined : this.#presence.peer(this.#target)
    const before = this.state.get()
    // Between a follow and the next read of the states, the leader may not be listed yet.
    const leader = p ? leaderOf(p) : before.leader?.clientId === this.#target ? before.leader : null
    const next: FollowState = {
      mode: this.#mode,
      leader,
      reason: this.#reason,
      presenting: this.#presenting,
      followers: this.#followers,
      offer: this.#offer,
    }
    if (stateKey(next) !== stateKey(before)) this.state.set(next)
  }
}
