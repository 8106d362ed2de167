import {
  AMENITY_USES,
  type AmenityUse,
  type AreaId,
  type Party,
  type PartyId,
  type Plan,
  type Segment,
} from '@gebiedsbord/model'
import { readBlock, scratchBox } from './blockEntry.ts'
import type { EvaluatorOptions } from './evaluator.ts'
import { roundTo } from './format.ts'
import { addRawMetrics, type BlockFigures, emptyRawMetrics, type RawMetrics, sumShares } from './metrics.ts'
import { appliesTo, bandsFor, type NormSet } from './normSet.ts'
import { blockShares, indexAreas } from './overlap.ts'
import { builtinNormSets, DEFAULT_NORM_SET_ID, resolveNormSet } from './registry.ts'

/** The rule whose pass minimum is the social-rent target of an area (≥ 30% in `nl-reference`). */
export const SOCIAL_SHARE_RULE = 'social-share'
/** The rule whose pass minimum is the affordable target (social + mid rent, ≥ 66.7% in `nl-reference`). */
export const AFFORDABLE_SHARE_RULE = 'affordable-share'

/** What a party (or the whole scope) builds in an area or the plan; parts of straddling blocks count by footprint share. */
export interface ProgrammeFigures {
  readonly dwellings: number
  readonly dwellingsBySegment: Readonly<Record<Segment, number>>
  /** Gross floor area (BVO) of amenities per use. */
  readonly amenityM2: Readonly<Record<AmenityUse, number>>
  readonly amenityM2Total: number
  readonly greenM2: number
  readonly parkingPlaces: number
  /** Gross floor area (BVO) of work. */
  readonly workM2: number
}

/** A party's part in one housing target of a scope; percentages, null where the base is zero or absent. */
export interface TargetShare {
  /** The party's dwellings that count towards the target (social; social + mid for affordable). */
  readonly dwellings: number
  /** Share of the scope's dwellings that count towards the target. */
  readonly ofScope: number | null
  /** Share of the dwellings the scope's rule requires (its pass minimum × the scope's dwellings). */
  readonly ofRequired: number | null
  /** Share of the party's own dwellings: the party's own social (or affordable) share. */
  readonly own: number | null
}

/** One line of a party table. `party` is null for blocks without a party (or of a party since removed). */
export interface PartyProgrammeRow extends ProgrammeFigures {
  readonly party: Party | null
  readonly social: TargetShare
  readonly affordable: TargetShare
}

/** A housing target of a scope as the norm set states it. */
export interface HousingTarget {
  /** Id of the rule the target comes from. */
  readonly rule: string
  /**
   * The rule's pass minimum in %; for the plan, the areas' minimums weighted by their dwellings.
   * Null without the rule (for the plan: in no area, or no dwellings to weigh by).
   */
  readonly minPercent: number | null
  /** Dwellings the rule requires; null without the rule. */
  readonly requiredDwellings: number | null
  /** Dwellings of the scope that count towards it. */
  readonly dwellings: number
}

/** The party table of an area, or of the plan. */
export interface ScopeProgramme {
  /** Null for the plan. */
  readonly area: AreaId | null
  /** The area's name, or the board's for the plan. */
  readonly name: string
  readonly rows: readonly PartyProgrammeRow[]
  /** The sum of the rows: what the barcode counts in the scope. */
  readonly total: ProgrammeFigures
  readonly targets: { readonly social: HousingTarget; readonly affordable: HousingTarget }
}

/** Each party's programme and share of the housing targets, per area and for the plan. */
export interface PartyProgramme {
  /** In the plan's area order. */
  readonly areas: readonly ScopeProgramme[]
  readonly plan: ScopeProgramme
}

