import {
  type Area,
  type AreaId,
  type BBox,
  type Block,
  type BlockId,
  type Board,
  type Plan,
  ringArea,
  ringBBox,
} from '@gebiedsbord/model'
import Flatbush from 'flatbush'
import { areaReport, withCatchmentRules } from './areaReport.ts'
import { type BlockEntry, footprintBox, readBlock, scratchBox } from './blockEntry.ts'
import { type AreaBlocks, areasOf, linkBlock, removeArea, removeFromArea, totalShare } from './links.ts'
import { deriveMetrics, type Metrics, sumMetrics, sumShares } from './metrics.ts'
import { factorFor, type Lang, type NormSet } from './normSet.ts'
import { bboxesMeet, entryShareIn, MIN_SHARE } from './overlap.ts'
import { planRuleReports } from './planRules.ts'
import {
  areaTypeIn,
  builtinNormSets,
  DEFAULT_NORM_SET_ID,
  type NormSetRegistry,
  type ResolvedNormSet,
  resolveNormSet,
} from './registry.ts'
import type { AreaReport, BarcodeReport, CatchmentReport, Problem } from './report.ts'
import { roundMetrics, summarise } from './report.ts'

/** An area as the engine holds it; its blocks and their shares are in the lists of `AreaBlocks`. */
interface AreaEntry extends AreaBlocks {
  readonly id: AreaId
  readonly area: Area
  readonly bbox: BBox
  readonly m2: number
  readonly set: NormSet
  readonly type: string
  readonly problems: readonly string[]
  /** Null while a change waits to be summed. */
  metrics: Metrics | null
}

export interface EvaluatorOptions {
  /** Norm sets known by id; the shipped ones when absent. */
  readonly registry?: NormSetRegistry
  /** Used when neither the area nor the board names a set. */
  readonly defaultNormSetId?: string
  /** Language of descriptions and hints. */
  readonly lang?: Lang
}

// A block whose shares add up to less than this is reported as partly outside every area.
const WHOLE = 1 - 1e-6

/** The areas' boxes in a Flatbush tree: tree item i is `areas[i]`, in the engine's map (plan) order. */
type AreaIndex = { readonly tree: Flatbush; readonly areas: readonly AreaEntry[] }

// Flatbush returns hits in its tree's order; a block's areas are linked in plan order, so that their
// order, and the sum of the block's shares, do not depend on the tree's shape.
const ascending = (a: number, b: number): number => a - b

/** A resolution with a set: the evaluator's default set is always in its registry. */
type Resolved = ResolvedNormSet & { readonly set: NormSet; readonly type: string }

const byId = <T extends string>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The norm engine. It holds a plan's areas and blocks and evaluates them against their norm sets.
 * After a single change (one block moved, one area edited) only the areas that change touches are
 * summed again; the report equals a full evaluation of the same plan, because every sum is taken
 * in the same (id) order whichever way the engine got there.
 */
export class Evaluator {
  readonly #registry: NormSetRegistry
  readonly #lang: Lang
  readonly #fallbackSetId: string
  #board: Board = { name: '', frame: { kind: 'local' } }
  readonly #areas = new Map<AreaId, AreaEntry>()
  // After a load the blocks are only a list: a one-off evaluation never needs them by id, and
  // 10,000 map insertions would cost more than the rest of the evaluation. The first single
  // change builds the map and drops the list.
  #blockList: BlockEntry[] = []
  #blockMap: Map<BlockId, BlockEntry> | null = null
  #index: AreaIndex | null = null
  readonly #dirty = new Set<AreaId>()
  readonly #areaReports = new Map<AreaId, AreaReport>()
  /** Catchment members each area's last report was made with, to notice a changed grouping. */
  readonly #reportedGroup = new Map<AreaId, string>()
  /** Summed metrics per catchment of two or more areas, kept until a member changes. */
  readonly #catchments = new Map<string, { signature: string; metrics: Metrics; report: CatchmentReport }>()
  readonly #outside = new Set<BlockId>()
  readonly #partlyOutside = new Set<BlockId>()
  #report: BarcodeReport | null = null
  /** Filled in place by every measurement: boxes of blocks are computed, not kept. */
  readonly #box = scratchBox()
  /** The sum of the shares of the block #measure last measured. */
  #measuredTotal = 0

