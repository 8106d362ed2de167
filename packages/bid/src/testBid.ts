// A small joint bid for tests: two areas in RD New (Utrecht), three parties, comments, decisions
// and sign-offs, with the barcode the engine gives it.
import { areaFingerprints, builtinNormSets, checkPlan, type Lang, signOffStates } from '@gebiedsbord/barcode'
import {
  type Area,
  type AreaId,
  asAreaId,
  asBlockId,
  asCommentId,
  asDecisionId,
  asPartyId,
  type Block,
  type Decision,
  type Party,
  type Plan,
  rectangle,
  type SignOff,
  type Thread,
} from '@gebiedsbord/model'
import type { BidInput } from './bidContext.ts'

export const corporation: Party = {
  id: asPartyId('woonstad'),
  name: 'Woonstad Utrecht',
  role: 'housing-corporation',
  colour: '#c2410c',
}
export const developer: Party = {
  id: asPartyId('bouwfonds'),
  name: 'Bouwfonds',
  role: 'developer',
  colour: '#1f77b4',
}
export const city: Party = {
  id: asPartyId('gemeente'),
  name: 'Gemeente Utrecht',
  role: 'municipality',
  colour: '#2f855a',
}

const X0 = 136_000
const Y0 = 455_000
/** A 200 × 200 m (4 ha) area whose south-west corner is `dy` metres north of Y0. */
const area = (id: string, name: string, dy: number): Area => ({
  id: asAreaId(id),
  name,
  areaType: 'stedelijk',
  // One catchment: Noord's school and Zuid's GP and childcare serve both.
  catchment: 'lombok',
  polygon: [
    [X0, Y0 + dy],
    [X0 + 200, Y0 + dy],
    [X0 + 200, Y0 + dy + 200],
    [X0, Y0 + dy + 200],
  ],
})
export const north = area('noord', 'Noord', 200)
export const south = area('zuid', 'Zuid', 0)

type Programme =
  | { kind: 'housing'; dwellings: number; segment: 'social' | 'mid' | 'private' }
  | { kind: 'green'; use: 'park' | 'play' | 'sports' }
  | { kind: 'parking'; places: number }
  | { kind: 'amenity'; use: 'school' | 'gp' | 'childcare' | 'retail' | 'sports' | 'community' }
const block = (
  id: string,
  party: Party | undefined,
  at: [x: number, y: number, w: number, h: number, floors: number],
  p: Programme,
  label?: string,
): Block =>
  ({
    id: asBlockId(id),
    x: X0 + at[0],
    y: Y0 + at[1],
    rotation: 0,
    shape: rectangle(at[2], at[3]),
    floors: at[4],
    ...(party ? { party: party.id } : {}),
    ...(label ? { label } : {}),
    ...p,
  }) as Block

/**
 * Noord: 90 social (corporation), 60 mid and 50 private (developer), parking, a school and no
 * green: green-per-dwelling and play-share, conditions of growth, fail there and for the plan.
 * Zuid: 20 social and 20 private (developer) with a park, a play field, a GP and childcare
 * (municipality), which meet their conditions.
 */
export const bidPlan: Plan = {
  board: { name: 'Gebiedsbod Lombok–Oost, café ‘De Ruïne’', frame: { kind: 'rd-new' } },
  areas: [north, south],
  parties: [corporation, developer, city],
  blocks: [
    block(
      'n-social',
      corporation,
      [50, 250, 60, 30, 4],
      { kind: 'housing', dwellings: 90, segment: 'social' },
      'Blok A',
    ),
    block('n-mid', developer, [130, 250, 50, 30, 4], { kind: 'housing', dwellings: 60, segment: 'mid' }),
    block('n-private', developer, [130, 320, 40, 30, 3], {
      kind: 'housing',
      dwellings: 50,
      segment: 'private',
    }),
    block('n-parking', developer, [50, 320, 40, 40, 2], { kind: 'parking', places: 160 }),
    block('n-school', city, [100, 370, 40, 20, 2], { kind: 'amenity', use: 'school' }),
    block('z-social', developer, [50, 150, 30, 20, 3], { kind: 'housing', dwellings: 20, segment: 'social' }),
    block('z-private', developer, [150, 150, 30, 20, 3], {
      kind: 'housing',
      dwellings: 20,
      segment: 'private',
    }),
    block('z-park', city, [100, 60, 150, 80, 1], { kind: 'green', use: 'park' }),
    block('z-play', city, [40, 170, 40, 40, 1], { kind: 'green', use: 'play' }),
    block('z-gp', city, [100, 170, 10, 10, 2], { kind: 'amenity', use: 'gp' }),
    block('z-childcare', city, [130, 170, 10, 10, 1], { kind: 'amenity', use: 'childcare' }),
  ],
}

const AT = Date.UTC(2026, 11, 3, 13, 5)

export const decisions: Decision[] = [
  {
    id: asDecisionId('d1'),
    kind: 'decision',
    text: 'Parkeren gaat naar de mobiliteitshub aan de Kanaalweg',
    areas: [north.id],
    blocks: [],
    author: { name: 'Anna' },
    createdAt: AT,
    owner: { party: city.id },
  },
  {
    id: asDecisionId('d2'),
    kind: 'action',
    text: 'Groenplan Noord uitwerken',
    areas: [north.id],
    blocks: [],
    author: { name: 'Anna' },
    createdAt: AT,
    owner: { name: 'Joost' },
    due: '2027-03-01',
    done: false,
  },
]

const comment = (id: string, target: Thread['target'], text: string, resolved = false): Thread => ({
  id: asCommentId(id),
  target,
  root: { id: asCommentId(id), target, author: { name: 'Fatima' }, text, mentions: [], createdAt: AT },
  replies: [],
  resolved,
})

export const threads: Thread[] = [
  comment(
    'c1',
    { kind: 'rule', area: north.id, rule: 'green-per-dwelling' },
    'Waar komt het groen voor Noord?',
  ),
  comment('c2', { kind: 'block', block: asBlockId('z-park') }, 'Kan het park naar het westen schuiven?'),
  comment('c3', { kind: 'area', area: north.id }, 'Deze is al besproken', true),
]

/** The corporation signed Noord as it is; the developer signed Zuid before it changed. */
export function bidSignOffs(
  plan: Plan = bidPlan,
  prints: ReadonlyMap<AreaId, string> = areaFingerprints(plan),
): SignOff[] {
  return [
    {
      area: north.id,
      party: corporation.id,
      version: 'v1',
      versionName: 'Variant B',
      name: 'Karin de Vries',
      at: AT,
      fingerprint: prints.get(north.id) as string,
    },
    {
      area: south.id,
      party: developer.id,
      version: 'v0',
      versionName: 'Variant A',
      name: 'Pieter Jansen',
      at: AT - 86_400_000,
      fingerprint: 'an earlier zuid',
    },
  ]
}

/** The bid's whole input in a language. */
export function bidInput(lang: Lang, plan: Plan = bidPlan): BidInput {
  const sets = builtinNormSets()
  const prints = areaFingerprints(plan)
  return {
    plan,
    report: checkPlan(plan, { lang }),
    normSets: [sets.get('nl-reference')].filter((s) => s !== undefined),
    lang,
    generatedAt: AT,
    openComments: threads,
    decisions,
    signOffs: signOffStates(bidSignOffs(plan, prints), prints),
  }
}
