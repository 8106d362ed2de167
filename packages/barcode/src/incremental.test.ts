import {
  AMENITY_USES,
  type Area,
  asAreaId,
  asBlockId,
  type Block,
  GREEN_USES,
  type Plan,
  rectangle,
  SEGMENTS,
  seededRandom,
} from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { checkPlan, Evaluator } from './evaluator.ts'

// Property: after any sequence of single changes, the incrementally maintained report equals a
// full evaluation of the same plan. Replay one seed with BARCODE_SEED=<n>.
const SEEDS = process.env.BARCODE_SEED
  ? [Number(process.env.BARCODE_SEED)]
  : Array.from({ length: 25 }, (_, i) => i + 1)
const STEPS = 60
const AREA_TYPES = ['centrum-stedelijk', 'stedelijk', 'groen-stedelijk', 'dorps', 'unknown-type']
const NORM_SETS = [undefined, 'nl-reference', 'amsterdam-40-40-20']

function generator(seed: number) {
  const rnd = seededRandom(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T
  let counter = 0

  const areaShape = (): Area['polygon'] => {
    const x = int(4) * 100
    const y = int(3) * 100
    const w = 50 + int(150)
    const h = 50 + int(150)
    if (rnd() < 0.3)
      // a concave L-shape
      return [
        [x, y],
        [x + w, y],
        [x + w, y + h / 2],
        [x + w / 2, y + h / 2],
        [x + w / 2, y + h],
        [x, y + h],
      ]
    return [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ]
  }
  const area = (id: string): Area => ({
    id: asAreaId(id),
    name: id,
    polygon: areaShape(),
    ...(rnd() < 0.8 ? { areaType: pick(AREA_TYPES) } : {}),
    ...(rnd() < 0.3 ? { catchment: pick(['north', 'south']) } : {}),
    ...(rnd() < 0.2 ? { normSetId: pick(['amsterdam-40-40-20', 'nl-reference']) } : {}),
  })
  const block = (id: string): Block => {
    const base = {
      id: asBlockId(id),
      x: rnd() * 450,
      y: rnd() * 350,
      rotation: rnd() < 0.5 ? 0 : rnd() * 360,
      shape: rectangle(2 + rnd() * 60, 2 + rnd() * 60),
      floors: 1 + int(6),
    }
    switch (int(6)) {
      case 0:
        return { ...base, kind: 'housing', dwellings: int(300), segment: pick(SEGMENTS) }
      case 1:
        return { ...base, kind: 'amenity', use: pick(AMENITY_USES) }
      case 2:
        return { ...base, kind: 'green', use: pick(GREEN_USES) }
      case 3:
        return { ...base, kind: 'parking', places: int(200) }
      case 4:
        return { ...base, kind: 'work' }
      default:
        return { ...base, kind: 'water' }
    }
  }
  const newId = (prefix: string) => `${prefix}${(counter++).toString(36)}`
  return { rnd, int, pick, area, block, newId }
}

function runSeed(seed: number): void {
  const g = generator(seed)
  const areas = new Map<string, Area>()
  const blocks = new Map<string, Block>()
  let normSetId: string | undefined
  for (let i = 0; i < 5; i++) {
    const a = g.area(g.newId('a'))
    areas.set(a.id, a)
  }
  for (let i = 0; i < 40; i++) {
    const b = g.block(g.newId('b'))
    blocks.set(b.id, b)
  }
  const current = (): Plan => ({
    board: { name: 'p', frame: { kind: 'local' }, ...(normSetId ? { normSetId } : {}) },
    areas: [...areas.values()],
    blocks: [...blocks.values()],
    parties: [],
  })
  const ev = new Evaluator().load(current())
  for (let step = 0; step < STEPS; step++) {
    const op = g.int(10)
    const blockIds = [...blocks.keys()]
    const areaIds = [...areas.keys()]
    if (op <= 1 || blockIds.length === 0) {
      const b = g.block(g.newId('b'))
      blocks.set(b.id, b)
      ev.upsertBlock(b)
    } else if (op <= 4) {
      // move, rotate, resize or re-program an existing block
      const old = blocks.get(g.pick(blockIds)) as Block
      const changed: Block =
        g.rnd() < 0.5
          ? {
              ...old,
              x: old.x + (g.rnd() - 0.5) * 120,
              y: old.y + (g.rnd() - 0.5) * 120,
              rotation: g.rnd() * 360,
            }
          : { ...g.block(old.id), x: old.x, y: old.y }
      blocks.set(changed.id, changed)
      ev.upsertBlock(changed)
    } else if (op === 5) {
      const id = g.pick(blockIds)
      blocks.delete(id)
      ev.removeBlock(asBlockId(id))
    } else if (op === 6) {
      const a = g.area(areaIds.length > 0 && g.rnd() < 0.7 ? g.pick(areaIds) : g.newId('a'))
      areas.set(a.id, a)
      ev.upsertArea(a)
    } else if (op === 7 && areaIds.length > 0) {
      const id = g.pick(areaIds)
      areas.delete(id)
      ev.removeArea(asAreaId(id))
    } else if (op === 8) {
      normSetId = g.pick(NORM_SETS)
      ev.setBoard(current().board)
    } else {
      // several changes before one report, as in a remote transaction
      for (let k = 0; k < 3 && blockIds.length > 0; k++) {
        const old = blocks.get(g.pick(blockIds)) as Block
        const moved = { ...old, x: old.x + 30 }
        blocks.set(moved.id, moved)
        ev.upsertBlock(moved)
      }
    }
    const incremental = ev.report()
    const full = checkPlan(current())
    expect(
      incremental,
      `seed ${seed}, step ${step}: incremental report differs from full evaluation`,
    ).toEqual(full)
  }
}

describe('incremental re-evaluation equals full evaluation (property, seeded)', () => {
  it.each(SEEDS)('seed %i', (seed) => {
    try {
      runSeed(seed)
    } catch (e) {
      throw new Error(`replay with BARCODE_SEED=${seed}: ${(e as Error).message}`)
    }
  })
})
