import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { type Camera, panBy, type ViewportSize, viewCentre, zoomAt } from '../geometry/camera.ts'
import { screen } from '../geometry/points.ts'
import { cameraForViewBox, type ViewBox, viewBoxOf } from '../geometry/viewBox.ts'
import { Follow, SUMMON_GRACE_MS } from './follow.ts'
import { Presence, VIEW_HZ } from './presence.ts'
import { ViewState } from './view.ts'

/** One browser tab: its own awareness, presence, camera and follow state. */
interface Tab {
  readonly name: string
  readonly awareness: Awareness
  readonly presence: Presence
  readonly view: ViewState
  readonly follow: Follow
}

const REMOTE = 'remote'
// Somewhere in Utrecht, in RD New metres: a 400 × 250 m view on a 1200 × 750 px screen.
const START: ViewBox = { x0: 136_000, y0: 455_000, x1: 136_400, y1: 455_250 }

let tabs: Tab[] = []

/** Opens a tab on the shared in-memory "server": every awareness update reaches every other tab. */
function open(name: string, o: { readOnly?: boolean; size?: ViewportSize; at?: ViewBox } = {}): Tab {
  const awareness = new Awareness(new Y.Doc())
  const presence = new Presence(awareness, { name, colour: '#0f766e' }, o.readOnly ?? false)
  const view = new ViewState()
  view.size.set(o.size ?? { width: 1200, height: 750 })
  view.camera.set(cameraForViewBox(o.at ?? START, view.size.get()))
  const follow = new Follow(presence, view, o.readOnly ?? false)
  // Everyone already here is announced to the newcomer, as the server does on connect.
  for (const t of tabs) {
    const ids = [...t.awareness.getStates().keys()]
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(t.awareness, ids), REMOTE)
  }
  awareness.on('update', (c: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === REMOTE) return
    const update = encodeAwarenessUpdate(awareness, [...c.added, ...c.updated, ...c.removed])
    for (const t of tabs) if (t.awareness !== awareness) applyAwarenessUpdate(t.awareness, update, REMOTE)
  })
  awareness.setLocalStateField('cursor', null) // announce this tab to those already here
  const tab = { name, awareness, presence, view, follow }
  tabs.push(tab)
  return tab
}

/** Lets `ms` of timers and frames run (presence reads, glide frames, publishing throttles). */
const run = (ms: number): void => {
  vi.advanceTimersByTime(ms)
}

const idOf = (t: Tab): number => t.awareness.clientID

/** The camera a follower should end at: the leader's view, fitted to the follower's screen. */
const expected = (leader: Tab, follower: Tab): Camera =>
  cameraForViewBox(viewBoxOf(leader.view.camera.get(), leader.view.size.get()), follower.view.size.get())

function expectCameraNear(actual: Camera, want: Camera, size: ViewportSize): void {
  expect(actual.scale / want.scale).toBeCloseTo(1, 3)
  const [a, b] = [viewCentre(actual, size), viewCentre(want, size)]
  // Within a pixel on this screen.
  expect(Math.hypot(a[0] - b[0], a[1] - b[1]) * want.scale).toBeLessThan(1)
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  for (const t of tabs) {
    t.follow.destroy()
    t.presence.destroy()
    t.awareness.destroy()
  }
  tabs = []
  vi.useRealTimers()
})