function figures(s: RawMetrics): ProgrammeFigures {
  const amenityM2 = Object.fromEntries(AMENITY_USES.map((u) => [u, roundTo(s.amenityM2[u])])) as Record<
    AmenityUse,
    number
  >
  return {
    dwellings: roundTo(s.dwellings),
    dwellingsBySegment: {
      social: roundTo(s.dwellingsBySegment.social),
      mid: roundTo(s.dwellingsBySegment.mid),
      private: roundTo(s.dwellingsBySegment.private),
    },
    amenityM2,
    amenityM2Total: roundTo(AMENITY_USES.reduce((t, u) => t + s.amenityM2[u], 0)),
    greenM2: roundTo(s.greenM2),
    parkingPlaces: roundTo(s.parkingPlaces),
    workM2: roundTo(s.workM2),
  }
}

/** A party's blocks in one area, with the share of each block's footprint inside. */
interface PartyBlocks {
  readonly blocks: BlockFigures[]
  readonly shares: number[]
}

/** The running sums kept under a key, made on first use. */
function sumsOf<K>(map: Map<K, RawMetrics>, key: K): RawMetrics {
  let sums = map.get(key)
  if (!sums) {
    sums = emptyRawMetrics()
    map.set(key, sums)
  }
  return sums
}

/** The sum of a scope's rows. */
function totalOf(rows: readonly { sums: RawMetrics }[]): RawMetrics {
  const total = emptyRawMetrics()
  for (const r of rows) addRawMetrics(total, r.sums)
  return total
}

const percent = (part: number, whole: number | null): number | null =>
  whole === null || whole <= 0 ? null : roundTo((100 * part) / whole)

/** Unrounded target of a scope: the pass minimum and the dwellings it requires. */
interface RawTarget {
  readonly rule: string
  readonly minPercent: number | null
  readonly required: number | null
}

function targetShare(part: number, own: number, inScope: number, target: RawTarget): TargetShare {
  return {
    dwellings: roundTo(part),
    ofScope: percent(part, inScope),
    ofRequired: percent(part, target.required),
    own: percent(part, own),
  }
}

const socialOf = (s: RawMetrics): number => s.dwellingsBySegment.social
const affordableOf = (s: RawMetrics): number => s.dwellingsBySegment.social + s.dwellingsBySegment.mid

/** A scope's table from its rows and their total (`totalOf(rows)`). */
function scope(
  area: AreaId | null,
  name: string,
  rows: readonly { party: Party | null; sums: RawMetrics }[],
  total: RawMetrics,
  social: RawTarget,
  affordable: RawTarget,
): ScopeProgramme {
  const housingTarget = (t: RawTarget, counted: number): HousingTarget => ({
    rule: t.rule,
    minPercent: t.minPercent === null ? null : roundTo(t.minPercent),
    requiredDwellings: t.required === null ? null : roundTo(t.required),
    dwellings: roundTo(counted),
  })
  return {
    area,
    name,
    rows: rows.map(({ party, sums }) => ({
      party,
      ...figures(sums),
      social: targetShare(socialOf(sums), sums.dwellings, socialOf(total), social),
      affordable: targetShare(affordableOf(sums), sums.dwellings, affordableOf(total), affordable),
    })),
    total: figures(total),
    targets: {
      social: housingTarget(social, socialOf(total)),
      affordable: housingTarget(affordable, affordableOf(total)),
    },
  }
}

/** The pass minimum (%) of a rule for an area, as the engine would judge it; null when the rule does not apply. */
function minPercentFor(set: NormSet, areaType: string, ruleId: string): number | null {
  const rule = set.rules.find((r) => r.id === ruleId)
  if (!rule || !appliesTo(rule, areaType)) return null
  return bandsFor(rule, areaType).pass.min ?? null
}

/**
 * Each party's programme per area and for the plan, and its share of the social and affordable
 * targets: the dwellings the area's `social-share` and `affordable-share` rules require are the
 * rule's pass minimum (for the area's norm set and type, as the engine resolves them) times the
 * area's dwellings; the plan requires the sum of its areas' requirements. Blocks count in an area
 * by the share of their footprint inside, as in the barcode, so each scope's total equals the
 * barcode's metrics; blocks outside every area count nowhere. An area lists the parties with a
 * block in it, the plan lists every party; blocks without a (known) party form a row of their own.
 */
