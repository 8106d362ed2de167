import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Camera, panBy, viewCentre, zoomAt } from '../client/src/geometry/camera.ts'
import { screen } from '../client/src/geometry/points.ts'
import { cameraForViewBox, type ViewBox, viewBoxOf } from '../client/src/geometry/viewBox.ts'
import { Follow } from '../client/src/state/follow.ts'
import { Presence, sendOwnAwarenessOnly, VIEW_HZ } from '../client/src/state/presence.ts'
import { ViewState } from '../client/src/state/view.ts'
import { DEFAULT_LIMITS } from '../server/src/limits.ts'
import { CloseCode } from '../server/src/sync/protocol.ts'
import { type StockClient, stockClient, synced } from '../server/src/testing/clients.ts'
import { startTestServer, type TestServer } from '../server/src/testing/testServer.ts'
import { sleep, waitFor } from '../server/src/testing/wait.ts'

/*
 * A Bouwoverleg at scale: one presenter and 200 followers (half on the view link) on one board.
 * Each participant is a real y-websocket client of a real server, running the client's own
 * presence and follow modules (client/src/state): the presenter's camera moves every frame and
 * Presence publishes its view at VIEW_HZ; the followers start following by themselves, announce
 * it, and glide their cameras to the presenter's view.
 *
 * What must hold: every follower ends on the presenter's last view; nobody is closed for a rate
 * limit; and the server merges rather than amplifies: each follower receives the presenter's
 * state no more often than the presenter sent it, nor than the server's awareness rate allows.
 * Nothing here asserts how fast a message arrived.
 */

const FOLLOWERS = 200
const FRAME_MS = 1000 / 60
const PAN_MS = 3000
const ZOOM_PER_FRAME = 1.002
const PAN_PX_PER_FRAME = 2
/**
 * A second presenter, on a client without the view throttle, sends this many views at once: within
 * the server's inbound allowance (ten times its relay rate, as a burst), far beyond its relay rate.
 */
const BURST_VIEWS = 120
/** The server's awareness token bucket starts full: this many relays may go out at once. */
const RELAY_BURST = DEFAULT_LIMITS.awarenessRate
/** Room for a relay taken in the same millisecond as the window opens or closes. */
const SLACK = 2
/** Closes for going too fast, or for reading too slowly. */
const RATE_CLOSES: number[] = [CloseCode.RateLimited, CloseCode.TryAgainLater]
/**
 * Participants of a working session moving their pointers (Presence sends cursors at 20 Hz).
 * More than ten at once means each receives more awareness messages a second than the server
 * accepts from one connection (ten times its relay rate): a stock provider, which sends every
 * change it receives back to the server, would be closed.
 */
const POINTER_MOVERS = 20
const POINTER_MS = 2000
// Merwedekanaalzone, Utrecht, in RD New metres.
const START: ViewBox = { x0: 135_400, y0: 454_600, x1: 135_800, y1: 454_850 }
const SCREENS = [
  { width: 1400, height: 880 },
  { width: 1024, height: 700 },
  { width: 390, height: 844 },
]

/** One browser tab: a stock provider with the client's presence, camera and follow state. */
interface Tab {
  readonly client: StockClient
  readonly presence: Presence
  readonly view: ViewState
  readonly follow: Follow
  /** Awareness messages received that carried the tracked presenter's state. */
  received: number
  readonly destroy: () => void
}

async function openTab(
  access: { token: string; readOnly: boolean },
  name: string,
  i: number,
  board = boardId,
): Promise<Tab> {
  const { token, readOnly } = access
  const client = stockClient(server.syncUrl, board, token)
  const restore = sendOwnAwarenessOnly(client.provider)
  await synced(client, `${name} to sync`)
  const presence = new Presence(client.provider.awareness, { name, colour: '#0f766e' }, readOnly)
  const view = new ViewState()
  view.size.set(SCREENS[i % SCREENS.length] as (typeof SCREENS)[number])
  view.camera.set(cameraForViewBox(START, view.size.get()))
  const follow = new Follow(presence, view, readOnly)
  const tab: Tab = {
    client,
    presence,
    view,
    follow,
    received: 0,
    destroy() {
      follow.destroy()
      presence.destroy()
      restore()
      client.destroy()
    },
  }
  client.provider.awareness.on(
    'update',
    ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
      if (origin !== 'local' && (added.includes(tracked) || updated.includes(tracked))) tab.received++
    },
  )
  return tab
}

