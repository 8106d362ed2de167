import {
  type BarcodeReport,
  blockShares,
  indexAreas,
  type Lang,
  type NormSet,
  NormSetRegistry,
  type PartyProgramme,
  partyProgramme,
  type RuleReport,
  type SignOffWithState,
  type Summary,
} from '@gebiedsbord/barcode'
import {
  type AreaId,
  type BlockId,
  type Decision,
  openThreadsByArea,
  type PartyId,
  type Plan,
  type Thread,
} from '@gebiedsbord/model'
import { setsById } from './bands.ts'

/** Everything the bid is made of; the caller reads it from the board (see the server's export routes). */
export interface BidInput {
  readonly plan: Plan
  /** The plan's barcode (`checkPlan`), in `lang`. */
  readonly report: BarcodeReport
  /** The norm sets the plan is evaluated with: the board's and those its areas name. */
  readonly normSets: readonly NormSet[]
  readonly lang: Lang
  /** When the bid is made (ms since 1970): printed on it, and its PDF dates. */
  readonly generatedAt: number
  /** Unresolved threads of the board's discussion (`readThreads`); resolved ones are skipped. */
  readonly openComments: readonly Thread[]
  /** The decision log (`readDecisions`). */
  readonly decisions: readonly Decision[]
  /** The sign-offs with whether each still holds (`signOffStates`). */
  readonly signOffs: readonly SignOffWithState[]
}

/** The input with what several pages look up. */
export interface BidContext {
  readonly input: BidInput
  readonly lang: Lang
  readonly programme: PartyProgramme
  readonly sets: ReadonlyMap<string, NormSet>
  readonly areaName: (id: AreaId) => string
  readonly partyName: (id: PartyId) => string
  /** Open threads per area of the plan. */
  readonly threadsByArea: ReadonlyMap<AreaId, readonly Thread[]>
  /** Open threads whose area is no longer in the plan (or whose block lies in none). */
  readonly threadsElsewhere: readonly Thread[]
}

/** Builds the context of a bid. */
export function bidContext(input: BidInput): BidContext {
  const { plan } = input
  const registry = new NormSetRegistry()
  for (const set of input.normSets) registry.add(set)
  // The party table takes its targets from the same sets as the barcode; a report made with a
  // set not given here leaves that area without targets rather than guessing.
  const programme = partyProgramme(plan, { registry, defaultNormSetId: input.report.normSet.id })
  const areaNames = new Map(plan.areas.map((a) => [a.id, a.name]))
  const partyNames = new Map(plan.parties.map((p) => [p.id, p.name]))
  // A block's comments belong where the block is now: the area holding most of it.
  const indexed = indexAreas(plan)
  const blocks = new Map(plan.blocks.map((b) => [b.id, b]))
  const blockArea = (id: BlockId): AreaId | undefined => {
    const b = blocks.get(id)
    if (!b) return undefined
    const shares = blockShares(b, indexed)
    return shares.reduce<(typeof shares)[number] | undefined>(
      (best, s) => (!best || s.share > best.share ? s : best),
      undefined,
    )?.area
  }
  const open = input.openComments.filter((t) => !t.resolved)
  const byArea = openThreadsByArea(open, blockArea)
  const threadsByArea = new Map([...byArea].filter(([id]) => areaNames.has(id)))
  const placed = new Set([...threadsByArea.values()].flat())
  return {
    input,
    lang: input.lang,
    programme,
    sets: setsById(input.normSets),
    areaName: (id) => areaNames.get(id) ?? id,
    partyName: (id) => partyNames.get(id) ?? id,
    threadsByArea,
    threadsElsewhere: open.filter((t) => !placed.has(t)),
  }
}

/**
 * The conditions of growth a scope does not meet: its condition rules that do not pass, where the
 * summary counts them (a condition binds only where housing grows).
 */
export const unmetConditions = (rules: readonly RuleReport[], summary: Summary): RuleReport[] =>
  summary.conditionsUnmet === 0 ? [] : rules.filter((r) => r.condition && r.status !== 'pass')

/** The sign-off of an area by a party, if any. */
export const signOffOf = (ctx: BidContext, area: AreaId, party: PartyId): SignOffWithState | undefined =>
  ctx.input.signOffs.find((s) => s.area === area && s.party === party)
