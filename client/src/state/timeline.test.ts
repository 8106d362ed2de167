import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Timeline } from '../api/timeline.ts'
import { afterSession, testDoc } from './testPlan.ts'
import {
  fromLocalInput,
  LIVE_SLACK_MS,
  presetWindow,
  type ReplayState,
  SessionTimeline,
  startOfDay,
  type TimelineApi,
  toLocalInput,
} from './timeline.ts'

const MINUTE = 60_000
const NOW = Date.UTC(2026, 2, 5, 14, 30)

describe('time windows', () => {
  it('has presets for this session, the last hour and today', () => {
    const joined = NOW - 20 * MINUTE
    expect(presetWindow('session', NOW, joined)).toEqual({ from: joined, to: NOW })
    expect(presetWindow('hour', NOW, joined)).toEqual({ from: NOW - 60 * MINUTE, to: NOW })
    const today = presetWindow('today', NOW, joined)
    expect(today.to).toBe(NOW)
    expect(new Date(today.from).getHours()).toBe(0)
    expect(NOW - today.from).toBeLessThan(24 * 60 * MINUTE)
    expect(startOfDay(today.from)).toBe(today.from)
  })

  it('reads and writes datetime-local values in local time', () => {
    const t = new Date(2026, 2, 5, 9, 7).getTime()
    expect(toLocalInput(t)).toBe('2026-03-05T09:07')
    expect(fromLocalInput('2026-03-05T09:07')).toBe(t)
    expect(fromLocalInput('')).toBeNull()
    expect(fromLocalInput('yesterday')).toBeNull()
  })
})

/** A server with checkpoints at the given times, each the plan as `states` says it was then. */
function fakeApi(checkpoints: { at: number; doc: Y.Doc }[], events: Timeline['events'] = []) {
  const asked: number[] = []
  const api: TimelineApi = {
    timeline: async (from, to) => ({
      events: events.filter((e) => e.at >= from && e.at <= to),
      checkpoints: checkpoints.filter((c) => c.at >= from && c.at <= to).map(({ at }) => ({ at })),
    }),
    state: async (at) => {
      asked.push(at)
      const latest = checkpoints.filter((c) => c.at <= at).at(-1)
      return latest ? Y.encodeStateAsUpdate(latest.doc) : null
    },
  }
  return { api, asked }
}

const ready = (s: ReplayState) => {
  if (s.status !== 'ready') throw new Error(`not ready: ${JSON.stringify(s)}`)
  return s.replay
}

describe('session timeline', () => {
  it('compares the state stored by the window start with the live plan', async () => {
    const live = afterSession(testDoc())
    const events = [{ at: NOW - 10 * MINUTE, kind: 'joined' as const, name: 'Anna', access: 'edit' as const }]
    const { api, asked } = fakeApi([{ at: NOW - 90 * MINUTE, doc: testDoc() }], events)
    const t = new SessionTimeline({ api, doc: live, now: () => NOW })
    await t.load(t.window('hour'), 'en')
    const replay = ready(t.state.get())
    expect(replay).toMatchObject({
      afterLive: true,
      before: { at: NOW - 60 * MINUTE, fallback: false },
      events,
    })
    expect(asked).toEqual([NOW - 60 * MINUTE])
    expect(replay.comparison?.areas.map((a) => a.name)).toEqual(['Noord', 'Zuid'])
  })

  it('starts from the first state stored in the window when none was stored before it', async () => {
    const { api } = fakeApi([{ at: NOW - 30 * MINUTE, doc: testDoc() }])
    const t = new SessionTimeline({ api, doc: afterSession(testDoc()), now: () => NOW })
    await t.load({ from: NOW - 60 * MINUTE, to: NOW }, 'en')
    expect(ready(t.state.get()).before).toEqual({ at: NOW - 30 * MINUTE, fallback: true })
  })

  it('compares two stored states for a window in the past', async () => {
    const { api, asked } = fakeApi([
      { at: NOW - 5 * 60 * MINUTE, doc: testDoc() },
      { at: NOW - 3 * 60 * MINUTE, doc: afterSession(testDoc()) },
    ])
    const t = new SessionTimeline({ api, doc: testDoc(), now: () => NOW })
    const window = { from: NOW - 4 * 60 * MINUTE, to: NOW - 2 * 60 * MINUTE }
    expect(window.to).toBeLessThan(NOW - LIVE_SLACK_MS)
    await t.load(window, 'en')
    const replay = ready(t.state.get())
    expect(asked).toEqual([window.from, window.to])
    expect(replay.afterLive).toBe(false)
    expect(replay.comparison?.changedBlocks.length).toBe(2)
  })

  it('shows the events without a comparison when nothing was stored', async () => {
    const { api } = fakeApi([])
    const t = new SessionTimeline({ api, doc: testDoc(), now: () => NOW })
    await t.load(t.window('session'), 'en')
    expect(ready(t.state.get())).toMatchObject({ comparison: null, before: null })
  })

  it('shows only the answer to the latest request, and errors as a state', async () => {
    const { api } = fakeApi([{ at: 0, doc: testDoc() }])
    let fail = true
    const slow: TimelineApi = {
      timeline: async (from, to) => {
        if (fail) throw new Error('offline')
        return api.timeline(from, to)
      },
      state: api.state,
    }
    const t = new SessionTimeline({ api: slow, doc: testDoc(), now: () => NOW })
    await t.load(t.window('hour'), 'en')
    expect(t.state.get()).toMatchObject({ status: 'error', message: 'offline' })
    fail = false
    const first = t.load(t.window('today'), 'en')
    const second = t.load(t.window('hour'), 'en')
    await Promise.all([first, second])
    expect(ready(t.state.get()).window).toEqual(t.window('hour'))
  })
})
