import { ringArea } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { GeoJsonReadError } from './errors.ts'
import { planFromGeoJSON } from './import.ts'
import { collection, feature, square, squareRing, testRandom } from './test-support.ts'

const read = (input: unknown, name?: string) =>
  planFromGeoJSON(input, { random: testRandom(), ...(name === undefined ? {} : { name }) })

const area = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'area',
  id,
  name: `Area ${id}`,
  ...extra,
})
const housing = (extra: Record<string, unknown> = {}) => ({
  type: 'block',
  kind: 'housing',
  dwellings: 40,
  segment: 'social',
  ...extra,
})
const ring = (...positions: unknown[]) => ({ type: 'Polygon', coordinates: [positions] })
const [sw, se, ne, nw] = squareRing(0, 0) as [number[], number[], number[], number[]]

describe('planFromGeoJSON: invalid features', () => {
  // One file with every kind of invalid feature, each at a known index, and valid ones between.
  const cases: [feature: unknown, message: string | RegExp][] = [
    [feature(area('A'), square(0, 0, 4)), ''],
    [feature(housing({ dwellings: -5 })), 'block: dwellings must be a whole number ≥ 0, got -5'],
    [
      feature({ type: 'block', kind: 'hotel' }),
      'unknown kind "hotel" (expected housing, amenity, green, parking, work, water)',
    ],
    [
      feature(housing(), ring(sw, se, ne, nw)),
      'polygon ring is not closed (first and last positions differ)',
    ],
    [feature(housing(), ring(sw, ne, se, nw, sw)), 'polygon ring intersects itself'],
    [feature(housing({ segment: undefined })), 'missing property "segment" for a housing block'],
    [
      feature(housing(), { type: 'LineString', coordinates: [sw, ne] }),
      'geometry must be a Polygon, got LineString',
    ],
    [feature(area('A')), 'duplicate area id "A"'],
    [feature(housing({ dwellings: 2.5 })), 'block: dwellings must be a whole number ≥ 0, got 2.5'],
    [feature({ type: 'block', kind: 'amenity' }), 'missing property "use" for an amenity block'],
    [
      feature({ type: 'block', kind: 'green', use: 'school' }),
      'block: use must be one of park, play, sports for a green block, got "school"',
    ],
    [feature({ type: 'block', kind: 'parking' }), 'missing property "places" for a parking block'],
    [feature(housing({ floors: 0 })), 'block: floors must be a number > 0, got 0'],
    [feature({ kind: 'housing' }), 'missing property "type" (expected "area" or "block")'],
    [feature({ type: 'building' }), 'unknown feature type "building" (expected "area" or "block")'],
    [feature(housing(), null), 'feature has no geometry'],
    [
      feature(housing(), { type: 'MultiPolygon', coordinates: [[squareRing(0, 0)], [squareRing(2, 2)]] }),
      'geometry must be a Polygon, got a MultiPolygon of 2 polygons (a MultiPolygon is read only when it holds exactly one)',
    ],
    [
      feature(housing(), ring(sw, se, sw)),
      'polygon ring has 3 positions; at least 4 are needed (3 corners and the closing position)',
    ],
    [
      feature(housing(), ring(sw, ['x', 1], ne, sw)),
      'polygon coordinates must be rings of [x, y] number positions (at coordinates[0][1][0])',
    ],
    [42, 'feature must be a GeoJSON Feature object, got number 42'],
    [{ type: 'Point', properties: {}, geometry: null }, 'feature type must be "Feature", got "Point"'],
    [feature(null), 'feature has no properties (expected "type": "area" or "block")'],
    [
      feature(housing(), ring(sw, [(sw[0] ?? 0) + 0.0005, sw[1] ?? 0], se, sw)),
      'polygon ring has no area (its corners are on one line)',
    ],
    [feature(area('C', { name: 5 })), 'area: name must be a text, got 5'],
    [feature(housing({ party: 7 })), 'block: party must be a text, got 7'],
    [
      feature({ type: 'block' }),
      'missing property "kind" for a block (expected housing, amenity, green, parking, work, water)',
    ],
    [
      feature(housing({ segment: 'luxury' })),
      'block: segment must be one of social, mid, private, got "luxury"',
    ],
    [feature(housing({ id: true })), 'block: id must be a text or a number, got true'],
    [
      feature(housing({ id: 'b1' }), {
        type: 'Polygon',
        coordinates: [squareRing(0, 0, 3), squareRing(1, 1)],
      }),
      'polygon has 1 hole; holes are ignored and the outer ring is used',
    ],
    [feature(housing({ id: 'b1' })), /^duplicate block id "b1": imported with the new id "[0-9A-Za-z]{16}"$/],
    [feature(housing({ dwellings: null })), 'missing property "dwellings" for a housing block'],
    [
      { type: 'Feature', properties: [], geometry: square(0, 0) },
      'feature properties must be an object, got an array',
    ],
    [
      feature(housing(), ring(sw, sw, sw, sw)),
      'polygon ring has only 1 distinct corner; at least 3 are needed',
    ],
    [
      feature({ type: 'block', kind: 'parking', places: -1 }),
      'block: places must be a whole number ≥ 0, got -1',
    ],
    [feature({ type: 'block', kind: 'water' }), ''],
  ]
  const result = read(collection(cases.map(([f]) => f)))

  it('reports each invalid feature once, by index, with its reason', () => {
    const expected = cases.flatMap(([, message], index) =>
      message === '' ? [] : [{ feature: index, message }],
    )
    expect(result.problems).toHaveLength(expected.length)
    result.problems.forEach((problem, i) => {
      const want = expected[i]
      expect(problem.feature).toBe(want?.feature)
      if (want?.message instanceof RegExp) expect(problem.message).toMatch(want.message)
      else expect(problem.message).toBe(want?.message)
    })
  })

  it('still imports the valid features, and keeps those read with a note', () => {
    expect(result.plan.areas.map((a) => a.id)).toEqual(['A'])
    expect(result.plan.blocks).toHaveLength(3)
    const [holed, duplicate, water] = result.plan.blocks
    expect(holed?.id).toBe('b1')
    expect(result.featureIndex.get('b1')).toBe(28)
    expect(duplicate?.id).toMatch(/^[0-9A-Za-z]{16}$/)
    expect(result.featureIndex.get(duplicate?.id ?? '')).toBe(29)
    expect(water?.kind).toBe('water')
    expect(result.featureIndex.get('A')).toBe(0)
    expect(result.featureIndex.size).toBe(4)
  })

  it('uses the outer ring of a polygon with a hole', () => {
    const holed = result.plan.blocks[0]
    expect(ringArea(holed?.shape ?? [])).toBeCloseTo(9 * 68.7 * 111.2, -3)
  })
})

