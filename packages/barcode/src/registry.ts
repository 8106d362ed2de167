import amsterdam from '../norm-sets/amsterdam-40-40-20.json' with { type: 'json' }
import nlReference from '../norm-sets/nl-reference.json' with { type: 'json' }
import type { NormSet } from './normSet.ts'
import { NormSetError, parseNormSet } from './normSetSchema.ts'

/** The norm set used when neither the board nor the area names one. */
export const DEFAULT_NORM_SET_ID = 'nl-reference'

/** Norm sets by id; later additions replace earlier ones with the same id. */
export class NormSetRegistry {
  readonly #sets = new Map<string, NormSet>()

  /** Adds (or replaces) a set. */
  add(set: NormSet): this {
    this.#sets.set(set.id, set)
    return this
  }

  get(id: string): NormSet | undefined {
    return this.#sets.get(id)
  }

  has(id: string): boolean {
    return this.#sets.has(id)
  }

  list(): NormSet[] {
    return [...this.#sets.values()]
  }

  /**
   * Parses a norm set from the text of a JSON file (a user's own barcode), validates every field and
   * resolves `extends` against the sets already here, then adds it. Throws NormSetError on any problem.
   */
  addFromJson(text: string, where: string): NormSet {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw new NormSetError(where, [{ path: '', message: `not valid JSON: ${(e as Error).message}` }])
    }
    const set = parseNormSet(json, where, (id) => this.get(id))
    this.add(set)
    return set
  }
}

// The shipped sets are validated once per process; every registry shares the (immutable) result.
let shipped: readonly NormSet[] | undefined

/** A registry holding the shipped sets: `nl-reference` and the Amsterdam-style `amsterdam-40-40-20`. */
export function builtinNormSets(): NormSetRegistry {
  if (!shipped) {
    const base = parseNormSet(nlReference, 'norm-sets/nl-reference.json')
    shipped = [
      base,
      parseNormSet(amsterdam, 'norm-sets/amsterdam-40-40-20.json', (id) =>
        id === base.id ? base : undefined,
      ),
    ]
  }
  const registry = new NormSetRegistry()
  for (const set of shipped) registry.add(set)
  return registry
}
