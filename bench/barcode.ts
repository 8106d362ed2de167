import { checkPlan, Evaluator } from '@gebiedsbord/barcode'
import {
  AMENITY_USES,
  type Area,
  asAreaId,
  asBlockId,
  type Block,
  GREEN_USES,
  type Plan,
  readPlan,
  rectangle,
  SEGMENTS,
  seededRandom,
  writePlan,
} from '@gebiedsbord/model'
import * as Y from 'yjs'
import { type Figure, median, percentile, timeMs } from './stats.ts'

const GRID = 10 // 10 × 10 = 100 areas
const AREA_SIZE = 200 // metres: 4 ha each

/**
 * A plan of 100 areas in a grid and `blocks` blocks scattered over them; some straddle edges.
 * It is written to a Y.Doc and read back, so that the engine gets the objects a board gives it.
 */
export function syntheticPlan(blocks: number, seed = 42): Plan {
  const doc = new Y.Doc()
  writePlan(doc, generatePlan(blocks, seed))
  const plan = readPlan(doc)
  doc.destroy()
  return plan
}

function generatePlan(blocks: number, seed: number): Plan {
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const types = ['centrum-stedelijk', 'stedelijk', 'groen-stedelijk', 'dorps']
  const areas: Area[] = []
  for (let i = 0; i < GRID; i++)
    for (let j = 0; j < GRID; j++) {
      const x = i * AREA_SIZE
      const y = j * AREA_SIZE
      areas.push({
        id: asAreaId(`a${i}-${j}`),
        name: `Area ${i}-${j}`,
        areaType: pick(types),
        ...(j % 2 === 0 ? { catchment: `c${i}` } : {}),
        polygon: [
          [x, y],
          [x + AREA_SIZE, y],
          [x + AREA_SIZE, y + AREA_SIZE],
          [x, y + AREA_SIZE],
        ],
      })
    }
  const list: Block[] = []
  for (let k = 0; k < blocks; k++) {
    const base = {
      id: asBlockId(`b${k}`),
      x: rnd() * GRID * AREA_SIZE,
      y: rnd() * GRID * AREA_SIZE,
      rotation: rnd() < 0.8 ? 0 : rnd() * 90,
      shape: rectangle(8 + rnd() * 30, 8 + rnd() * 30),
      floors: 1 + Math.floor(rnd() * 6),
    }
    const r = rnd()
    if (r < 0.5)
      list.push({ ...base, kind: 'housing', dwellings: 5 + Math.floor(rnd() * 60), segment: pick(SEGMENTS) })
    else if (r < 0.65) list.push({ ...base, kind: 'amenity', use: pick(AMENITY_USES) })
    else if (r < 0.85) list.push({ ...base, kind: 'green', use: pick(GREEN_USES) })
    else if (r < 0.95) list.push({ ...base, kind: 'parking', places: Math.floor(rnd() * 100) })
    else list.push({ ...base, kind: 'work' })
  }
  return { board: { name: 'bench', frame: { kind: 'local' } }, areas, blocks: list, parties: [] }
}

/** Full and incremental evaluation of 100 areas × `blocks` blocks. */
export function benchBarcode(options: { quick: boolean; blocks?: number }): Figure[] {
  const blocks = options.blocks ?? 10_000
  const plan = syntheticPlan(blocks)
  const fullRuns = options.quick ? 10 : 40
  for (let i = 0; i < 3; i++) checkPlan(plan) // warm up the JIT
  const full = Array.from({ length: fullRuns }, () => timeMs(() => checkPlan(plan)))

  const ev = new Evaluator().load(plan)
  ev.report()
  const rnd = seededRandom(7)
  const moves = options.quick ? 500 : 3000
  const incremental: number[] = []
  for (let i = 0; i < moves; i++) {
    const b = plan.blocks[Math.floor(rnd() * plan.blocks.length)] as Block
    const moved = { ...b, x: b.x + (rnd() - 0.5) * 80, y: b.y + (rnd() - 0.5) * 80 }
    incremental.push(
      timeMs(() => {
        ev.upsertBlock(moved)
        ev.report()
      }),
    )
  }
  const label = `${GRID * GRID} areas × ${blocks.toLocaleString('en')} blocks`
  return [
    {
      name: `norm engine: full evaluation, ${label} (median)`,
      value: median(full),
      unit: 'ms',
      target: '< 20 ms',
    },
    { name: `norm engine: full evaluation, ${label} (p95)`, value: percentile(full, 95), unit: 'ms' },
    {
      name: `norm engine: incremental move + report, ${label} (median)`,
      value: median(incremental),
      unit: 'ms',
      target: '< 1 ms',
    },
    { name: `norm engine: incremental move + report (p99)`, value: percentile(incremental, 99), unit: 'ms' },
  ]
}
