import {
  AMENITY_USES,
  type AmenityUse,
  type Area,
  type AreaId,
  type Block,
  type Party,
  type PartyId,
  type Plan,
  ringArea,
  type Segment,
} from '@gebiedsbord/model'
import type { EvaluatorOptions } from './evaluator.ts'
import { roundTo } from './format.ts'
import { appliesTo, bandsFor, type NormSet } from './normSet.ts'
import { blockShares, indexAreas } from './overlap.ts'
import { builtinNormSets, DEFAULT_NORM_SET_ID } from './registry.ts'

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

/** Running sums of one party in one scope. */
interface Sums {
  dwellings: number
  social: number
  mid: number
  private: number
  amenity: Record<AmenityUse, number>
  greenM2: number
  parkingPlaces: number
  workM2: number
}

const emptySums = (): Sums => ({
  dwellings: 0,
  social: 0,
  mid: 0,
  private: 0,
  amenity: { school: 0, gp: 0, childcare: 0, retail: 0, sports: 0, community: 0 },
  greenM2: 0,
  parkingPlaces: 0,
  workM2: 0,
})

function add(into: Sums, b: Block, fraction: number): void {
  // Rotation and translation keep the area; the local shape is the precise one (as in blockEntry.ts).
  const m2 = ringArea(b.shape) * fraction
  switch (b.kind) {
    case 'housing':
      into.dwellings += b.dwellings * fraction
      into[b.segment] += b.dwellings * fraction
      break
    case 'amenity':
      into.amenity[b.use] += m2 * b.floors
      break
    case 'green':
      into.greenM2 += m2
      break
    case 'parking':
      into.parkingPlaces += b.places * fraction
      break
    case 'work':
      into.workM2 += m2 * b.floors
      break
    case 'water':
      break
  }
}

function addSums(into: Sums, s: Sums): void {
  into.dwellings += s.dwellings
  into.social += s.social
  into.mid += s.mid
  into.private += s.private
  for (const u of AMENITY_USES) into.amenity[u] += s.amenity[u]
  into.greenM2 += s.greenM2
  into.parkingPlaces += s.parkingPlaces
  into.workM2 += s.workM2
}

function figures(s: Sums): ProgrammeFigures {
  const amenityM2 = Object.fromEntries(AMENITY_USES.map((u) => [u, roundTo(s.amenity[u])])) as Record<
    AmenityUse,
    number
  >
  return {
    dwellings: roundTo(s.dwellings),
    dwellingsBySegment: { social: roundTo(s.social), mid: roundTo(s.mid), private: roundTo(s.private) },
    amenityM2,
    amenityM2Total: roundTo(AMENITY_USES.reduce((t, u) => t + s.amenity[u], 0)),
    greenM2: roundTo(s.greenM2),
    parkingPlaces: roundTo(s.parkingPlaces),
    workM2: roundTo(s.workM2),
  }
}

/** The running sums kept under a key, made on first use. */
function sumsOf<K>(map: Map<K, Sums>, key: K): Sums {
  let sums = map.get(key)
  if (!sums) {
    sums = emptySums()
    map.set(key, sums)
  }
  return sums
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

const socialOf = (s: Sums): number => s.social
const affordableOf = (s: Sums): number => s.social + s.mid

function scope(
  area: AreaId | null,
  name: string,
  rows: readonly { party: Party | null; sums: Sums }[],
  social: RawTarget,
  affordable: RawTarget,
): ScopeProgramme {
  const total = emptySums()
  for (const r of rows) addSums(total, r.sums)
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
  const setOf = (a: Area): NormSet | undefined =>
    registry.get(a.normSetId ?? plan.board.normSetId ?? fallbackId) ?? registry.get(fallbackId)
  const parties = new Map<PartyId, Party>(plan.parties.map((p) => [p.id, p]))
  const indexed = indexAreas(plan)
  // Sums per area and party id ('' for blocks without a known party); a key exists once a block counts.
  const byArea = new Map<AreaId, Map<PartyId | '', Sums>>(plan.areas.map((a) => [a.id, new Map()]))
  for (const b of plan.blocks) {
    const key = b.party !== undefined && parties.has(b.party) ? b.party : ''
    for (const { area, share } of blockShares(b, indexed)) {
      const rows = byArea.get(area) as Map<PartyId | '', Sums>
      add(sumsOf(rows, key), b, share)
    }
  }
  const ordered = (rows: Map<PartyId | '', Sums>, all: boolean) => {
    const out: { party: Party | null; sums: Sums }[] = []
    for (const p of plan.parties) {
      const sums = rows.get(p.id)
      if (sums || all) out.push({ party: p, sums: sums ?? emptySums() })
    }
    const none = rows.get('')
    if (none) out.push({ party: null, sums: none })
    return out
  }
  const planRows = new Map<PartyId | '', Sums>()
  let planSocial: number | null = null
  let planAffordable: number | null = null
  const programmeAreas = plan.areas.map((a) => {
    const rows = byArea.get(a.id) as Map<PartyId | '', Sums>
    const total = emptySums()
    for (const [key, s] of rows) {
      addSums(total, s)
      addSums(sumsOf(planRows, key), s)
    }
    const set = setOf(a)
    const type =
      set && a.areaType !== undefined && set.areaTypes.includes(a.areaType)
        ? a.areaType
        : set?.defaultAreaType
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
      scope: scope(a.id, a.name, ordered(rows, false), social, affordable),
    }
  })
  // The plan's minimum is its areas' minimums weighted by their dwellings, as the plan's barcode weighs bands.
  const planDwellings = programmeAreas.reduce((t, a) => t + a.dwellings, 0)
  const planTarget = (rule: string, required: number | null): RawTarget => ({
    rule,
    minPercent: required !== null && planDwellings > 0 ? (100 * required) / planDwellings : null,
    required,
  })
  return {
    areas: programmeAreas.map((a) => a.scope),
    plan: scope(
      null,
      plan.board.name,
      ordered(planRows, true),
      planTarget(SOCIAL_SHARE_RULE, planSocial),
      planTarget(AFFORDABLE_SHARE_RULE, planAffordable),
    ),
  }
}
