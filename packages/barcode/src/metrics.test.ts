import { AMENITY_USES, GREEN_USES, SEGMENTS } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { emptyRawMetrics } from './metrics.ts'

describe('emptyRawMetrics', () => {
  it('has a zero for every segment and use the model knows', () => {
    const m = emptyRawMetrics()
    expect(Object.keys(m.dwellingsBySegment)).toEqual([...SEGMENTS])
    expect(Object.keys(m.greenM2ByUse)).toEqual([...GREEN_USES])
    expect(Object.keys(m.amenityM2)).toEqual([...AMENITY_USES])
    expect(Object.keys(m.amenityCount)).toEqual([...AMENITY_USES])
  })
})
