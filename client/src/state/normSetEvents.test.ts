import { builtinNormSets } from '@gebiedsbord/barcode'
import { setBoard } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { NormSetEvent, PresenceEvent, TimelineEvent } from '../api/timeline.ts'
import type { Lang } from '../i18n/format.ts'
import { type MessageKey, translate } from '../i18n/messages.ts'
import { normSetChangeText } from './normSetEvents.ts'
import { testDoc } from './testPlan.ts'
import { SessionTimeline } from './timeline.ts'

const registry = builtinNormSets()
const context = (lang: Lang, areas: Record<string, string> = {}) => ({
  lang,
  t: (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars),
  registry,
  areaName: (id: string) => areas[id],
})
const event = (e: Partial<NormSetEvent>): NormSetEvent => ({
  at: 1_000,
  kind: 'norm-set',
  name: 'Anna (gemeente)',
  access: 'edit',
  ...e,
})

describe("the timeline's norm-set changes", () => {
  it("say who changed the board's set from what to what, naming the sets in the reader's language", () => {
    expect(normSetChangeText(event({ to: 'amsterdam-40-40-20' }), context('nl'))).toBe(
      'Anna (gemeente) wijzigde de normenset van het bord van Nederlandse referentienormen naar Amsterdams model 40-40-20',
    )
    expect(normSetChangeText(event({ from: 'amsterdam-40-40-20', to: 'nl-reference' }), context('en'))).toBe(
      "Anna (gemeente) changed the board's norm set from Amsterdam-style 40-40-20 to Dutch reference norms",
    )
  })

  it("name an area by its current name, and the board's set where the area has none of its own", () => {
    const toOwn = event({ to: 'nl-reference', area: 'noord', areaName: 'Noord' })
    expect(normSetChangeText(toOwn, context('en', { noord: 'Noordkwartier' }))).toBe(
      "Anna (gemeente) changed the norm set of area Noordkwartier from the board's set to Dutch reference norms",
    )
    const back = event({ from: 'nl-reference', area: 'noord', areaName: 'Noord' })
    expect(normSetChangeText(back, context('nl'))).toBe(
      'Anna (gemeente) wijzigde de normenset van gebied Noord van Nederlandse referentienormen naar die van het bord',
    )
  })

  it('keep an unknown set by its id, and a change without a name as someone’s', () => {
    expect(
      normSetChangeText(event({ name: '', from: 'rotterdam-2030', to: 'nl-reference' }), context('en')),
    ).toBe("Someone changed the board's norm set from rotterdam-2030 to Dutch reference norms")
  })
})

describe('a timeline window with a norm-set change', () => {
  it('lists the change among the events, apart from who attended, beside the before and after', async () => {
    const now = Date.UTC(2026, 2, 5, 14, 30)
    const before = Y.encodeStateAsUpdate(testDoc())
    const live = testDoc()
    setBoard(live, { normSetId: 'amsterdam-40-40-20' })
    const events: TimelineEvent[] = [
      { at: now - 20 * 60_000, kind: 'joined', name: 'Anna (gemeente)', access: 'edit' },
      event({ at: now - 10 * 60_000, to: 'amsterdam-40-40-20' }),
    ]
    const timeline = new SessionTimeline({
      api: {
        timeline: async () => ({ events, checkpoints: [{ at: now - 90 * 60_000 }] }),
        state: async () => before,
      },
      doc: live,
      now: () => now,
    })
    await timeline.load(timeline.window('hour'), 'en')
    const state = timeline.state.get()
    if (state.status !== 'ready') throw new Error(`not ready: ${state.status}`)
    const changes = state.replay.events.filter((e): e is NormSetEvent => e.kind === 'norm-set')
    expect(changes.map((e) => normSetChangeText(e, context('en')))).toEqual([
      "Anna (gemeente) changed the board's norm set from Dutch reference norms to Amsterdam-style 40-40-20",
    ])
    const joined = state.replay.events.filter((e): e is PresenceEvent => e.kind === 'joined')
    expect(joined.map(({ name, access }) => ({ name, access }))).toEqual([
      { name: 'Anna (gemeente)', access: 'edit' },
    ])
    // The plan compared before and after differs by the board's norm set.
    expect(state.replay.comparison?.unchanged).toBe(false)
  })
})