  constructor(options: EvaluatorOptions = {}) {
    this.#registry = options.registry ?? builtinNormSets()
    this.#lang = options.lang ?? 'en'
    this.#fallbackSetId = options.defaultNormSetId ?? DEFAULT_NORM_SET_ID
    if (!this.#registry.has(this.#fallbackSetId)) throw new Error(`unknown norm set "${this.#fallbackSetId}"`)
  }

  /** Replaces everything with a plan and evaluates it from scratch. */
  load(plan: Plan): this {
    this.#areas.clear()
    this.#areaReports.clear()
    this.#reportedGroup.clear()
    this.#catchments.clear()
    this.#outside.clear()
    this.#partlyOutside.clear()
    this.#dirty.clear()
    this.#board = plan.board
    for (const a of plan.areas) {
      this.#areas.set(a.id, this.#areaEntry(a))
      this.#dirty.add(a.id)
    }
    this.#index = null
    const list: BlockEntry[] = new Array(plan.blocks.length)
    for (let i = 0; i < plan.blocks.length; i++) {
      const entry = this.#measure(plan.blocks[i] as Block)
      list[i] = entry
      if (entry.area === null || this.#measuredTotal < WHOLE) this.#classifyOutside(entry)
    }
    this.#blockList = list
    this.#blockMap = null
    this.#report = null
    return this
  }

  /** The board's default norm set changed: every area may now use another set. */
  setBoard(board: Board): void {
    const before = this.#board.normSetId
    this.#board = board
    if (board.normSetId !== before) for (const a of [...this.#areas.values()]) this.upsertArea(a.area)
    this.#report = null
  }

  /** Adds or replaces an area and re-measures the blocks around it. */
  upsertArea(area: Area): void {
    this.#detachArea(area.id)
    const entry = this.#areaEntry(area)
    this.#areas.set(area.id, entry)
    this.#index = null
    const box = this.#box
    for (const b of this.#blocks().values()) {
      footprintBox(b.block, box)
      if (!bboxesMeet(box, entry.bbox)) continue
      const share = entryShareIn(b, box, entry.area.polygon, entry.bbox)
      if (share > MIN_SHARE) this.#link(b, entry, share)
      this.#classifyOutside(b)
    }
    this.#dirty.add(area.id)
    this.#report = null
  }

  /** Removes an area; its blocks may become outside every area. */
  removeArea(id: AreaId): void {
    if (!this.#areas.has(id)) return
    this.#detachArea(id)
    this.#areas.delete(id)
    this.#areaReports.delete(id)
    this.#reportedGroup.delete(id)
    this.#dirty.delete(id)
    this.#index = null
    this.#report = null
  }

  /** Adds or replaces a block (moved, resized, rotated or edited). */
  upsertBlock(block: Block): void {
    const blocks = this.#blocks()
    const old = blocks.get(block.id)
    if (old) this.#unlink(old)
    const entry = this.#measure(block)
    blocks.set(block.id, entry)
    this.#classifyOutside(entry)
    this.#report = null
  }

  /** Removes a block. */
  removeBlock(id: BlockId): void {
    const blocks = this.#blocks()
    const old = blocks.get(id)
    if (!old) return
    this.#unlink(old)
    blocks.delete(id)
    this.#outside.delete(id)
    this.#partlyOutside.delete(id)
    this.#report = null
  }

  /** The current report; parts that did not change since the last call are the same objects. */
  report(): BarcodeReport {
    if (this.#report) return this.#report
    for (const id of this.#dirty) {
      const a = this.#areas.get(id)
      if (a) a.metrics = this.#sumArea(a)
    }
    const areaIds = [...this.#areas.keys()].sort(byId)
    const groups = this.#catchmentGroups(areaIds)
    const catchments: CatchmentReport[] = []
    const groupMetrics = new Map<string, Metrics>()
    for (const [key, members] of groups) {
      if (members.length < 2) continue
      const signature = members.join('\u0000')
      let cached = this.#catchments.get(key)
      if (!cached || cached.signature !== signature || members.some((m) => this.#dirty.has(m))) {
        const metrics = sumMetrics(members.map((m) => this.#metricsOf(m)))
        cached = { signature, metrics, report: { id: key, areas: members, metrics: roundMetrics(metrics) } }
        this.#catchments.set(key, cached)
      }
      groupMetrics.set(key, cached.metrics)
      catchments.push(cached.report)
    }
    for (const key of this.#catchments.keys()) if (!groupMetrics.has(key)) this.#catchments.delete(key)
    const areas: AreaReport[] = []
    for (const id of areaIds) {
      const entry = this.#areas.get(id) as AreaEntry
      const key = entry.area.catchment ?? ''
      const members = key ? (groups.get(key) ?? [id]) : [id]
      const signature = members.join('\u0000')
      const previous = this.#areaReports.get(id)
      const own = this.#dirty.has(id) || this.#reportedGroup.get(id) !== signature || !previous
      if (own) {
        const shared = members.length > 1 ? key : undefined
        const report = areaReport(
          entry,
          this.#metricsOf(id),
          this.#lang,
          shared,
          shared === undefined ? undefined : groupMetrics.get(shared),
        )
        this.#areaReports.set(id, report)
        this.#reportedGroup.set(id, signature)
      } else if (members.some((m) => this.#dirty.has(m))) {
        // Only a catchment neighbour changed: the area's own rules stand, its catchment rules move.
        const metrics = this.#metricsOf(id)
        const group = groupMetrics.get(key) as Metrics
        this.#areaReports.set(id, withCatchmentRules(previous, entry, metrics, this.#lang, key, group))
      }
      areas.push(this.#areaReports.get(id) as AreaReport)
    }
    this.#dirty.clear()
    const defaultSet = this.#resolve(undefined).set
    const planMetrics = sumMetrics(areaIds.map((id) => this.#metricsOf(id)))
    const planRules = planRuleReports(
      defaultSet,
      planMetrics,
      areaIds.map((id) => {
        const e = this.#areas.get(id) as AreaEntry
        return {
          type: areaTypeIn(defaultSet, e.type),
          metrics: this.#metricsOf(id),
        }
      }),
      this.#lang,
    )
    const problems: Problem[] = []
    for (const id of areaIds)
      for (const message of (this.#areas.get(id) as AreaEntry).problems)
        problems.push({ feature: null, area: id, message })
    const outside = [...this.#outside].sort(byId)
    for (const block of outside)
      problems.push({ feature: null, block, message: 'block lies outside every area: it counts in no area' })
    this.#report = {
      normSet: { id: defaultSet.id, version: defaultSet.version },
      areas,
      plan: {
        metrics: roundMetrics(planMetrics),
        rules: planRules,
        summary: summarise(planRules, planMetrics.dwellings > 0),
      },
      catchments,
      outside,
      partlyOutside: [...this.#partlyOutside].sort(byId),
      problems,
    }
    return this.#report
  }

  /** The set and type of an area (or, without one, the plan's); the constructor checked the default exists. */
  #resolve(area: Area | undefined): Resolved {
    return resolveNormSet(area, this.#board, this.#registry, this.#fallbackSetId) as Resolved
  }

  #areaEntry(area: Area): AreaEntry {
    const problems: string[] = []
    const { set, type, unknownSetId, unknownType } = this.#resolve(area)
    if (unknownSetId !== undefined)
      problems.push(`unknown norm set "${unknownSetId}"; evaluated with "${set.id}"`)
    if (unknownType !== undefined)
      problems.push(
        `unknown area type "${unknownType}" for norm set "${set.id}" (expected ${set.areaTypes.join(', ')}); evaluated as "${set.defaultAreaType}"`,
      )
    return {
      area,
      bbox: ringBBox(area.polygon),
      m2: ringArea(area.polygon),
      set,
      type,
      problems,
      id: area.id,
      blocks: [],
      shares: [],
      metrics: null,
    }
  }

  #areaIndex(): AreaIndex | null {
    // Flatbush cannot be built over no items; without areas no block is linked anyway.
    if (this.#index || this.#areas.size === 0) return this.#index
    const areas = [...this.#areas.values()]
    const tree = new Flatbush(areas.length)
    for (const { bbox } of areas) tree.add(bbox.minX, bbox.minY, bbox.maxX, bbox.maxY)
    tree.finish()
    this.#index = { tree, areas }
    return this.#index
  }

  #blocks(): Map<BlockId, BlockEntry> {
    if (!this.#blockMap) {
      this.#blockMap = new Map()
      for (const b of this.#blockList) this.#blockMap.set(b.id as BlockId, b)
      this.#blockList = []
    }
    return this.#blockMap
  }

  /**
   * Reads a block and links it to every area it overlaps; leaves the sum of its shares, added in
   * link order as `totalShare` adds them, in #measuredTotal.
   */
  #measure(block: Block): BlockEntry {
    const box = this.#box
    const entry = readBlock(block, box)
    const index = this.#areaIndex()
    let total = 0
    if (index) {
      const hits = index.tree.search(box.minX, box.minY, box.maxX, box.maxY).sort(ascending)
      for (let k = 0; k < hits.length; k++) {
        const area = index.areas[hits[k] as number] as AreaEntry
        const share = entryShareIn(entry, box, area.area.polygon, area.bbox)
        if (share > MIN_SHARE) {
          this.#link(entry, area, share)
          total += share
        }
      }
    }
    this.#measuredTotal = total
    return entry
  }

  #link(block: BlockEntry, area: AreaEntry, share: number): void {
    linkBlock(block, area, share)
    this.#dirty.add(area.id)
  }

  #unlink(block: BlockEntry): void {
    for (const { id } of areasOf(block)) {
      const area = this.#areas.get(id as AreaId)
      if (!area) continue
      removeFromArea(area, block)
      this.#dirty.add(area.id)
    }
  }

  #detachArea(id: AreaId): void {
    const old = this.#areas.get(id)
    if (!old) return
    const blocks = this.#blocks()
    for (const entry of old.blocks) {
      const b = blocks.get(entry.id as BlockId)
      if (!b) continue
      removeArea(b, old)
      this.#classifyOutside(b)
    }
  }

  #classifyOutside(b: BlockEntry): void {
    const id = b.id as BlockId
    if (b.area === null) this.#outside.add(id)
    else this.#outside.delete(id)
    if (b.area !== null && totalShare(b) < WHOLE) this.#partlyOutside.add(id)
    else this.#partlyOutside.delete(id)
  }

  #sumArea(a: AreaEntry): Metrics {
    const p = a.set.population
    return deriveMetrics(sumShares(a.blocks, a.shares), a.m2, {
      personsPerDwelling: factorFor(p.personsPerDwelling, a.type),
      pupilsPerDwelling: factorFor(p.pupilsPerDwelling, a.type),
      childcarePlacesPerDwelling: factorFor(p.childcarePlacesPerDwelling, a.type),
    })
  }

  #metricsOf(id: AreaId): Metrics {
    const a = this.#areas.get(id) as AreaEntry
    a.metrics ??= this.#sumArea(a)
    return a.metrics
  }

  #catchmentGroups(sortedIds: readonly AreaId[]): Map<string, AreaId[]> {
    const groups = new Map<string, AreaId[]>()
    for (const id of sortedIds) {
      const key = (this.#areas.get(id) as AreaEntry).area.catchment
      if (!key) continue
      const list = groups.get(key)
      if (list) list.push(id)
      else groups.set(key, [id])
    }
    return groups
  }
}

/** Evaluates a whole plan once: the barcode per area, per catchment and for the plan. */
export function checkPlan(plan: Plan, options: EvaluatorOptions = {}): BarcodeReport {
  return new Evaluator(options).load(plan).report()
}
