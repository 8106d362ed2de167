import * as Y from 'yjs'
import { writePlan } from './commands.ts'
import { areasMap, BoardKey, blocksMap, boardMap, partiesMap, type RecordMap, toRecordMap } from './schema.ts'
import type { Plan } from './types.ts'

type Origin = unknown

/** The board keys a plan carries; the schema stamp and the base map are the board's, not the plan's. */
const PLAN_BOARD_KEYS = [BoardKey.name, BoardKey.frame, BoardKey.normSetId] as const

/** The record collections of a plan. Decisions and sign-offs are the meeting's record, not the plan's. */
const COLLECTIONS = [areasMap, blocksMap, partiesMap] as const

/**
 * Makes a doc's plan (board name, frame and norm set; areas, blocks and parties) equal to `plan`, in
 * one transaction, writing only what differs: records not in `plan` are deleted, records in both get
 * only their changed keys set (and keys `plan` lacks deleted), new records are added. A record the
 * change does not touch stays the same Y.Map, so that someone's concurrent edit of it survives;
 * restoring over a full rewrite would silently drop such an edit.
 *
 * Decisions, sign-offs, the base map and the schema stamp are left alone. Every record of `plan` is
 * checked first, as `writePlan` does: a plan with an unreadable record throws a RangeError and
 * writes nothing.
 */
export function replacePlan(doc: Y.Doc, plan: Plan, origin?: Origin): void {
  // The wanted state, encoded by the commands themselves (checks, normalised rotations, copied
  // rings), read back as plain JSON: so a restored record is stored exactly as a new one would be.
  const wanted = new Y.Doc()
  try {
    writePlan(wanted, plan)
    doc.transact(() => {
      syncBoard(boardMap(doc), boardMap(wanted))
      for (const collection of COLLECTIONS) syncCollection(collection(doc), collection(wanted))
    }, origin)
  } finally {
    wanted.destroy()
  }
}

function syncBoard(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
  for (const key of PLAN_BOARD_KEYS) {
    if (!source.has(key)) {
      if (target.has(key)) target.delete(key)
    } else if (!sameJson(target.get(key), source.get(key))) target.set(key, source.get(key))
  }
}

function syncCollection(target: Y.Map<RecordMap>, source: Y.Map<RecordMap>): void {
  for (const id of [...target.keys()]) if (!source.has(id)) target.delete(id)
  for (const [id, wanted] of source.entries()) {
    const props = wanted.toJSON() as Record<string, unknown>
    const record = target.get(id)
    // A value that is not a record map (written by a faulty peer) is replaced as a whole.
    if (!(record instanceof Y.Map)) {
      target.set(id, toRecordMap(props))
      continue
    }
    for (const key of [...record.keys()]) if (!(key in props)) record.delete(key)
    for (const [key, value] of Object.entries(props))
      if (!sameJson(record.get(key), value)) record.set(key, value)
  }
}

/** Structural equality of two JSON values (record properties are plain JSON). */
function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]))
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  )
}
