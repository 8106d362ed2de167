import type * as Y from 'yjs'
import { observeRecords } from './changes.ts'
import { type Decoded, oneOf, type RecordSource } from './decode.ts'
import {
  type AreaId,
  asAreaId,
  asBlockId,
  asDecisionId,
  asPartyId,
  type BlockId,
  type DecisionId,
  type PartyId,
} from './ids.ts'
import { migrate } from './migrations.ts'
import type { DocProblem } from './read.ts'
import { decisionsMap, toRecordMap } from './schema.ts'
import {
  type Author,
  assertTimestamp,
  assertValid,
  authorProblem,
  byTime,
  isColour,
  isIsoDate,
  isTimestamp,
  MAX_NAME_LENGTH,
  nonEmpty,
  textProblem,
} from './text.ts'

/*
 * The decision log lives in the plan doc (root `decisions`, since schema v2): recording what was
 * agreed is an edit of the plan, so only editors may do it. It is not part of `Plan`, which is what
 * the norm engine evaluates. Commands follow commands.ts: one transaction each, a RangeError naming
 * the bad argument before anything is written, `false` for a decision that no longer exists.
 */
type Origin = unknown

/** A decision ("parking moves to a mobility hub") or an action someone must take. */
export const DECISION_KINDS = ['decision', 'action'] as const
/** See `DECISION_KINDS`. */
export type DecisionKind = (typeof DECISION_KINDS)[number]

/** Who owns a decision or action: a party of the board, or anyone named in free text. */
export type DecisionOwner = { readonly party: PartyId } | { readonly name: string }

/** An entry of the decision log. */
export interface Decision {
  readonly id: DecisionId
  readonly kind: DecisionKind
  readonly text: string
  readonly owner?: DecisionOwner
  /** Due date as `YYYY-MM-DD` (a calendar day, no time zone). */
  readonly due?: string
  /** Areas and blocks the entry is about; ids may name records deleted since. */
  readonly areas: readonly AreaId[]
  readonly blocks: readonly BlockId[]
  /** Who recorded it. */
  readonly author: Author
  /** Milliseconds since 1970, from the recorder's clock. */
  readonly createdAt: number
  readonly updatedAt?: number
  /** Actions only: whether it has been done. */
  readonly done?: boolean
}

/** A decision or action as recorded; `createdAt` comes from the command's `now`. */
export interface NewDecision {
  /** A new id, e.g. `newId<DecisionId>(random)`. */
  readonly id: DecisionId
  readonly kind: DecisionKind
  readonly text: string
  readonly owner?: DecisionOwner
  readonly due?: string
  readonly areas?: readonly AreaId[]
  readonly blocks?: readonly BlockId[]
  readonly author: Author
  readonly done?: boolean
}

/** Properties `updateDecision` may change; `null` clears an optional one. */
export type DecisionPatch = Partial<{
  kind: DecisionKind
  text: string
  owner: DecisionOwner | null
  due: string | null
  areas: readonly AreaId[]
  blocks: readonly BlockId[]
  done: boolean | null
}>

const PATCH_KEYS: ReadonlySet<string> = new Set(['kind', 'text', 'owner', 'due', 'areas', 'blocks', 'done'])

const isKind = (v: unknown): v is DecisionKind => oneOf(DECISION_KINDS, v)

function ownerProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return 'owner must be { party } or { name }'
  const o = v as Record<string, unknown>
  if ('party' in o && 'name' in o) return 'owner must be a party or a name, not both'
  if ('party' in o) return nonEmpty(o.party) ? undefined : 'owner party must be a party id'
  return textProblem('owner name', o.name, MAX_NAME_LENGTH)
}

const plainOwner = (o: DecisionOwner): DecisionOwner =>
  'party' in o ? { party: asPartyId(o.party) } : { name: o.name.trim() }

/** A list of ids, without blanks and repeats, or undefined when it is not a list of strings. */
function idList(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined
  return [...new Set(v.filter(nonEmpty))]
}

/**
 * Checks the properties of a decision record (only those in `keys`, when given), throwing a
 * RangeError that names the first bad one.
 */
function assertRecord(p: Record<string, unknown>, keys?: ReadonlySet<string>): void {
  const checks = (k: string) => keys === undefined || keys.has(k)
  if (checks('kind') && !isKind(p.kind))
    throw new RangeError(`decision kind must be decision | action, got ${JSON.stringify(p.kind)}`)
  if (checks('text')) assertValid(textProblem('decision text', p.text))
  if (checks('owner') && p.owner !== undefined) assertValid(ownerProblem(p.owner))
  if (checks('due') && p.due !== undefined && !isIsoDate(p.due))
    throw new RangeError(`due date must be a real date written YYYY-MM-DD, got ${JSON.stringify(p.due)}`)
  for (const k of ['areas', 'blocks'] as const)
    if (checks(k) && idList(p[k]) === undefined) throw new RangeError(`decision ${k} must be a list of ids`)
  if (checks('done') && p.done !== undefined && typeof p.done !== 'boolean')
    throw new RangeError('done must be true or false')
  if ((checks('done') || checks('kind')) && p.done !== undefined && p.kind !== 'action')
    throw new RangeError('only an action can be done')
}

/**
 * Writes a new entry in the decision log, migrating an older doc to schema v2 first. Throws a
 * RangeError for bad input or an id in use, SchemaVersionError for a doc of a newer schema.
 */