describe('presenting', () => {
  it('puts everyone into following, each seeing the presenter’s area on their own screen', () => {
    const anna = open('Anna')
    const bram = open('Bram', { size: { width: 800, height: 900 }, at: { x0: 0, y0: 0, x1: 100, y1: 100 } })
    const raad = open('Raad', { readOnly: true, size: { width: 1600, height: 500 } })
    run(50)
    anna.follow.present(true)
    run(50)
    for (const t of [bram, raad]) {
      expect(t.follow.state.get()).toMatchObject({ mode: 'following', reason: 'presenting' })
      expect(t.follow.state.get().leader?.name).toBe('Anna')
    }
    expect(anna.follow.state.get()).toMatchObject({ presenting: true, followers: 2 })

    // Anna pans and zooms; both followers end on her view, fitted to screens of other shapes.
    anna.view.camera.set(zoomAt(panBy(anna.view.camera.get(), -300, 120), screen(600, 375), 2.5))
    run(2000)
    for (const t of [bram, raad]) expectCameraNear(t.view.camera.get(), expected(anna, t), t.view.size.get())
  })

  it('glides: a frame after a new view the follower is on its way, not there', () => {
    const anna = open('Anna')
    const bram = open('Bram')
    run(50)
    anna.follow.present(true)
    run(2000)
    const before = viewCentre(bram.view.camera.get(), bram.view.size.get())
    anna.view.camera.set(panBy(anna.view.camera.get(), -200, 0))
    // Presence reads awareness once per frame; then the glide takes its first step.
    run(40)
    const during = viewCentre(bram.view.camera.get(), bram.view.size.get())
    const goal = viewCentre(expected(anna, bram), bram.view.size.get())
    expect(during[0]).toBeGreaterThan(before[0])
    expect(during[0]).toBeLessThan(goal[0])
    run(2000)
    expectCameraNear(bram.view.camera.get(), expected(anna, bram), bram.view.size.get())
  })

  it(`publishes the view at most ${VIEW_HZ} times a second, only when it changed, and the last one always`, () => {
    const anna = open('Anna')
    const bram = open('Bram')
    run(50)
    anna.follow.present(true)
    run(500)
    let published = 0
    let lastSeen: unknown = null
    bram.awareness.on('change', (c: { updated: number[] }) => {
      if (!c.updated.includes(idOf(anna))) return
      const view = (bram.awareness.getStates().get(idOf(anna)) as { view: unknown }).view
      if (JSON.stringify(view) !== JSON.stringify(lastSeen)) published++
      lastSeen = view
    })
    // A one-second pan at 60 frames a second.
    for (let i = 0; i < 60; i++) {
      anna.view.camera.set(panBy(anna.view.camera.get(), -3, 1))
      run(1000 / 60)
    }
    run(500)
    expect(published).toBeGreaterThan(0)
    expect(published).toBeLessThanOrEqual(VIEW_HZ + 1)
    expect(lastSeen).toEqual(viewBoxOf(anna.view.camera.get(), anna.view.size.get()))
    // A camera that stands still publishes nothing.
    const count = published
    run(3000)
    expect(published).toBe(count)
    expectCameraNear(bram.view.camera.get(), expected(anna, bram), bram.view.size.get())
  })

  it('a follower who pans breaks off, stays put, and returns on request', () => {
    const anna = open('Anna')
    const bram = open('Bram')
    run(50)
    anna.follow.present(true)
    run(1000)
    bram.view.camera.set(panBy(bram.view.camera.get(), 50, 0))
    expect(bram.follow.state.get()).toMatchObject({ mode: 'detached', reason: 'presenting' })
    expect(bram.follow.state.get().leader?.name).toBe('Anna')
    const own = bram.view.camera.get()
    anna.view.camera.set(panBy(anna.view.camera.get(), 400, 0))
    run(1000)
    expect(bram.view.camera.get()).toBe(own)
    expect(anna.follow.state.get().followers).toBe(0)

    bram.follow.resume()
    run(2000)
    expect(bram.follow.state.get().mode).toBe('following')
    expectCameraNear(bram.view.camera.get(), expected(anna, bram), bram.view.size.get())
    expect(anna.follow.state.get().followers).toBe(1)
  })

  it('ends for the followers when it stops; one who stopped following is offered it, not pulled back', () => {
    const anna = open('Anna')
    const bram = open('Bram')
    const cas = open('Cas')
    run(50)
    anna.follow.present(true)
    run(50)
    cas.follow.stop()
    run(50)
    expect(cas.follow.state.get()).toMatchObject({ mode: 'off' })
    expect(cas.follow.state.get().offer?.name).toBe('Anna')
    anna.view.camera.set(panBy(anna.view.camera.get(), 100, 0))
    run(500)
    expect(cas.follow.state.get().mode).toBe('off')

    anna.follow.present(false)
    run(50)
    for (const t of [bram, cas]) expect(t.follow.state.get()).toMatchObject({ mode: 'off', offer: null })
    // A new presentation is followed again by everyone.
    anna.follow.present(true)
    run(50)
    for (const t of [bram, cas]) expect(t.follow.state.get().mode).toBe('following')
  })

  it('is followed by whoever joins while it runs', () => {
    const anna = open('Anna')
    run(50)
    anna.follow.present(true)
    anna.view.camera.set(panBy(anna.view.camera.get(), -80, 40))
    run(500)
    const late = open('Laat', { at: { x0: 0, y0: 0, x1: 10, y1: 10 } })
    run(2000)
    expect(late.follow.state.get().mode).toBe('following')
    expectCameraNear(late.view.camera.get(), expected(anna, late), late.view.size.get())
  })
})