export function partyProgramme(
  plan: Plan,
  options: Pick<EvaluatorOptions, 'registry' | 'defaultNormSetId'> = {},
): PartyProgramme {
  const registry = options.registry ?? builtinNormSets()
  const fallbackId = options.defaultNormSetId ?? DEFAULT_NORM_SET_ID
  const parties = new Map<PartyId, Party>(plan.parties.map((p) => [p.id, p]))
  const indexed = indexAreas(plan)
  // The blocks per area and party id ('' for blocks without a known party) with their shares, in
  // plan order, summed as the engine sums an area; a key exists once a block counts.
  const counted = new Map<AreaId, Map<PartyId | '', PartyBlocks>>(plan.areas.map((a) => [a.id, new Map()]))
  const box = scratchBox()
  for (const b of plan.blocks) {
    const key = b.party !== undefined && parties.has(b.party) ? b.party : ''
    const shares = blockShares(b, indexed)
    if (shares.length === 0) continue
    const read = readBlock(b, box)
    for (const { area, share } of shares) {
      const rows = counted.get(area) as Map<PartyId | '', PartyBlocks>
      let row = rows.get(key)
      if (!row) {
        row = { blocks: [], shares: [] }
        rows.set(key, row)
      }
      row.blocks.push(read)
      row.shares.push(share)
    }
  }
  const byArea = new Map<AreaId, Map<PartyId | '', RawMetrics>>()
  for (const [area, rows] of counted) {
    const sums = new Map<PartyId | '', RawMetrics>()
    for (const [key, row] of rows) sums.set(key, sumShares(row.blocks, row.shares))
    byArea.set(area, sums)
  }
  const ordered = (rows: Map<PartyId | '', RawMetrics>, all: boolean) => {
    const out: { party: Party | null; sums: RawMetrics }[] = []
    for (const p of plan.parties) {
      const sums = rows.get(p.id)
      if (sums || all) out.push({ party: p, sums: sums ?? emptyRawMetrics() })
    }
    const none = rows.get('')
    if (none) out.push({ party: null, sums: none })
    return out
  }
  const planRows = new Map<PartyId | '', RawMetrics>()
  let planSocial: number | null = null
  let planAffordable: number | null = null
  const programmeAreas = plan.areas.map((a) => {
    const rows = byArea.get(a.id) as Map<PartyId | '', RawMetrics>
    for (const [key, s] of rows) addRawMetrics(sumsOf(planRows, key), s)
    const areaRows = ordered(rows, false)
    const total = totalOf(areaRows)
    const { set, type } = resolveNormSet(a, plan.board, registry, fallbackId)
    const required = (ruleId: string, dwellings: number): RawTarget => {
      const min = set && type !== undefined ? minPercentFor(set, type, ruleId) : null
      return { rule: ruleId, minPercent: min, required: min === null ? null : (min / 100) * dwellings }
    }
    const social = required(SOCIAL_SHARE_RULE, total.dwellings)
    const affordable = required(AFFORDABLE_SHARE_RULE, total.dwellings)
    if (social.required !== null) planSocial = (planSocial ?? 0) + social.required
    if (affordable.required !== null) planAffordable = (planAffordable ?? 0) + affordable.required
    return {
      dwellings: total.dwellings,
      scope: scope(a.id, a.name, areaRows, total, social, affordable),
    }
  })
  // The plan's minimum is its areas' minimums weighted by their dwellings, as the plan's barcode weighs bands.
  const planDwellings = programmeAreas.reduce((t, a) => t + a.dwellings, 0)
  const planTarget = (rule: string, required: number | null): RawTarget => ({
    rule,
    minPercent: required !== null && planDwellings > 0 ? (100 * required) / planDwellings : null,
    required,
  })
  const planScopeRows = ordered(planRows, true)
  return {
    areas: programmeAreas.map((a) => a.scope),
    plan: scope(
      null,
      plan.board.name,
      planScopeRows,
      totalOf(planScopeRows),
      planTarget(SOCIAL_SHARE_RULE, planSocial),
      planTarget(AFFORDABLE_SHARE_RULE, planAffordable),
    ),
  }
}