export function recordDecision(doc: Y.Doc, decision: NewDecision, now: number, origin?: Origin): void {
  assertValid(authorProblem(decision.author))
  assertTimestamp(now)
  const props: Record<string, unknown> = {
    kind: decision.kind,
    text: decision.text,
    owner: decision.owner,
    due: decision.due,
    areas: decision.areas ?? [],
    blocks: decision.blocks ?? [],
    done: decision.done,
  }
  assertRecord(props)
  if (!nonEmpty(decision.id)) throw new RangeError('decision id must be a non-empty string')
  if (decisionsMap(doc).has(decision.id))
    throw new RangeError(`decision ${JSON.stringify(decision.id)} already exists`)
  const stored = {
    ...props,
    text: (props.text as string).trim(),
    owner: decision.owner && plainOwner(decision.owner),
    areas: idList(props.areas),
    blocks: idList(props.blocks),
    author: decision.author.name.trim(),
    authorColour: decision.author.colour,
    createdAt: now,
  }
  doc.transact(() => {
    // A doc holding decisions must say v2, so that a v1 client refuses it instead of editing
    // around records it cannot see. Migrating is idempotent, and refuses a newer doc untouched.
    migrate(doc)
    decisionsMap(doc).set(decision.id, toRecordMap(stored))
  }, origin)
}

/**
 * Edits an entry, stamping `updatedAt`. Each property is its own key, so two people editing
 * different properties at once both keep theirs. Turning an action into a decision clears `done`.
 */
export function updateDecision(
  doc: Y.Doc,
  id: DecisionId,
  patch: DecisionPatch,
  now: number,
  origin?: Origin,
): boolean {
  assertTimestamp(now)
  for (const k of Object.keys(patch))
    if (!PATCH_KEYS.has(k)) throw new RangeError(`decision patch may not change ${JSON.stringify(k)}`)
  const m = decisionsMap(doc).get(id)
  if (!m) return false
  // What to write, key by key: undefined deletes the key.
  const writes: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) writes[k] = v === null ? undefined : v
  if (writes.kind === 'decision' && !('done' in writes)) writes.done = undefined
  const next: Record<string, unknown> = { ...m.toJSON(), ...writes }
  // Only the properties written are checked, so that a record a faulty peer broke in one property
  // can still be edited in another (or repaired).
  assertRecord(next, new Set(Object.keys(writes)))
  doc.transact(() => {
    for (const [k, v] of Object.entries(writes)) {
      if (v === undefined) {
        if (m.has(k)) m.delete(k)
      } else if (k === 'text') m.set(k, (v as string).trim())
      else if (k === 'owner') m.set(k, plainOwner(v as DecisionOwner))
      else if (k === 'areas' || k === 'blocks') m.set(k, idList(v))
      else m.set(k, v)
    }
    m.set('updatedAt', now)
  }, origin)
  return true
}

/** Removes an entry from the log. */
export function removeDecision(doc: Y.Doc, id: DecisionId, origin?: Origin): boolean {
  if (!decisionsMap(doc).has(id)) return false
  doc.transact(() => decisionsMap(doc).delete(id), origin)
  return true
}

/**
 * Decodes a decision record. What is wrong with an optional property (a due date that is no date)
 * only loses that property; a record without kind, text, author or time cannot be read.
 */
export function decodeDecision(id: string, m: RecordSource): Decoded<Decision> {
  const kind = m.get('kind')
  if (!isKind(kind)) return { ok: false, reason: `decision kind must be decision | action` }
  const text = m.get('text')
  const textBad = textProblem('decision text', text)
  if (textBad) return { ok: false, reason: textBad }
  const author = m.get('author')
  const authorBad = textProblem('author name', author, MAX_NAME_LENGTH)
  if (authorBad) return { ok: false, reason: authorBad }
  const createdAt = m.get('createdAt')
  if (!isTimestamp(createdAt)) return { ok: false, reason: 'createdAt must be a time in milliseconds' }
  const colour = m.get('authorColour')
  const owner = m.get('owner')
  const due = m.get('due')
  const updatedAt = m.get('updatedAt')
  const done = m.get('done')
  return {
    ok: true,
    value: {
      id: asDecisionId(id),
      kind,
      text: text as string,
      ...(ownerProblem(owner) ? {} : { owner: plainOwner(owner as DecisionOwner) }),
      ...(isIsoDate(due) ? { due } : {}),
      areas: (idList(m.get('areas')) ?? []).map(asAreaId),
      blocks: (idList(m.get('blocks')) ?? []).map(asBlockId),
      author: { name: (author as string).trim(), ...(isColour(colour) ? { colour } : {}) },
      createdAt,
      ...(isTimestamp(updatedAt) ? { updatedAt } : {}),
      ...(kind === 'action' && typeof done === 'boolean' ? { done } : {}),
    },
  }
}

/**
 * Reads the decision log, oldest first (ties by id, so converged replicas read the same order).
 * Records that cannot be read are left out and, when `problems` is given, listed there.
 */
export function readDecisions(doc: Y.Doc, problems?: DocProblem[]): Decision[] {
  const out: Decision[] = []
  for (const [id, m] of decisionsMap(doc).entries()) {
    const d = decodeDecision(id, m)
    if (d.ok) out.push(d.value)
    else problems?.push({ collection: 'decisions', id, reason: d.reason })
  }
  return out.sort(byTime)
}

/**
 * Calls `listener` once per transaction that changed the decision log (local and remote edits
 * alike), with the ids of the entries it touched. Returns a function that stops listening.
 */
export function observeDecisions(
  doc: Y.Doc,
  listener: (decisions: ReadonlySet<DecisionId>, tx: Y.Transaction) => void,
): () => void {
  // Instantiate the root now; see observePlan for why a root must exist before remote updates.
  return observeRecords(
    doc,
    decisionsMap(doc),
    listener as (ids: ReadonlySet<string>, tx: Y.Transaction) => void,
  )
}