describe('planFromGeoJSON: valid features', () => {
  it('reads areas and blocks of every kind into RD New metres', () => {
    const { plan, problems, crs, featureIndex } = read(
      collection([
        feature(
          area('north', { areaType: 'stedelijk', normSet: 'amsterdam-40-40-20', catchment: 'c1' }),
          square(0, 0, 6),
        ),
        feature(
          housing({ id: 'h', dwellings: 120, segment: 'mid', floors: 6, party: 'portaal', label: 'Blok A' }),
        ),
        feature({ type: 'block', id: 's', kind: 'amenity', use: 'school', floors: 2 }, square(1, 1)),
        feature({ type: 'block', id: 'p', kind: 'green', use: 'play' }, square(2, 2)),
        feature({ type: 'block', id: 'g', kind: 'parking', places: 80 }, square(3, 3)),
        feature({ type: 'block', id: 'w', kind: 'work' }, square(4, 4)),
      ]),
    )
    expect(problems).toEqual([])
    expect(crs).toBe('wgs84')
    expect(plan.board).toEqual({ name: 'Plan', frame: { kind: 'rd-new' } })
    expect(plan.parties).toEqual([])
    const [north] = plan.areas
    expect(north).toMatchObject({
      id: 'north',
      name: 'Area north',
      areaType: 'stedelijk',
      normSetId: 'amsterdam-40-40-20',
      catchment: 'c1',
    })
    // Utrecht lies around RD (136 000, 456 000).
    const [x, y] = north?.polygon[0] ?? [0, 0]
    expect(x).toBeGreaterThan(130_000)
    expect(x).toBeLessThan(140_000)
    expect(y).toBeGreaterThan(450_000)
    expect(y).toBeLessThan(460_000)
    expect(north?.polygon).toHaveLength(4)
    expect(plan.blocks.map((b) => b.kind)).toEqual(['housing', 'amenity', 'green', 'parking', 'work'])
    expect(plan.blocks[0]).toMatchObject({
      id: 'h',
      kind: 'housing',
      dwellings: 120,
      segment: 'mid',
      floors: 6,
      party: 'portaal',
      label: 'Blok A',
      rotation: 0,
    })
    expect(plan.blocks[1]).toMatchObject({ kind: 'amenity', use: 'school', floors: 2 })
    expect(plan.blocks[3]).toMatchObject({ kind: 'parking', places: 80, floors: 1 })
    expect([...featureIndex]).toEqual([
      ['north', 0],
      ['h', 1],
      ['s', 2],
      ['p', 3],
      ['g', 4],
      ['w', 5],
    ])
  })

  it('places a block at the centre of its box, with the footprint relative to it', () => {
    const { plan } = read(collection([feature(housing({ id: 'h' }), square(0, 0, 2))]))
    const block = plan.blocks[0]
    const xs = block?.shape.map(([sx]) => sx) ?? []
    const ys = block?.shape.map(([, sy]) => sy) ?? []
    expect(Math.min(...xs)).toBeCloseTo(-Math.max(...xs), 6)
    expect(Math.min(...ys)).toBeCloseTo(-Math.max(...ys), 6)
    expect(block?.shape).toHaveLength(4)
  })

  it('stores rings open and counter-clockwise, whatever the file wrote', () => {
    const clockwise = { type: 'Polygon', coordinates: [[...squareRing(0, 0)].reverse()] }
    const { plan } = read(collection([feature(area('A'), clockwise)]))
    const polygon = plan.areas[0]?.polygon ?? []
    expect(polygon).toHaveLength(4)
    let twice = 0
    polygon.forEach(([x1, y1], i) => {
      const [x2, y2] = polygon[(i + 1) % polygon.length] ?? [0, 0]
      twice += x1 * y2 - x2 * y1
    })
    expect(twice).toBeGreaterThan(0)
  })

  it('reads a MultiPolygon of one polygon, as QGIS writes by default', () => {
    const multi = { type: 'MultiPolygon', coordinates: [[squareRing(0, 0)]] }
    const { plan, problems } = read(
      collection([feature(area('A'), multi), feature(housing({ id: 'b' }), multi)]),
    )
    expect(problems).toEqual([])
    expect(plan.areas).toHaveLength(1)
    expect(plan.blocks).toHaveLength(1)
  })

  it('treats null and empty properties as absent, as QGIS writes empty attributes', () => {
    const { plan, problems } = read(
      collection([
        feature({ ...area('A'), areaType: null, normSet: '', catchment: null, kind: null, dwellings: null }),
        feature({ ...housing(), id: null, use: null, places: null, floors: null, party: null, label: '' }),
      ]),
    )
    expect(problems).toEqual([])
    expect(plan.areas[0]).toEqual({ id: 'A', name: 'Area A', polygon: plan.areas[0]?.polygon })
    expect(plan.blocks[0]?.floors).toBe(1)
    expect(plan.blocks[0]).not.toHaveProperty('party')
    expect(plan.blocks[0]).not.toHaveProperty('label')
  })

  it('takes ids from properties.id, then feature.id, else generates them', () => {
    const { plan } = read(
      collection([
        { ...feature(area('from-props')), id: 'ignored' },
        { ...feature({ type: 'area', name: 'n' }), id: 7 },
        feature({ type: 'area', name: 'generated' }),
        feature(housing({ id: 12 })),
      ]),
    )
    expect(plan.areas.map((a) => a.id).slice(0, 2)).toEqual(['from-props', '7'])
    expect(plan.areas[2]?.id).toMatch(/^[0-9A-Za-z]{16}$/)
    expect(plan.blocks[0]?.id).toBe('12')
  })

  it('generates the same ids from the same seed', () => {
    const input = collection([feature({ type: 'area', name: 'x' }), feature(housing())])
    const ids = (seed: number) => {
      const { plan } = planFromGeoJSON(input, { random: testRandom(seed) })
      return [...plan.areas.map((a) => a.id), ...plan.blocks.map((b) => b.id)]
    }
    expect(ids(3)).toEqual(ids(3))
    expect(ids(3)).not.toEqual(ids(4))
  })

  it('names the board from the options, else the collection, else "Plan"', () => {
    expect(read(collection([], { name: 'Merwede' }), 'Mine').plan.board.name).toBe('Mine')
    expect(read(collection([], { name: 'Merwede' })).plan.board.name).toBe('Merwede')
    expect(read(collection([], { name: 5 })).plan.board.name).toBe('Plan')
    expect(read(collection([])).plan.board.name).toBe('Plan')
  })

  it('uses the area id as its name when it has none', () => {
    expect(read(collection([feature({ type: 'area', id: 'Z' })])).plan.areas[0]?.name).toBe('Z')
  })
})

