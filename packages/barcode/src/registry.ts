import type { Area, Board } from '@gebiedsbord/model'
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

/** An area's norm set and type as the engine resolves them; see `resolveNormSet`. */
export interface ResolvedNormSet {
  /** Undefined only when not even the default set is in the registry (the engine refuses that). */
  readonly set: NormSet | undefined
  /** The area's own type when the set knows it, else the set's default; undefined with no set. */
  readonly type: string | undefined
  /** The id asked for, when the registry does not know it (the set is then the default). */
  readonly unknownSetId?: string
  /** The type asked for (the area's, or the set's default), when the set does not know it. */
  readonly unknownType?: string
}

/**
 * The norm set an area is evaluated with and its type in that set: the area's own set, else the
 * board's, else the default, where an unknown id falls back to the default; the area's own type
 * when the set lists it, else the set's default type. Without an area, the plan's own set and its
 * default type. The one place the engine, the party programme and the bid resolve them.
 */
export function resolveNormSet(
  area: Pick<Area, 'normSetId' | 'areaType'> | undefined,
  board: Pick<Board, 'normSetId'>,
  registry: NormSetRegistry,
  defaultId: string = DEFAULT_NORM_SET_ID,
): ResolvedNormSet {
  const wanted = area?.normSetId ?? board.normSetId ?? defaultId
  const own = registry.get(wanted)
  const set = own ?? registry.get(defaultId)
  if (!set) return { set, type: undefined, unknownSetId: wanted }
  const asked = area?.areaType ?? set.defaultAreaType
  const known = set.areaTypes.includes(asked)
  const type = known ? asked : set.defaultAreaType
  if (own && known) return { set, type }
  return {
    set,
    type,
    ...(own ? {} : { unknownSetId: wanted }),
    ...(known ? {} : { unknownType: asked }),
  }
}

/** A reported area type in a set: itself when the set lists it, else the set's default type. */
export const areaTypeIn = (set: NormSet, type: string): string =>
  set.areaTypes.includes(type) ? type : set.defaultAreaType

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
