import { z } from 'zod'
import { METRIC_NAMES } from './metrics.ts'
import type { Bands, NormSet, Rule } from './normSet.ts'

const localised = z.object({ nl: z.string().min(1), en: z.string().min(1) })
const source = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1).optional(),
  year: z.number().int().min(1900).max(2100).optional(),
  url: z.url().optional(),
})
const figureStatus = z.enum(['found', 'estimated'])
const interval = z.object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
const bands = z.object({ pass: interval, warn: interval.optional() })
const metric = z.enum(METRIC_NAMES)
const positive = z.number().finite().positive()

const measure = z.discriminatedUnion('type', [
  z.object({ type: z.literal('share'), of: metric, in: metric }),
  z.object({ type: z.literal('ratio'), numerator: metric, denominator: metric, scale: positive.optional() }),
  z.object({
    type: z.literal('provision'),
    supply: metric,
    supplyUnit: positive.optional(),
    demand: metric,
    per: positive.optional(),
  }),
])

const ruleId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'rule ids are lower-case words joined by hyphens, e.g. "social-share"')

const rule = z.object({
  id: ruleId,
  description: localised,
  measure,
  unit: z.string().min(1),
  bands,
  byAreaType: z
    .record(z.string(), z.object({ bands, status: figureStatus.optional(), source: source.optional() }))
    .optional(),
  areaTypes: z.array(z.string().min(1)).min(1).optional(),
  scope: z.enum(['area', 'catchment']).default('area'),
  hint: z.object({ noun: localised, decimals: z.number().int().min(0).max(3).optional() }),
  condition: z.boolean().optional(),
  source,
  status: figureStatus,
  note: localised.optional(),
})

const conditionsBasis = z.object({ source, status: figureStatus, note: localised.optional() })

const factor = z.object({
  value: z.number().finite().min(0),
  byAreaType: z.record(z.string(), z.number().finite().min(0)).optional(),
  source,
  status: figureStatus,
})
const population = z.object({
  personsPerDwelling: factor,
  pupilsPerDwelling: factor,
  childcarePlacesPerDwelling: factor,
})

/** A norm set file: a whole set, or (with `extends`) changes to a known set. */
export const normSetFileSchema = z.object({
  id: ruleId,
  version: z.string().min(1),
  date: z.iso.date(),
  name: localised,
  description: localised.optional(),
  extends: z.string().min(1).optional(),
  areaTypes: z.array(z.string().min(1)).min(1).optional(),
  defaultAreaType: z.string().min(1).optional(),
  population: population.partial().optional(),
  rules: z.array(rule).default([]),
  removeRules: z.array(z.string()).optional(),
  conditions: conditionsBasis.optional(),
})
export type NormSetFile = z.input<typeof normSetFileSchema>

/** One thing wrong with a norm set, at a path such as `rules[2].bands.pass.min`. */
export interface NormSetIssue {
  readonly path: string
  readonly message: string
}

/** A norm set that cannot be used, with every issue found. */
export class NormSetError extends Error {
  constructor(
    readonly where: string,
    readonly issues: readonly NormSetIssue[],
  ) {
    super(
      `${where}: invalid norm set\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    )
    this.name = 'NormSetError'
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out
}

function bandIssues(b: Bands, at: string): NormSetIssue[] {
  const issues: NormSetIssue[] = []
  const { pass, warn } = b
  if (pass.min === undefined && pass.max === undefined)
    issues.push({ path: `${at}.pass`, message: 'needs a min, a max or both' })
  if (pass.min !== undefined && pass.max !== undefined && pass.min > pass.max)
    issues.push({ path: `${at}.pass`, message: `min ${pass.min} is above max ${pass.max}` })
  if (warn) {
    if (pass.min !== undefined && warn.min !== undefined && warn.min > pass.min)
      issues.push({ path: `${at}.warn.min`, message: `${warn.min} must be at most pass.min ${pass.min}` })
    if (pass.max !== undefined && warn.max !== undefined && warn.max < pass.max)
      issues.push({ path: `${at}.warn.max`, message: `${warn.max} must be at least pass.max ${pass.max}` })
  }
  return issues
}

/**
 * Validates a parsed norm set file and resolves `extends` against known sets. Throws NormSetError
 * listing every bad field (path and reason) rather than the first only.
 */
export function parseNormSet(
  input: unknown,
  where: string,
  known: (id: string) => NormSet | undefined = () => undefined,
): NormSet {
  const parsed = normSetFileSchema.safeParse(input)
  if (!parsed.success)
    throw new NormSetError(
      where,
      parsed.error.issues.map((i) => ({ path: pathText(i.path), message: i.message })),
    )
  const file = parsed.data
  let base: NormSet | undefined
  if (file.extends) {
    base = known(file.extends)
    if (!base)
      throw new NormSetError(where, [{ path: 'extends', message: `unknown norm set "${file.extends}"` }])
  }
  const issues: NormSetIssue[] = []
  const areaTypes = file.areaTypes ?? base?.areaTypes
  const population = { ...base?.population, ...file.population }
  if (!areaTypes) issues.push({ path: 'areaTypes', message: 'required (or extend a set that has them)' })
  const defaultAreaType = file.defaultAreaType ?? base?.defaultAreaType
  if (!defaultAreaType) issues.push({ path: 'defaultAreaType', message: 'required' })
  else if (areaTypes && !areaTypes.includes(defaultAreaType))
    issues.push({ path: 'defaultAreaType', message: `"${defaultAreaType}" is not one of areaTypes` })
  for (const k of ['personsPerDwelling', 'pupilsPerDwelling', 'childcarePlacesPerDwelling'] as const)
    if (!population[k]) issues.push({ path: `population.${k}`, message: 'required' })

  const removed = new Set(file.removeRules ?? [])
  const rules = new Map<string, Rule>()
  for (const r of base?.rules ?? []) if (!removed.has(r.id)) rules.set(r.id, r)
  const seen = new Set<string>()
  file.rules.forEach((r, i) => {
    const at = `rules[${i}]`
    if (seen.has(r.id)) issues.push({ path: `${at}.id`, message: `duplicate rule id "${r.id}"` })
    seen.add(r.id)
    issues.push(...bandIssues(r.bands, `${at}.bands`))
    for (const [type, o] of Object.entries(r.byAreaType ?? {})) {
      if (areaTypes && !areaTypes.includes(type))
        issues.push({ path: `${at}.byAreaType.${type}`, message: `"${type}" is not one of areaTypes` })
      issues.push(...bandIssues(o.bands, `${at}.byAreaType.${type}.bands`))
    }
    for (const type of r.areaTypes ?? [])
      if (areaTypes && !areaTypes.includes(type))
        issues.push({ path: `${at}.areaTypes`, message: `"${type}" is not one of areaTypes` })
    rules.set(r.id, r as Rule)
  })
  // A condition of growth can stop housing in an area, so the set must say whose policy makes it one.
  const conditions = file.conditions ?? base?.conditions
  if (!conditions && [...rules.values()].some((r) => r.condition))
    issues.push({
      path: 'conditions',
      message:
        'required when a rule is a condition of growth: name the policy (source and status) that makes it one',
    })
  if (issues.length > 0 || !areaTypes || !defaultAreaType) throw new NormSetError(where, issues)
  return {
    id: file.id,
    version: file.version,
    date: file.date,
    name: file.name,
    ...(file.description ? { description: file.description } : {}),
    areaTypes,
    defaultAreaType,
    population: population as NormSet['population'],
    rules: [...rules.values()],
    ...(conditions ? { conditions } : {}),
  }
}