describe('planFromGeoJSON: crs', () => {
  const rdSquare = {
    type: 'Polygon',
    coordinates: [
      [
        [136_000, 455_000],
        [136_100, 455_000],
        [136_100, 455_100],
        [136_000, 455_100],
        [136_000, 455_000],
      ],
    ],
  }
  const rdCrs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } }

  it('reads RD New with a crs member as is, without reprojection', () => {
    const { plan, crs, problems } = read(collection([feature(area('A'), rdSquare)], { crs: rdCrs }))
    expect(crs).toBe('rd-new')
    expect(problems).toEqual([])
    expect(plan.areas[0]?.polygon).toEqual([
      [136_000, 455_000],
      [136_100, 455_000],
      [136_100, 455_100],
      [136_000, 455_100],
    ])
  })

  it('reads RD New metres without a crs member as RD New, with a note for the file', () => {
    const { plan, crs, problems } = read(collection([feature(area('A'), rdSquare)]))
    expect(crs).toBe('rd-new')
    expect(problems).toEqual([
      { feature: null, message: expect.stringMatching(/no crs member.*read as RD New/) },
    ])
    expect(ringArea(plan.areas[0]?.polygon ?? [])).toBe(10_000)
  })

  it('reads an explicit WGS84 crs (CRS84 or EPSG:4326) like no crs member', () => {
    for (const name of ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326']) {
      const { crs, problems } = read(
        collection([feature(area('A'))], { crs: { type: 'name', properties: { name } } }),
      )
      expect(crs).toBe('wgs84')
      expect(problems).toEqual([])
    }
  })
})