let server: TestServer
let boardId: string
let board: { editToken: string; viewToken: string }
let presenter: Tab
let followers: Tab[] = []
const others: StockClient[] = []
/** The presenter whose messages the followers count. */
let tracked = -1

beforeAll(async () => {
  server = await startTestServer()
  const created = await server.createBoard({ name: 'Bouwoverleg Merwedekanaalzone' })
  boardId = created.id
  board = created
  presenter = await openTab({ token: board.editToken, readOnly: false }, 'Marit (gemeente)', 0)
  tracked = presenter.client.doc.clientID
  followers = await Promise.all(
    Array.from({ length: FOLLOWERS }, (_, i) =>
      openTab(
        i % 2 ? { token: board.viewToken, readOnly: true } : { token: board.editToken, readOnly: false },
        `Deelnemer ${i}`,
        i,
      ),
    ),
  )
  await waitFor(
    () => presenter.presence.peers().length === FOLLOWERS + 1,
    'the presenter to see everyone on the board',
  )
  // The presentation starts with everyone there: all of them start following in the same moment
  // and say so, a burst of 200 awareness changes that reaches every participant.
  presenter.follow.present(true)
  await waitFor(
    () => followers.every((f) => f.follow.state.get().mode === 'following'),
    'every follower to follow the presentation',
  )
  await waitFor(
    () => presenter.follow.state.get().followers === FOLLOWERS,
    'the presenter to see all its followers',
  )
}, 180_000)

afterAll(async () => {
  for (const t of [presenter, ...followers]) t?.destroy()
  for (const c of others) c.destroy()
  await server?.stop()
})

/** The tracked presenter's view as a tab sees it. */
const trackedView = (t: Tab): ViewBox | null => t.presence.peer(tracked)?.view ?? null
const sameView = (a: ViewBox | null, b: ViewBox): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Whether a follower's camera shows `view` fitted to its screen: same zoom, centres within a pixel. */
function arrived(f: Tab, view: ViewBox): boolean {
  const size = f.view.size.get()
  const a = f.view.camera.get()
  const b: Camera = cameraForViewBox(view, size)
  const [ca, cb] = [viewCentre(a, size), viewCentre(b, size)]
  return Math.abs(a.scale / b.scale - 1) < 1e-3 && Math.hypot(ca[0] - cb[0], ca[1] - cb[1]) * b.scale < 1
}

/** Counts awareness messages sent by a client with origin 'local' (its own changes) from now on. */
function countSent(client: StockClient): () => number {
  let n = 0
  client.provider.awareness.on('update', (_: unknown, origin: unknown) => {
    if (origin === 'local') n++
  })
  return () => n
}

function expectNoRateLimitCloses(clients: StockClient[]): void {
  for (const c of clients) {
    expect(c.closes.filter((e) => RATE_CLOSES.includes(e.code))).toEqual([])
    expect(c.provider.wsconnected).toBe(true)
  }
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  let sum = 0
  for (const line of text.split('\n'))
    if (line.startsWith(name) && !line.startsWith('#')) sum += Number(line.split(' ').at(-1))
  return sum
}

