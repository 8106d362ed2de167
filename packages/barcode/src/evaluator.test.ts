import { asAreaId, asBlockId } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { checkPlan, Evaluator } from './evaluator.ts'
import { amenity, green, hectare, housing, parking, plan, rectArea, work } from './testPlans.ts'

describe('metrics per area', () => {
  it('counts a straddling block in each area in proportion to its footprint inside', () => {
    const report = checkPlan(
      plan(
        [rectArea('A', [0, 0, 100, 100]), rectArea('B', [100, 0, 200, 100])],
        // 40 m wide block centred on the shared edge x = 100, 3/4 in A and 1/4 in B
        [housing('h', { x: 90, y: 50, w: 40, h: 10 }, 100, 'social')],
      ),
    )
    const [a, b] = report.areas
    expect(a?.metrics.dwellings).toBe(75)
    expect(a?.metrics.dwellingsBySegment.social).toBe(75)
    expect(b?.metrics.dwellings).toBe(25)
    expect(report.plan.metrics.dwellings).toBe(100)
    expect(report.outside).toEqual([])
    expect(report.partlyOutside).toEqual([])
  })

  it('multiplies footprint by floors for amenity and work floor area, not for green', () => {
    const report = checkPlan(
      plan(
        [hectare()],
        [
          amenity('s', { x: 20, y: 20, w: 20, h: 10, floors: 3 }, 'school'),
          work('w', { x: 60, y: 20, w: 10, h: 10, floors: 4 }),
          green('g', { x: 50, y: 70, w: 20, h: 10, floors: 5 }, 'play'),
          parking('p', { x: 80, y: 80 }, 25),
        ],
      ),
    )
    const m = report.areas[0]?.metrics
    expect(m?.amenityM2.school).toBe(600)
    expect(m?.amenityCount.school).toBe(1)
    expect(m?.workM2).toBe(400)
    expect(m?.greenM2).toBe(200)
    expect(m?.playM2).toBe(200)
    expect(m?.parkingPlaces).toBe(25)
    expect(m?.areaHa).toBe(1)
  })

  it('derives residents, pupils and density from the area type', () => {
    const m = checkPlan(plan([hectare('centrum-stedelijk')], [housing('h', { x: 50, y: 50 }, 100, 'mid')]))
      .areas[0]?.metrics
    expect(m).toMatchObject({ dwellings: 100, density: 100, residents: 170, pupils: 15 })
  })

  it('reports blocks outside every area and blocks partly outside', () => {
    const report = checkPlan(
      plan(
        [hectare()],
        [
          housing('in', { x: 50, y: 50 }, 10, 'mid'),
          housing('out', { x: 500, y: 500 }, 10, 'mid'),
          housing('edge', { x: 100, y: 50 }, 10, 'mid'),
        ],
      ),
    )
    expect(report.outside).toEqual(['out'])
    expect(report.partlyOutside).toEqual(['edge'])
    expect(report.areas[0]?.metrics.dwellings).toBe(15)
    expect(report.problems).toEqual([
      { feature: null, block: 'out', message: 'block lies outside every area: it counts in no area' },
    ])
  })

  it('reports an unknown area type or norm set and falls back to the defaults', () => {
    const report = checkPlan(
      plan(
        [
          rectArea('A', [0, 0, 10, 10], { areaType: 'suburb' }),
          rectArea('B', [20, 0, 30, 10], { normSetId: 'nope' }),
        ],
        [],
      ),
    )
    expect(report.areas.map((a) => a.areaType)).toEqual(['stedelijk', 'stedelijk'])
    expect(report.problems.map((p) => p.message)).toEqual([
      'unknown area type "suburb" for norm set "nl-reference" (expected centrum-stedelijk, stedelijk, groen-stedelijk, dorps); evaluated as "stedelijk"',
      'unknown norm set "nope"; evaluated with "nl-reference"',
    ])
  })
})

