import {
  type AreaId,
  type BlockId,
  type Decision,
  type DecisionId,
  type DecisionKind,
  type DecisionOwner,
  type DecisionPatch,
  newId,
  observeDecisions,
  type Party,
  type PartyId,
  type RandomBytes,
  readDecisions,
  recordDecision,
  removeDecision,
  updateDecision,
} from '@gebiedsbord/model'
import type * as Y from 'yjs'
import { currentAuthor, type People } from './author.ts'
import { Cell } from './observable.ts'

/** A decision or action as the form holds it. */
export interface DecisionDraft {
  readonly kind: DecisionKind
  readonly text: string
  readonly owner?: DecisionOwner
  /** `YYYY-MM-DD`, or absent. */
  readonly due?: string
  readonly areas?: readonly AreaId[]
  readonly blocks?: readonly BlockId[]
}

/** How to open the decision log of a board. */
export interface DecisionLogOptions {
  /** The plan doc: the log is part of it (only editors record). */
  readonly doc: Y.Doc
  readonly readOnly: boolean
  readonly people: People
  readonly now: () => number
  readonly random: RandomBytes
}

/**
 * The board's decision log: what was agreed and which actions someone owns, read from the plan
 * doc and kept current with every transaction, with the commands an editor uses. A view-only
 * session reads it and writes nothing.
 */
export class DecisionLog {
  /** Every entry, oldest first (ties by id, the same on every replica). */
  readonly entries: Cell<readonly Decision[]>
  /**
   * The origin of this user's entries: not the plan edits' origin, because recording may stamp the
   * schema version in the board map, and an undo of a plan edit must never take that stamp back.
   */
  readonly origin: object = Object.freeze({ kind: 'local-decision' })
  readonly readOnly: boolean
  readonly #o: DecisionLogOptions
  readonly #stop: () => void

  constructor(o: DecisionLogOptions) {
    this.#o = o
    this.readOnly = o.readOnly
    this.entries = new Cell<readonly Decision[]>(readDecisions(o.doc))
    this.#stop = observeDecisions(o.doc, () => this.entries.set(readDecisions(o.doc)))
  }

  /** Records a decision or action by this user now; its id, or undefined in a view-only session. */
  record(draft: DecisionDraft): DecisionId | undefined {
    if (this.readOnly) return undefined
    const id = newId<DecisionId>(this.#o.random)
    recordDecision(
      this.#o.doc,
      {
        id,
        kind: draft.kind,
        text: draft.text,
        ...(draft.owner ? { owner: draft.owner } : {}),
        ...(draft.due ? { due: draft.due } : {}),
        areas: draft.areas ?? [],
        blocks: draft.blocks ?? [],
        author: currentAuthor(this.#o.people),
        ...(draft.kind === 'action' ? { done: false } : {}),
      },
      this.#o.now(),
      this.origin,
    )
    return id
  }

  /** Changes an entry (`null` clears an optional property). False when it is gone or read-only. */
  update(id: DecisionId, patch: DecisionPatch): boolean {
    if (this.readOnly) return false
    return updateDecision(this.#o.doc, id, patch, this.#o.now(), this.origin)
  }

  /** Marks an action done or not done. */
  setDone(id: DecisionId, done: boolean): boolean {
    const entry = this.entries.get().find((d) => d.id === id)
    if (entry?.kind !== 'action') return false
    return this.update(id, { done })
  }

  /** Removes an entry from the log. */
  remove(id: DecisionId): boolean {
    if (this.readOnly) return false
    return removeDecision(this.#o.doc, id, this.origin)
  }

  destroy(): void {
    this.#stop()
  }
}

/** A day of the log: its date (`YYYY-MM-DD`, local time) and its entries, newest first. */
export interface LogDay {
  readonly day: string
  readonly entries: readonly Decision[]
}

/** The calendar day of a time, in local time, as `YYYY-MM-DD`. */
export function localDay(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** The log as a timeline: days newest first, each with its entries newest first. */
export function logByDay(entries: readonly Decision[]): LogDay[] {
  const days = new Map<string, Decision[]>()
  for (const d of [...entries].reverse()) {
    const key = localDay(d.createdAt)
    const list = days.get(key)
    if (list) list.push(d)
    else days.set(key, [d])
  }
  return [...days]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([day, list]) => ({ day, entries: list }))
}

/** The owner's name: the party's (or "?" for a party since removed) or the free text. */
export function ownerName(owner: DecisionOwner, parties: ReadonlyMap<PartyId, Party>): string {
  return 'party' in owner ? (parties.get(owner.party)?.name ?? '?') : owner.name
}

/** Whether an action is past its due date and not done (`today` as `YYYY-MM-DD`). */
export const isOverdue = (d: Decision, today: string): boolean =>
  d.kind === 'action' && d.done !== true && d.due !== undefined && d.due < today
