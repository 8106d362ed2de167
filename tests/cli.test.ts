import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const BIN = join(ROOT, 'packages/cli/bin/gebiedsbord.mjs')
const FIXTURE = join(ROOT, 'packages/geo/fixtures/utrecht-sample.geojson')
const dir = mkdtempSync(join(tmpdir(), 'gebiedsbord-cli-'))

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function file(name: string, content: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

const RD_CRS = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } }
const X0 = 136_000 // somewhere in Utrecht, RD New metres
const Y0 = 455_000
/** A rectangle in RD New, relative to (X0, Y0), as a closed GeoJSON ring. */
const rect = (x: number, y: number, w: number, h: number) => [
  [
    [X0 + x, Y0 + y],
    [X0 + x + w, Y0 + y],
    [X0 + x + w, Y0 + y + h],
    [X0 + x, Y0 + y + h],
    [X0 + x, Y0 + y],
  ],
]
const feature = (coordinates: number[][][], properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates },
  properties,
})

/**
 * A 2 ha stedelijk area whose programme meets every rule of nl-reference: 120 dwellings (60/ha),
 * 30% social, 37.5% mid, 9,000 m² green (75 per dwelling) of which 600 m² play (3%),
 * 120 parking places, and enough school, GP, childcare, retail and a sports hall.
 */
const passingPlan = {
  type: 'FeatureCollection',
  crs: RD_CRS,
  features: [
    feature(rect(0, 0, 200, 100), { type: 'area', id: 'A', name: 'Zuilen-Noord', areaType: 'stedelijk' }),
    feature(rect(5, 5, 20, 20), {
      type: 'block',
      kind: 'housing',
      dwellings: 36,
      segment: 'social',
      floors: 4,
    }),
    feature(rect(30, 5, 20, 20), {
      type: 'block',
      kind: 'housing',
      dwellings: 45,
      segment: 'mid',
      floors: 4,
    }),
    feature(rect(55, 5, 20, 20), {
      type: 'block',
      kind: 'housing',
      dwellings: 39,
      segment: 'private',
      floors: 4,
    }),
    feature(rect(5, 30, 84, 100 - 30 - 5), { type: 'block', kind: 'green', use: 'park' }), // 84 × 65 = 5,460
    feature(rect(90, 30, 60, 49), { type: 'block', kind: 'green', use: 'park' }), // 2,940
    feature(rect(150, 30, 30, 20), { type: 'block', kind: 'green', use: 'play' }), // 600
    feature(rect(80, 5, 30, 20), { type: 'block', kind: 'parking', places: 120 }),
    feature(rect(115, 5, 20, 10), { type: 'block', kind: 'amenity', use: 'school', floors: 1 }), // 200 m²
    feature(rect(140, 5, 5, 5), { type: 'block', kind: 'amenity', use: 'gp' }), // 25 m²
    feature(rect(150, 5, 6, 6), { type: 'block', kind: 'amenity', use: 'childcare' }), // 36 m²
    feature(rect(160, 5, 10, 8), { type: 'block', kind: 'amenity', use: 'retail' }), // 80 m²
    feature(rect(175, 5, 20, 20), { type: 'block', kind: 'amenity', use: 'sports' }),
  ],
}

