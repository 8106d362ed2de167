import type { SignOffWithState } from '@gebiedsbord/barcode'
import { asAreaId, asPartyId, type Party } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { translate } from '../i18n/messages.ts'
import { agreementTags } from './agreementDrawing.ts'

const party = (id: string): Party => ({ id: asPartyId(id), name: id, role: 'other', colour: '#7c3aed' })
const parties = new Map([party('gemeente'), party('corporatie')].map((p) => [p.id, p]))
const signed = (area: string, p: string, state: 'current' | 'outdated'): SignOffWithState => ({
  area: asAreaId(area),
  party: asPartyId(p),
  version: 'v1',
  versionName: 'B',
  name: 'X',
  at: 0,
  fingerprint: 'f',
  state,
})
const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
  translate('nl', key, vars)

describe('agreement tags on area labels', () => {
  it('count current sign-offs of existing parties, flag outdated ones, and skip unsigned areas', () => {
    const tags = agreementTags(
      [
        signed('noord', 'gemeente', 'current'),
        signed('noord', 'corporatie', 'current'),
        signed('zuid', 'gemeente', 'current'),
        signed('oost', 'gemeente', 'current'),
        signed('oost', 'corporatie', 'outdated'),
        signed('west', 'removed', 'current'),
      ],
      parties,
      t,
    )
    expect(tags.get(asAreaId('noord'))).toEqual({ text: '2/2 akkoord', short: '2/2', tone: 'complete' })
    expect(tags.get(asAreaId('zuid'))).toEqual({ text: '1/2 akkoord', short: '1/2', tone: 'partial' })
    expect(tags.get(asAreaId('oost'))).toEqual({
      text: '1/2 akkoord · 1 verouderd',
      short: '1/2 !',
      tone: 'outdated',
    })
    expect(tags.has(asAreaId('west'))).toBe(false)
  })
})
