import {
  type BarcodeReport,
  builtinNormSets,
  checkPlan,
  type Lang,
  NormSetError,
  type NormSetRegistry,
} from '@gebiedsbord/barcode'
import { GeoJsonReadError, planFromGeoJSON } from '@gebiedsbord/geo'
import type { RandomBytes } from '@gebiedsbord/model'

/** A problem as `check` reports it: `feature` is the index of the offending feature in the input (null for the file). */
export interface CheckProblem {
  readonly feature: number | null
  readonly message: string
}

/** The JSON of `gebiedsbord check --format json`. */
export interface CheckResult extends Omit<BarcodeReport, 'problems'> {
  readonly problems: readonly CheckProblem[]
}

/** Why the input could not be read at all (exit code 2). */
export class UnreadableInputError extends Error {
  override name = 'UnreadableInputError'
}

export const ExitCode = {
  /** Every rule of every area and of the plan passes, and every feature was valid. */
  Pass: 0,
  /** Some rule warns or fails, or some feature was invalid and left out. */
  Findings: 1,
  /** The plan or the norm set file could not be read. */
  Unreadable: 2,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export interface CheckOptions {
  /** A norm set id, or the path of a norm set JSON file (read through `readFile`). */
  readonly norms?: string
  readonly lang?: Lang
  readonly random: RandomBytes
  readonly readFile: (path: string) => string
  readonly sourceName?: string
}

/** Resolves `--norms`: a known id, else a file path whose set is added to the registry. */
export function resolveNorms(
  norms: string | undefined,
  registry: NormSetRegistry,
  readFile: (p: string) => string,
): string | undefined {
  if (norms === undefined || registry.has(norms)) return norms
  let text: string
  try {
    text = readFile(norms)
  } catch {
    const known = registry
      .list()
      .map((s) => s.id)
      .join(', ')
    throw new UnreadableInputError(
      `--norms "${norms}" is neither a known norm set (${known}) nor a readable file`,
    )
  }
  try {
    return registry.addFromJson(text, norms).id
  } catch (e) {
    if (e instanceof NormSetError) throw new UnreadableInputError(e.message)
    throw e
  }
}

/**
 * Checks a GeoJSON plan (the text of a file) against a norm set. Invalid features are reported by
 * index and left out; everything valid is evaluated. Throws UnreadableInputError when nothing can be read.
 */
export function checkGeoJson(
  text: string,
  options: CheckOptions,
): { result: CheckResult; exitCode: ExitCode } {
  const registry = builtinNormSets()
  const normSetId = resolveNorms(options.norms, registry, options.readFile)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new UnreadableInputError(
      `${options.sourceName ?? 'input'} is not valid JSON: ${(e as Error).message}`,
    )
  }
  let imported: ReturnType<typeof planFromGeoJSON>
  try {
    imported = planFromGeoJSON(json, { random: options.random })
  } catch (e) {
    if (e instanceof GeoJsonReadError) throw new UnreadableInputError(e.message)
    throw e
  }
  const report = checkPlan(imported.plan, {
    registry,
    lang: options.lang ?? 'en',
    ...(normSetId ? { defaultNormSetId: normSetId } : {}),
  })
  const index = (id: string | undefined): number | null =>
    id === undefined ? null : (imported.featureIndex.get(id) ?? null)
  const problems: CheckProblem[] = [
    ...imported.problems,
    ...report.problems.map((p) => ({ feature: index(p.block ?? p.area), message: p.message })),
  ].sort((a, b) => (a.feature ?? -1) - (b.feature ?? -1))
  const result: CheckResult = { ...report, problems }
  const failing =
    problems.length > 0 ||
    report.plan.summary.status !== 'pass' ||
    report.areas.some((a) => a.summary.status !== 'pass')
  return { result, exitCode: failing ? ExitCode.Findings : ExitCode.Pass }
}