describe('following a participant', () => {
  it('makes them publish their view while followed, and withdraw it after', () => {
    const anna = open('Anna')
    const bram = open('Bram')
    run(50)
    const annaView = () => bram.presence.peer(idOf(anna))?.view ?? null
    expect(annaView()).toBeNull()
    bram.follow.toggle(idOf(anna))
    run(100)
    expect(annaView()).toEqual(viewBoxOf(anna.view.camera.get(), anna.view.size.get()))
    run(1000)
    expectCameraNear(bram.view.camera.get(), expected(anna, bram), bram.view.size.get())
    // Bram, following, publishes no view of his own: nobody follows him.
    expect(anna.presence.peer(idOf(bram))?.view).toBeNull()

    bram.follow.toggle(idOf(anna))
    run(100)
    expect(bram.follow.state.get().mode).toBe('off')
    expect(annaView()).toBeNull()
  })

  it('stops when the leader leaves', () => {
    const anna = open('Anna')
    const bram = open('Bram')
    run(50)
    bram.follow.follow(idOf(anna))
    run(100)
    anna.awareness.setLocalState(null)
    run(100)
    expect(bram.follow.state.get()).toMatchObject({ mode: 'off', leader: null })
  })

  it('two who follow each other stand still instead of zooming out forever', () => {
    const anna = open('Anna', { size: { width: 1600, height: 500 } })
    const bram = open('Bram', { size: { width: 500, height: 1600 } })
    run(50)
    anna.follow.follow(idOf(bram))
    bram.follow.follow(idOf(anna))
    const scales = () => [anna.view.camera.get().scale, bram.view.camera.get().scale]
    const before = scales()
    run(7000)
    // Each fitting the other's (differently shaped) view would widen it on every round.
    expect(scales()).toEqual(before)
  })
})

describe('bring everyone to me', () => {
  it('makes everyone else follow the editor who asks, presenters and viewers included', () => {
    const anna = open('Anna')
    const bram = open('Bram', { at: { x0: 137_000, y0: 456_000, x1: 137_100, y1: 456_060 } })
    const raad = open('Raad', { readOnly: true })
    run(50)
    anna.follow.present(true)
    run(500)
    raad.view.camera.set(panBy(raad.view.camera.get(), 30, 30)) // the viewer broke off
    bram.follow.summonEveryone()
    run(50)
    for (const t of [anna, raad]) {
      expect(t.follow.state.get()).toMatchObject({ mode: 'following', reason: 'summoned' })
      expect(t.follow.state.get().leader?.name).toBe('Bram')
    }
    expect(anna.follow.state.get().presenting).toBe(false)
    expect(bram.follow.state.get()).toMatchObject({ mode: 'off', followers: 2 })
    run(2000)
    for (const t of [anna, raad]) expectCameraNear(t.view.camera.get(), expected(bram, t), t.view.size.get())
    // Bram keeps publishing his view while they follow, beyond the grace period.
    run(SUMMON_GRACE_MS)
    bram.view.camera.set(panBy(bram.view.camera.get(), 70, 0))
    run(2000)
    expectCameraNear(raad.view.camera.get(), expected(bram, raad), raad.view.size.get())
  })

  it('is not offered to viewers, and someone joining later is not summoned by an old call', () => {
    const bram = open('Bram')
    const raad = open('Raad', { readOnly: true })
    run(50)
    raad.follow.summonEveryone()
    run(100)
    expect(bram.presence.peer(idOf(raad))?.summon).toBe(0)
    expect(bram.follow.state.get().mode).toBe('off')
    bram.follow.summonEveryone()
    run(100)
    const late = open('Laat')
    run(100)
    expect(late.follow.state.get().mode).toBe('off')
  })
})

describe('remote presence is untrusted', () => {
  it('reads garbage in the presenter fields as absent', () => {
    const bram = open('Bram')
    const evil = new Awareness(new Y.Doc())
    for (const state of [
      {
        user: { name: 'Nep' },
        view: { x0: 'a', y0: 0, x1: 1, y1: 1 },
        presenting: 'yes',
        summon: -3,
        follows: 1.5,
      },
      {
        user: { name: 'Nep' },
        view: { x0: 5, y0: 0, x1: 1, y1: 1 },
        presenting: 1,
        summon: 1e300,
        follows: 'x',
      },
      { user: { name: 'Nep' }, view: [0, 0, 1, 1], summon: Number.NaN, follows: evil.clientID },
    ]) {
      evil.setLocalState(state)
      applyAwarenessUpdate(bram.awareness, encodeAwarenessUpdate(evil, [evil.clientID]), REMOTE)
      run(50)
      expect(bram.presence.peer(evil.clientID)).toMatchObject({
        view: null,
        presenting: false,
        summon: 0,
        follows: null,
      })
      expect(bram.follow.state.get().mode).toBe('off')
    }
    evil.destroy()
  })
})
