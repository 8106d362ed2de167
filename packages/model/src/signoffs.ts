import type * as Y from 'yjs'
import { observeRecords } from './changes.ts'
import type { Decoded, RecordSource } from './decode.ts'
import { type AreaId, asAreaId, asPartyId, type PartyId } from './ids.ts'
import { migrate } from './migrations.ts'
import type { DocProblem } from './read.ts'
import { signoffsMap, toRecordMap } from './schema.ts'
import { assertTimestamp, assertValid, isTimestamp, MAX_NAME_LENGTH, textProblem } from './text.ts'

/*
 * Sign-offs ("akkoord") live in the plan doc (root `signoffs`, since schema v3): agreeing to an
 * area is an act of a party's representative, who holds the edit link, and the whole board must
 * see it live. One record per area and party: signing again replaces the earlier sign-off.
 *
 * A sign-off names a saved version (an immutable snapshot kept by the server) and carries the
 * fingerprint of the area's content in that version (see `areaFingerprints` in the barcode
 * package, which knows which blocks lie in which area). Whether the sign-off still holds is not
 * stored: it is read by comparing that fingerprint with the area as it is now, so any later change
 * to the area marks it outdated on every replica without anyone having to write that down.
 */
type Origin = unknown

/** The longest version name a sign-off repeats (the server allows the same). */
export const MAX_VERSION_NAME_LENGTH = 120

/** A party's agreement to an area as it is in a saved version. */
export interface SignOff {
  readonly area: AreaId
  readonly party: PartyId
  /** The id of the saved version agreed to. */
  readonly version: string
  /** Its name when signed, so the sign-off reads well without asking the server. */
  readonly versionName: string
  /** Who signed for the party (a typed name, not a checked identity). */
  readonly name: string
  /** Milliseconds since 1970, from the signer's clock. */
  readonly at: number
  /** The area's content fingerprint in that version. */
  readonly fingerprint: string
}

/** The key of the record of an area's sign-off by a party. Ids never hold a `|`. */
export const signOffKey = (area: AreaId, party: PartyId): string => `${area}|${party}`

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== ''

function signOffProblem(s: Record<string, unknown>): string | undefined {
  for (const k of ['area', 'party', 'version', 'fingerprint'] as const)
    if (!nonEmpty(s[k])) return `sign-off ${k} must be a non-empty string`
  if ((s.area as string).includes('|') || (s.party as string).includes('|'))
    return 'sign-off area and party ids may not contain "|"'
  return (
    textProblem('version name', s.versionName, MAX_VERSION_NAME_LENGTH) ??
    textProblem('signer name', s.name, MAX_NAME_LENGTH)
  )
}

/**
 * Records that a party agrees to an area as saved in a version, replacing the party's earlier
 * sign-off of that area. Throws a RangeError naming a bad field, SchemaVersionError for a doc of
 * a newer schema.
 */
export function signOff(doc: Y.Doc, s: Omit<SignOff, 'at'>, now: number, origin?: Origin): void {
  assertTimestamp(now)
  assertValid(signOffProblem(s as unknown as Record<string, unknown>))
  const record = {
    area: s.area,
    party: s.party,
    version: s.version,
    versionName: s.versionName.trim(),
    name: s.name.trim(),
    at: now,
    fingerprint: s.fingerprint,
  }
  doc.transact(() => {
    // A doc holding sign-offs must say v3, so that an older client refuses it (see decisions.ts).
    migrate(doc)
    signoffsMap(doc).set(signOffKey(s.area, s.party), toRecordMap(record))
  }, origin)
}

/** Withdraws a party's sign-off of an area; false when there was none. */
export function withdrawSignOff(doc: Y.Doc, area: AreaId, party: PartyId, origin?: Origin): boolean {
  const key = signOffKey(area, party)
  if (!signoffsMap(doc).has(key)) return false
  doc.transact(() => signoffsMap(doc).delete(key), origin)
  return true
}

/** Decodes a sign-off record; one with any field missing or malformed cannot be read. */
export function decodeSignOff(key: string, m: RecordSource): Decoded<SignOff> {
  const s: Record<string, unknown> = {}
  for (const k of ['area', 'party', 'version', 'versionName', 'name', 'at', 'fingerprint']) s[k] = m.get(k)
  const bad = signOffProblem(s)
  if (bad) return { ok: false, reason: bad }
  if (!isTimestamp(s.at)) return { ok: false, reason: 'sign-off time must be a time in milliseconds' }
  if (key !== signOffKey(s.area as AreaId, s.party as PartyId))
    return { ok: false, reason: 'sign-off is stored under the key of another area or party' }
  return {
    ok: true,
    value: {
      area: asAreaId(s.area as string),
      party: asPartyId(s.party as string),
      version: s.version as string,
      versionName: s.versionName as string,
      name: s.name as string,
      at: s.at,
      fingerprint: s.fingerprint as string,
    },
  }
}

/**
 * Reads every sign-off, by area then party (so converged replicas list them alike). Unreadable
 * records are left out and, when `problems` is given, listed there.
 */
export function readSignOffs(doc: Y.Doc, problems?: DocProblem[]): SignOff[] {
  const out: SignOff[] = []
  for (const [key, m] of signoffsMap(doc).entries()) {
    const d = decodeSignOff(key, m)
    if (d.ok) out.push(d.value)
    else problems?.push({ collection: 'signoffs', id: key, reason: d.reason })
  }
  const order = (s: SignOff) => signOffKey(s.area, s.party)
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
}

/**
 * Calls `listener` once per transaction that changed the sign-offs, with the keys it touched.
 * Returns a function that stops listening.
 */
export function observeSignOffs(
  doc: Y.Doc,
  listener: (keys: ReadonlySet<string>, tx: Y.Transaction) => void,
): () => void {
  // Instantiate the root now; see observePlan for why a root must exist before remote updates.
  return observeRecords(doc, signoffsMap(doc), listener)
}