describe('gebiedsbord check', () => {
  it('exits 0 and prints a passing barcode when every rule passes', () => {
    const r = run(['check', file('pass.geojson', passingPlan)])
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('Zuilen-Noord')
    expect(r.stdout).not.toMatch(/FAIL {2}|WARN {2}/)
    expect(r.code).toBe(0)
  })

  it('prints the JSON contract with per-area metrics, rules and sources', () => {
    const r = run(['check', file('pass.geojson', passingPlan), '--format', 'json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.normSet).toEqual({ id: 'nl-reference', version: '1.0.0' })
    const area = out.areas[0]
    expect(area).toMatchObject({ id: 'A', name: 'Zuilen-Noord', areaType: 'stedelijk' })
    expect(area.metrics).toMatchObject({
      dwellings: 120,
      dwellingsBySegment: { social: 36, mid: 45, private: 39 },
      greenM2: 9000,
      playM2: 600,
      parkingPlaces: 120,
    })
    expect(area.metrics.areaHa).toBeCloseTo(2, 6)
    expect(area.metrics.density).toBeCloseTo(60, 6)
    expect(area.metrics.amenityM2.school).toBe(200)
    const ids = area.rules.map((x: { id: string }) => x.id)
    expect(ids).toEqual([
      'social-share',
      'affordable-share',
      'mid-share',
      'density',
      'green-per-dwelling',
      'play-share',
      'parking-per-dwelling',
      'primary-school-m2',
      'gp-fte',
      'childcare-m2',
      'retail-m2',
      'sports-hall',
    ])
    for (const rule of area.rules) {
      expect(rule).toHaveProperty('status', 'pass')
      expect(rule.source).toBeTypeOf('string')
      expect(rule).toHaveProperty('unit')
      expect(rule).toHaveProperty('required')
    }
    expect(out.plan.rules).toHaveLength(12)
    expect(out.problems).toEqual([])
  })

  it('exits 1 and explains what is needed when rules fail, in Dutch on request', () => {
    const failing = structuredClone(passingPlan)
    failing.features[1] = feature(rect(5, 5, 20, 20), {
      type: 'block',
      kind: 'housing',
      dwellings: 36,
      segment: 'private',
    })
    const r = run(['check', file('fail.geojson', failing), '--lang', 'nl'])
    expect(r.code).toBe(1)
    // 0 social of 120: (0 + x) / (120 + x) ≥ 0.3 → x = 51.4 → +52
    expect(r.stdout).toMatch(/FOUT\s+social-share.*\+52 sociale huurwoningen \(of 36 bestaande omzetten\)/)
  })

  it('lists each invalid feature by index, evaluates the rest and exits 1', () => {
    const bad = structuredClone(passingPlan) as { features: unknown[] }
    bad.features.push(
      feature(rect(10, 10, 5, 5), { type: 'block', kind: 'housing', dwellings: -5, segment: 'social' }),
      feature(rect(10, 10, 5, 5), { type: 'block', kind: 'hotel' }),
      feature(rect(10, 10, 5, 5), { type: 'block', kind: 'housing', dwellings: 12 }),
      {
        type: 'Feature',
        properties: { type: 'block', kind: 'water' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [X0, Y0],
              [X0 + 10, Y0 + 10],
              [X0 + 10, Y0],
              [X0, Y0 + 10],
              [X0, Y0],
            ],
          ],
        },
      },
      feature(rect(5000, 5000, 10, 10), { type: 'block', kind: 'work' }),
    )
    const r = run(['check', file('bad.geojson', bad), '--format', 'json'])
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    const byFeature = new Map(
      out.problems.map((p: { feature: number; message: string }) => [p.feature, p.message]),
    )
    expect([...byFeature.keys()]).toEqual([13, 14, 15, 16, 17])
    expect(byFeature.get(13)).toMatch(/dwellings/)
    expect(byFeature.get(14)).toMatch(/hotel/)
    expect(byFeature.get(15)).toMatch(/segment/)
    expect(byFeature.get(16)).toMatch(/intersect/)
    expect(byFeature.get(17)).toMatch(/outside every area/)
    // the valid features were still evaluated
    expect(out.areas[0].metrics.dwellings).toBe(120)
    expect(out.outside).toHaveLength(1)
  })

  it('exits 2 with a clear message and no stack trace for unreadable input', () => {
    const cases: [string, RegExp][] = [
      [file('garbage.geojson', '{ this is not json'), /not valid JSON/],
      [file('notfc.geojson', { type: 'Feature' }), /FeatureCollection/],
      [
        file('crs.geojson', {
          type: 'FeatureCollection',
          crs: { type: 'name', properties: { name: 'EPSG:3857' } },
          features: [],
        }),
        /3857/,
      ],
      [join(dir, 'missing.geojson'), /cannot read .*missing\.geojson: ENOENT/],
    ]
    for (const [path, message] of cases) {
      const r = run(['check', path])
      expect(r.code, path).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(r.stdout).toBe('')
    }
  })

  it('takes a norm set by id or from a file, and names every bad field of a bad file', () => {
    const ams = JSON.parse(
      run(['check', file('p.geojson', passingPlan), '--norms', 'amsterdam-40-40-20', '--format', 'json'])
        .stdout,
    )
    expect(ams.normSet.id).toBe('amsterdam-40-40-20')
    expect(ams.areas[0].rules.find((r: { id: string }) => r.id === 'social-share').status).toBe('fail')

    const own = file('own.json', {
      id: 'own',
      version: '1',
      date: '2026-01-01',
      name: { nl: 'Eigen', en: 'Own' },
      extends: 'nl-reference',
      removeRules: ['social-share'],
    })
    const mine = JSON.parse(
      run(['check', file('p.geojson', passingPlan), '--norms', own, '--format', 'json']).stdout,
    )
    expect(mine.normSet.id).toBe('own')
    expect(mine.areas[0].rules).toHaveLength(11)

    const broken = file('broken.json', {
      id: 'x',
      version: '1',
      date: 'yesterday',
      name: { nl: 'a', en: 'b' },
      rules: [{ id: 'Bad Id' }],
    })
    const r = run(['check', file('p.geojson', passingPlan), '--norms', broken])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('date:')
    expect(r.stderr).toContain('rules[0].id:')
    expect(r.stderr).toContain('rules[0].measure:')
    expect(r.stderr).not.toMatch(/\n\s+at /)

    const unknown = run(['check', file('p.geojson', passingPlan), '--norms', 'rotterdam'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(
      /neither a known norm set \(nl-reference, amsterdam-40-40-20\) nor a readable file/,
    )
  })

  it('checks the sample plan shipped with the README (WGS84 input)', () => {
    const r = run(['check', FIXTURE, '--format', 'json'])
    expect([0, 1]).toContain(r.code)
    const out = JSON.parse(r.stdout)
    expect(out.areas.length).toBeGreaterThanOrEqual(2)
    expect(out.outside.length).toBeGreaterThanOrEqual(1)
  })

  it('rejects a bad option with usage and exit 2', () => {
    const r = run(['check', FIXTURE, '--format', 'xml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--format must be table or json/)
    expect(run(['frobnicate']).code).toBe(2)
  })

  it('runs from the repo root as `npx pnpm@10 gebiedsbord check`', () => {
    const r = spawnSync(
      'npx',
      [
        '-y',
        'pnpm@10',
        '--silent',
        'gebiedsbord',
        'check',
        file('p.geojson', passingPlan),
        '--format',
        'json',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).normSet.id).toBe('nl-reference')
  })
})