describe(`a presenter with ${FOLLOWERS} followers on one board`, () => {
  it(`brings every follower to the presenter’s view, published at ${VIEW_HZ} Hz and relayed once each`, async () => {
    const { camera, size } = presenter.view
    for (const f of followers) f.received = 0
    const sent = countSent(presenter.client)
    const start = performance.now()
    // A three-second pan east with a slow zoom about the middle, one camera change per frame
    // (frames may come slower on a busy machine).
    while (performance.now() - start < PAN_MS) {
      const c = zoomAt(camera.get(), screen(size.get().width / 2, size.get().height / 2), ZOOM_PER_FRAME)
      camera.set(panBy(c, -PAN_PX_PER_FRAME, 0))
      await sleep(FRAME_MS)
    }
    const last = viewBoxOf(camera.get(), size.get())
    // The throttle sends the last view at its next slot.
    await waitFor(() => sameView(trackedView(presenter), last), 'the presenter to publish its last view')
    await waitFor(() => followers.every((f) => sameView(trackedView(f), last)), 'every follower to have it')
    const ms = performance.now() - start

    expect(sent()).toBeLessThanOrEqual(Math.ceil((VIEW_HZ * ms) / 1000) + 1)
    const relayBound = Math.ceil((DEFAULT_LIMITS.awarenessRate * ms) / 1000) + RELAY_BURST
    for (const f of followers) {
      expect(f.received).toBeGreaterThan(0)
      expect(f.received).toBeLessThanOrEqual(Math.min(sent(), relayBound) + SLACK)
    }
    // The followers' cameras glide onto the view, each fitted to its own screen.
    await waitFor(() => followers.every((f) => arrived(f, last)), 'every follower’s camera to arrive')
    expect(followers.every((f) => f.follow.state.get().mode === 'following')).toBe(true)
    expectNoRateLimitCloses([presenter.client, ...followers.map((f) => f.client)])
    expect(await metric('gebiedsbord_connections_closed_total')).toBe(0)
    expect(await metric('gebiedsbord_connections')).toBe(FOLLOWERS + 1)
  })

  it('merges a presenter whose client sends every view unthrottled down to the awareness rate', async () => {
    // Joost takes over the presentation from a client without the view throttle.
    const joost = stockClient(server.syncUrl, boardId, board.editToken)
    others.push(joost)
    sendOwnAwarenessOnly(joost.provider)
    await synced(joost, 'the second presenter to sync')
    const awareness = joost.provider.awareness
    const from = { ...START, x0: START.x0 + 1000, x1: START.x1 + 1000 }
    const at = (n: number): ViewBox => ({ ...from, x0: from.x0 - n, x1: from.x1 - n })
    tracked = joost.doc.clientID
    awareness.setLocalState({
      user: { name: 'Joost (corporatie)', colour: '#b45309', readOnly: false },
      cursor: null,
      selection: [],
      area: null,
      view: at(0),
      presenting: true,
      summon: 0,
      follows: null,
    })
    await waitFor(
      () => followers.every((f) => f.follow.state.get().leader?.clientId === tracked),
      'every follower to follow the new presentation',
    )
    const coalesced = await metric('gebiedsbord_awareness_coalesced_total')
    for (const f of followers) f.received = 0
    const sent = countSent(joost)
    const start = performance.now()
    // As fast as the socket takes them: far beyond the relay rate, within the inbound allowance.
    for (let n = 1; n <= BURST_VIEWS; n++) awareness.setLocalStateField('view', at(n))
    const last = at(BURST_VIEWS)
    await waitFor(
      () => followers.every((f) => sameView(trackedView(f), last)),
      'every follower to have the last view',
    )
    const ms = performance.now() - start

    expect(sent()).toBe(BURST_VIEWS)
    const relayBound = Math.ceil((DEFAULT_LIMITS.awarenessRate * ms) / 1000) + RELAY_BURST + SLACK
    for (const f of followers) {
      expect(f.received).toBeGreaterThan(0)
      // Merged, not amplified: fewer relays than views sent, within the server's rate.
      expect(f.received).toBeLessThan(BURST_VIEWS)
      expect(f.received).toBeLessThanOrEqual(relayBound)
    }
    expect(await metric('gebiedsbord_awareness_coalesced_total')).toBeGreaterThan(coalesced)
    await waitFor(() => followers.every((f) => arrived(f, last)), 'every follower’s camera to arrive')
    expectNoRateLimitCloses([joost, presenter.client, ...followers.map((f) => f.client)])
    expect(await metric('gebiedsbord_connections_closed_total')).toBe(0)
  })
})

describe(`${POINTER_MOVERS} participants moving their pointers on one board`, () => {
  it('stay connected and see each other’s last position: the client sends only its own awareness', async () => {
    const created = await server.createBoard({ name: 'Werksessie' })
    const tabs = await Promise.all(
      Array.from({ length: POINTER_MOVERS }, (_, i) =>
        openTab({ token: created.editToken, readOnly: false }, `Deelnemer ${i}`, i, created.id),
      ),
    )
    others.push(...tabs.map((t) => t.client))
    try {
      const start = performance.now()
      for (let n = 0; performance.now() - start < POINTER_MS; n++) {
        tabs.forEach((t, i) => {
          t.presence.setCursor([START.x0 + n, START.y0 + i])
        })
        await sleep(FRAME_MS)
      }
      // Presence sends the last position at its next slot; everyone ends with everyone's.
      const cursor = (t: Tab) => JSON.stringify(t.client.provider.awareness.getLocalState()?.cursor)
      await waitFor(
        () =>
          tabs.every((a) =>
            tabs.every((b) => JSON.stringify(a.presence.peer(b.client.doc.clientID)?.cursor) === cursor(b)),
          ),
        'everyone to see everyone’s last pointer position',
      )
      expectNoRateLimitCloses(tabs.map((t) => t.client))
      expect(await metric('gebiedsbord_connections_closed_total')).toBe(0)
    } finally {
      for (const t of tabs) {
        t.follow.destroy()
        t.presence.destroy()
      }
    }
  })
})
