import type { Lang } from '@gebiedsbord/barcode'
import { planFromUpdate, readPlan } from '@gebiedsbord/model'
import type * as Y from 'yjs'
import { getPlanState, getTimeline, type Timeline, type TimelineEvent } from '../api/timeline.ts'
import { Cell } from './observable.ts'
import { type Comparison, comparePlans } from './planComparison.ts'

/**
 * The session timeline: who joined and left in a time window, and what changed in the plan over
 * it, area by area, as a before/after of two stored states (compared by `planComparison.ts`).
 * Time windows plus one store that fetches; the panel only renders its state.
 */

/** A span of time in milliseconds since 1970. */
export interface TimeWindow {
  readonly from: number
  readonly to: number
}

/** Ready-made windows: since this user opened the board, the last hour, today. */
export type WindowPreset = 'session' | 'hour' | 'today'

const HOUR_MS = 3_600_000
/**
 * A window ending this close to now compares with the live plan rather than a stored state: the
 * server stores checkpoints every so often, so the latest one may miss the last edits.
 */
export const LIVE_SLACK_MS = 60_000

/** Local midnight of the day a time falls on. */
export function startOfDay(ms: number): number {
  const d = new Date(ms)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/** The window of a preset at `now`; `joinedAt` is when this user opened the board. */
export function presetWindow(preset: WindowPreset, now: number, joinedAt: number): TimeWindow {
  if (preset === 'session') return { from: Math.min(joinedAt, now), to: now }
  if (preset === 'hour') return { from: now - HOUR_MS, to: now }
  return { from: startOfDay(now), to: now }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A time as a `datetime-local` input shows it: `2026-03-05T14:05`, local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The time a `datetime-local` input holds, or null when it holds none. */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[]
  const date = new Date(y as number, (mo as number) - 1, d, h, mi, s)
  return Number.isNaN(date.getTime()) ? null : date.getTime()
}

/** What the server gives the timeline store (the API in the app, a fake in tests). */
export interface TimelineApi {
  timeline(from: number, to: number): Promise<Timeline>
  /** The plan as stored at the latest checkpoint at or before `at`; null when there is none. */
  state(at: number): Promise<Uint8Array | null>
}

/** The timeline API of one board, over HTTP. */
export const serverTimelineApi = (boardId: string, token: string): TimelineApi => ({
  timeline: (from, to) => getTimeline(boardId, token, from, to),
  state: (at) => getPlanState(boardId, token, at),
})

/** A loaded window: the events, and the before/after when stored states allowed one. */
export interface Replay {
  readonly window: TimeWindow
  readonly events: readonly TimelineEvent[]
  /**
   * When the "before" state is from: the window's start (the latest state stored by then), or,
   * when nothing was stored that early, the first state stored in the window (`fallback`).
   */
  readonly before: { readonly at: number; readonly fallback: boolean } | null
  /** The "after" state is the live plan (the window ends now), else the state stored by its end. */
  readonly afterLive: boolean
  /** Null when no stored state allowed a comparison. */
  readonly comparison: Comparison | null
}

/** The timeline panel's state. */
export type ReplayState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly window: TimeWindow }
  | { readonly status: 'ready'; readonly replay: Replay }
  | { readonly status: 'error'; readonly window: TimeWindow; readonly message: string }

/** How to open the timeline of a board. */
export interface SessionTimelineOptions {
  readonly api: TimelineApi
  /** The plan doc as this client has it now: the "after" of a window that ends now. */
  readonly doc: Y.Doc
  readonly now: () => number
}

/** Loads windows of the session timeline; only the latest request's answer is shown. */
export class SessionTimeline {
  readonly state = new Cell<ReplayState>({ status: 'idle' })
  /** When this user opened the board: the start of "this session". */
  readonly joinedAt: number
  readonly #o: SessionTimelineOptions
  #request = 0

  constructor(o: SessionTimelineOptions) {
    this.#o = o
    this.joinedAt = o.now()
  }

  /** A preset's window as of now. */
  window(preset: WindowPreset): TimeWindow {
    return presetWindow(preset, this.#o.now(), this.joinedAt)
  }

  /** Fetches a window's events and compares the plan at its start and end (rules described in `lang`). */
  async load(window: TimeWindow, lang: Lang): Promise<void> {
    const request = ++this.#request
    const current = () => request === this.#request
    this.state.set({ status: 'loading', window })
    try {
      const replay = await this.#replay(window, lang)
      if (current()) this.state.set({ status: 'ready', replay })
    } catch (e) {
      if (current())
        this.state.set({ status: 'error', window, message: e instanceof Error ? e.message : String(e) })
    }
  }

  async #replay(window: TimeWindow, lang: Lang): Promise<Replay> {
    const { api } = this.#o
    const afterLive = window.to >= this.#o.now() - LIVE_SLACK_MS
    const [timeline, atStart, atEnd] = await Promise.all([
      api.timeline(window.from, window.to),
      api.state(window.from),
      afterLive ? Promise.resolve(null) : api.state(window.to),
    ])
    let before: Replay['before'] = atStart ? { at: window.from, fallback: false } : null
    let beforeUpdate = atStart
    if (!beforeUpdate) {
      // Nothing stored by the start (a board made during the window): start from its first state.
      const first = timeline.checkpoints.find((c) => c.at >= window.from && c.at <= window.to)
      if (first) {
        beforeUpdate = await api.state(first.at)
        if (beforeUpdate) before = { at: first.at, fallback: true }
      }
    }
    const after = afterLive ? readPlan(this.#o.doc) : atEnd ? planFromUpdate(atEnd) : null
    const comparison = beforeUpdate && after ? comparePlans(planFromUpdate(beforeUpdate), after, lang) : null
    return { window, events: timeline.events, before: comparison ? before : null, afterLive, comparison }
  }
}