describe('planFromGeoJSON: unreadable input', () => {
  it.each([
    ['a string', 'not json', /GeoJSON input must be a JSON object, got string "not json"/],
    ['null', null, /must be a JSON object, got null/],
    ['an array', [], /must be a JSON object, got an array/],
    ['a Feature', feature(area('A')), /expected a GeoJSON FeatureCollection, got type "Feature"; wrap/],
    [
      'an object without type',
      { features: [] },
      /expected a GeoJSON FeatureCollection, got an object without "type"/,
    ],
    [
      'features that are not an array',
      { type: 'FeatureCollection', features: {} },
      /FeatureCollection "features" must be an array, got an object/,
    ],
    [
      'a collection without features',
      { type: 'FeatureCollection' },
      /FeatureCollection "features" must be an array, got undefined/,
    ],
    [
      'an unknown crs',
      collection([], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }),
      /unknown crs "urn:ogc:def:crs:EPSG::3857"/,
    ],
    [
      'metres outside RD New without a crs member',
      collection([feature(area('A'), { type: 'Polygon', coordinates: [[[600_000, 5_800_000]]] })]),
      /position \[600000, 5800000\] of feature 0 is not a WGS84 longitude\/latitude.*no crs member/,
    ],
    [
      'metres in a file that says WGS84',
      collection([feature(area('A'), { type: 'Polygon', coordinates: [[[136_000, 455_000]]] })], {
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
      }),
      /position \[136000, 455000\] of feature 0 .*although the crs says WGS84/,
    ],
  ])('throws GeoJsonReadError for %s', (_, input, message) => {
    expect(() => read(input)).toThrow(GeoJsonReadError)
    expect(() => read(input)).toThrow(message)
  })
})