describe('catchments (primary-school-m2, sports-hall … over a group of areas)', () => {
  const two = (catchment?: string) =>
    plan(
      [
        rectArea('A', [0, 0, 200, 100], catchment ? { catchment } : {}),
        rectArea('B', [300, 0, 500, 100], catchment ? { catchment } : {}),
      ],
      [
        housing('ha', { x: 50, y: 50 }, 400, 'mid'),
        housing('hb', { x: 350, y: 50 }, 400, 'mid'),
        // 800 dwellings × 0.25 pupils × 6.5 m² = 1,300 m², all of it in A
        amenity('school', { x: 150, y: 50, w: 26, h: 25, floors: 2 }, 'school'),
      ],
    )
  const school = (r: ReturnType<typeof checkPlan>, area: string) =>
    r.areas.find((a) => a.id === area)?.rules.find((x) => x.id === 'primary-school-m2')

  it('without a catchment, the area without a school fails and is told it may share one', () => {
    const r = checkPlan(two())
    expect(school(r, 'A')?.status).toBe('pass')
    expect(school(r, 'B')?.status).toBe('fail')
    expect(school(r, 'B')?.hint).toContain('share with a neighbouring area')
  })

  it('with a shared catchment, one school serves both areas', () => {
    const r = checkPlan(two('north'))
    expect(school(r, 'A')).toMatchObject({ status: 'pass', catchment: 'north', actual: 1300, required: 1300 })
    expect(school(r, 'B')).toMatchObject({ status: 'pass', catchment: 'north' })
    expect(r.catchments).toEqual([expect.objectContaining({ id: 'north', areas: ['A', 'B'] })])
    // area rules stay per area
    expect(
      r.areas.find((a) => a.id === 'B')?.rules.find((x) => x.id === 'social-share')?.catchment,
    ).toBeUndefined()
  })
})

describe('plan level', () => {
  it('weights area-type bands by what the rule measures over (density by hectares)', () => {
    const r = checkPlan(
      plan(
        [
          rectArea('A', [0, 0, 100, 100], { areaType: 'centrum-stedelijk' }), // 1 ha, min 100
          rectArea('B', [100, 0, 400, 100], { areaType: 'stedelijk' }), // 3 ha, min 60
        ],
        [housing('ha', { x: 50, y: 50 }, 100, 'mid'), housing('hb', { x: 250, y: 50 }, 180, 'mid')],
      ),
    )
    const density = r.plan.rules.find((x) => x.id === 'density')
    // (100 × 1 + 60 × 3) / 4 = 70 per ha; the plan has 280 / 4 = 70
    expect(density).toMatchObject({ status: 'pass', actual: 70, required: 70 })
  })
})

describe('norm sets are swappable', () => {
  const mix = plan(
    [hectare('stedelijk')],
    [
      housing('s', { x: 20, y: 20 }, 30, 'social'),
      housing('m', { x: 50, y: 20 }, 40, 'mid'),
      housing('p', { x: 80, y: 20 }, 30, 'private'),
    ],
  )
  it('30/40/30 meets nl-reference social-share but not the Amsterdam 40-40-20 set', () => {
    const nl = checkPlan(mix).areas[0]?.rules.find((r) => r.id === 'social-share')
    expect(nl?.status).toBe('pass')
    const ams = checkPlan(mix, { defaultNormSetId: 'amsterdam-40-40-20' })
    const rules = ams.areas[0]?.rules ?? []
    expect(ams.normSet.id).toBe('amsterdam-40-40-20')
    expect(rules.find((r) => r.id === 'social-share')?.status).toBe('fail')
    // private-share has only a maximum (20%): 30% must lose private dwellings
    expect(rules.find((r) => r.id === 'private-share')).toMatchObject({ status: 'fail', needed: -13 })
    expect(rules.find((r) => r.id === 'mid-share')).toBeUndefined()
  })
  it('an area can name its own set', () => {
    const p = { ...mix, areas: [{ ...hectare('stedelijk'), normSetId: 'amsterdam-40-40-20' }] }
    expect(checkPlan(p).areas[0]?.normSet.id).toBe('amsterdam-40-40-20')
  })
})

describe('Evaluator incremental updates', () => {
  it('reuses unchanged area reports and updates only what a move touches', () => {
    const ev = new Evaluator().load(
      plan(
        [
          rectArea('A', [0, 0, 100, 100]),
          rectArea('B', [100, 0, 200, 100]),
          rectArea('C', [200, 0, 300, 100]),
        ],
        [housing('h', { x: 50, y: 50 }, 120, 'social')],
      ),
    )
    const before = ev.report()
    ev.upsertBlock(housing('h', { x: 150, y: 50 }, 120, 'social'))
    const after = ev.report()
    expect(after.areas[0]?.metrics.dwellings).toBe(0)
    expect(after.areas[1]?.metrics.dwellings).toBe(120)
    expect(after.areas[2]).toBe(before.areas[2])
    expect(ev.report()).toBe(after)
  })
  it('handles removing areas and blocks', () => {
    const ev = new Evaluator().load(plan([hectare()], [housing('h', { x: 50, y: 50 }, 10, 'mid')]))
    ev.removeArea(asAreaId('A'))
    expect(ev.report().outside).toEqual(['h'])
    ev.removeBlock(asBlockId('h'))
    expect(ev.report().outside).toEqual([])
    expect(ev.report().areas).toEqual([])
  })
})
