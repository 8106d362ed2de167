import { areaFingerprints, type SignOffWithState, signOffStates } from '@gebiedsbord/barcode'
import {
  type AreaId,
  MAX_VERSION_NAME_LENGTH,
  observeSignOffs,
  type Party,
  type PartyId,
  planFromUpdate,
  readSignOffs,
  type SignOff,
  signOff,
  withdrawSignOff,
} from '@gebiedsbord/model'
import type * as Y from 'yjs'
import { getVersionState, listVersions, saveVersion, type VersionInfo } from '../api/versions.ts'
import { currentAuthor, type People } from './author.ts'
import type { ConnectionState } from './connection.ts'
import { LiveFingerprints } from './liveFingerprints.ts'
import { Cell, ThrottledCall } from './observable.ts'
import type { PlanMirror } from './planMirror.ts'

/**
 * Sign-offs ("akkoord"): a party agrees to an area as it is in a saved version. The record lives
 * in the plan doc (see the model's `signoffs.ts`); whether it still holds is read here by comparing
 * its fingerprint with the live area's, kept current as the plan changes.
 */

/** What signing needs of the server's saved versions (the HTTP API in the app, a fake in tests). */
export interface SignOffVersionsApi {
  /** Saves the board's current state as a version. */
  save(name: string, author: string): Promise<VersionInfo>
  /** The saved versions, newest first. */
  list(): Promise<readonly VersionInfo[]>
  /** The plan of a version as one Yjs update. */
  state(versionId: string): Promise<Uint8Array>
}

/** The versions API of one board, over HTTP, as signing uses it. */
export const serverSignOffVersionsApi = (boardId: string, token: string): SignOffVersionsApi => ({
  save: (name, author) => saveVersion(boardId, token, name, author),
  list: async () => (await listVersions(boardId, token)).versions,
  state: (versionId) => getVersionState(boardId, token, versionId),
})

/** Why signing failed, for a message the user can act on. */
export type SignOffFailure =
  /** A view link cannot sign. */
  | 'read-only'
  /** The server does not (yet) have this user's edits, so a version of them cannot be saved. */
  | 'not-saved'
  /** The chosen version predates the area. */
  | 'area-not-in-version'
  | 'no-party'
  | 'no-name'

/** A sign-off that could not be made, with the reason. */
export class SignOffError extends Error {
  constructor(
    readonly reason: SignOffFailure,
    message: string = reason,
  ) {
    super(message)
    this.name = 'SignOffError'
  }
}

/** What the signer chose: a party, their name, and a saved version or `new` to save one now. */
export interface SignOffRequest {
  readonly area: AreaId
  readonly party: PartyId
  /** Who signs for the party. */
  readonly name: string
  /** A saved version, or `new`: save the current state as a version named `versionName` and sign that. */
  readonly version: VersionInfo | 'new'
  readonly versionName: string
}

/** The versions the signer can choose from, as last fetched. */
export type VersionChoices =
  | { readonly status: 'idle' | 'loading' }
  | { readonly status: 'ready'; readonly versions: readonly VersionInfo[] }
  | { readonly status: 'error'; readonly message: string }

/** Where this user's latest signing stands, for the form's status line. */
export type SigningState =
  | { readonly status: 'idle' | 'busy' }
  | { readonly status: 'done'; readonly signOff: SignOff }
  | { readonly status: 'error'; readonly reason: SignOffFailure | null; readonly message: string }

/** How to open the sign-offs of a board. */
export interface SignOffBookOptions {
  readonly doc: Y.Doc
  readonly mirror: PlanMirror
  readonly readOnly: boolean
  readonly api: SignOffVersionsApi
  readonly people: People
  readonly now: () => number
  /** Resolves once the server holds this user's edits, so that a version saved now contains them. */
  readonly saved: () => Promise<void>
  /** How long a plan change may wait before the states are compared again (ms, default 200). */
  readonly refreshMs?: number
}

const REFRESH_MS = 200

/**
 * The board's sign-offs, each with whether it still holds, kept current with every transaction,
 * and the commands an editor uses. Comparing is cheap for an area nobody changed (its fingerprint
 * is remembered) and is done at most once per `refreshMs` while someone edits, never per frame.
 */
export class SignOffBook {
  /** Every sign-off of an existing or removed area, by area then party, with its state. */
  readonly states = new Cell<readonly SignOffWithState[]>([])
  readonly versions = new Cell<VersionChoices>({ status: 'idle' })
  readonly signing = new Cell<SigningState>({ status: 'idle' })
  /**
   * The origin of this user's sign-offs: not the plan edits' origin, so an undo of a plan edit
   * never withdraws an agreement, and signing (which may stamp the schema version) is not undone.
   */
  readonly origin: object = Object.freeze({ kind: 'local-signoff' })
  readonly readOnly: boolean
  readonly #o: SignOffBookOptions
  readonly #fingerprints: LiveFingerprints
  #signOffs: readonly SignOff[]
  readonly #compare: ThrottledCall
  readonly #stop: (() => void)[]

  constructor(o: SignOffBookOptions) {
    this.#o = o
    this.readOnly = o.readOnly
    this.#fingerprints = new LiveFingerprints(o.mirror)
    this.#signOffs = readSignOffs(o.doc)
    this.#compare = new ThrottledCall(() => this.#refresh(), o.refreshMs ?? REFRESH_MS)
    this.#stop = [
      observeSignOffs(o.doc, () => {
        this.#signOffs = readSignOffs(o.doc)
        // A sign-off given or withdrawn shows at once; only its own area may need hashing.
        this.flush()
      }),
      o.mirror.changes.subscribe((c) => {
        if (this.#fingerprints.apply(c)) this.#compare.schedule()
      }),
    ]
    this.#refresh()
  }

  /** Compares pending changes now rather than after the wait. */
  flush(): void {
    this.#compare.flush()
  }

  /**
   * Signs an area off for a party: saves the current state as a version first when asked to, then
   * reads the area's fingerprint from the version's own plan (not the live one: what is agreed is
   * the version) and records the sign-off through the shared doc. Throws a SignOffError, or the
   * API's error when the server cannot be reached; `signing` tells the outcome either way.
   */
  async sign(req: SignOffRequest): Promise<SignOff> {
    this.signing.set({ status: 'busy' })
    try {
      const done = await this.#sign(req)
      this.signing.set({ status: 'done', signOff: done })
      return done
    } catch (e) {
      this.signing.set({
        status: 'error',
        reason: e instanceof SignOffError ? e.reason : null,
        message: e instanceof Error ? e.message : String(e),
      })
      throw e
    }
  }

  async #sign(req: SignOffRequest): Promise<SignOff> {
    if (this.readOnly) throw new SignOffError('read-only')
    const name = req.name.trim()
    if (name === '') throw new SignOffError('no-name')
    if (!this.#o.mirror.parties.has(req.party)) throw new SignOffError('no-party')
    let version = req.version
    if (version === 'new') {
      await this.#o.saved()
      const author = currentAuthor(this.#o.people).name
      version = await this.#o.api.save(versionName(req.versionName), author)
      const list = this.versions.get()
      if (list.status === 'ready')
        this.versions.set({ status: 'ready', versions: [version, ...list.versions] })
    }
    const plan = planFromUpdate(await this.#o.api.state(version.id))
    // Only the signed area is hashed: an area's fingerprint does not depend on the others.
    const area = plan.areas.filter((a) => a.id === req.area)
    const fingerprint = areaFingerprints({ ...plan, areas: area }).get(req.area)
    if (fingerprint === undefined) throw new SignOffError('area-not-in-version')
    const record = {
      area: req.area,
      party: req.party,
      version: version.id,
      versionName: versionName(version.name),
      name,
      fingerprint,
    }
    const at = this.#o.now()
    signOff(this.#o.doc, record, at, this.origin)
    return { ...record, at }
  }

  /** Withdraws a party's sign-off of an area; false when there was none or the session is read-only. */
  withdraw(area: AreaId, party: PartyId): boolean {
    if (this.readOnly) return false
    return withdrawSignOff(this.#o.doc, area, party, this.origin)
  }

  /** Fetches the saved versions to choose from. */
  async loadVersions(): Promise<void> {
    this.versions.set({ status: 'loading' })
    try {
      this.versions.set({ status: 'ready', versions: await this.#o.api.list() })
    } catch (e) {
      this.versions.set({ status: 'error', message: e instanceof Error ? e.message : String(e) })
    }
  }

  destroy(): void {
    for (const f of this.#stop) f()
    this.#compare.cancel()
  }

  #refresh(): void {
    const fingerprints = new Map<AreaId, string>()
    for (const s of this.#signOffs) {
      if (fingerprints.has(s.area)) continue
      const f = this.#fingerprints.get(s.area)
      if (f !== undefined) fingerprints.set(s.area, f)
    }
    const next = signOffStates(this.#signOffs, fingerprints)
    if (!sameStates(this.states.get(), next)) this.states.set(next)
  }
}

/** A version name the model accepts: trimmed and at most its length. */
const versionName = (name: string): string => name.trim().slice(0, MAX_VERSION_NAME_LENGTH)

/** Whether two lists show the same sign-offs in the same states (the records are rebuilt on every read). */
function sameStates(a: readonly SignOffWithState[], b: readonly SignOffWithState[]): boolean {
  if (a.length !== b.length) return false
  return a.every((x, i) => {
    const y = b[i] as SignOffWithState
    return (
      x.area === y.area &&
      x.party === y.party &&
      x.state === y.state &&
      x.version === y.version &&
      x.versionName === y.versionName &&
      x.name === y.name &&
      x.at === y.at &&
      x.fingerprint === y.fingerprint
    )
  })
}

/** A party's standing on an area: agreed and still holding, agreed to an earlier state, or not signed. */
export type AgreementState = 'current' | 'outdated' | 'none'

/** The sign-offs of one area by the board's parties. */
export interface AreaAgreement {
  readonly byParty: ReadonlyMap<PartyId, SignOffWithState>
  /** Parties whose sign-off still holds. */
  readonly agreed: number
  /** Parties whose sign-off the area has changed since. */
  readonly outdated: number
}

/**
 * The sign-offs per area, counting only parties that still exist (a removed party's sign-off is
 * kept in the doc, so that undoing the removal restores it, but no longer counts).
 */
export function agreementsByArea(
  states: readonly SignOffWithState[],
  parties: ReadonlyMap<PartyId, Party>,
): Map<AreaId, AreaAgreement> {
  const out = new Map<AreaId, { byParty: Map<PartyId, SignOffWithState>; agreed: number; outdated: number }>()
  for (const s of states) {
    if (!parties.has(s.party)) continue
    let a = out.get(s.area)
    if (!a) {
      a = { byParty: new Map(), agreed: 0, outdated: 0 }
      out.set(s.area, a)
    }
    a.byParty.set(s.party, s)
    if (s.state === 'current') a.agreed++
    else a.outdated++
  }
  return out
}

/** A party's standing on an area. */
export const agreementOf = (agreement: AreaAgreement | undefined, party: PartyId): AgreementState =>
  agreement?.byParty.get(party)?.state ?? 'none'

/**
 * Resolves once the connection is up and holds no unsaved edits; rejects with a `not-saved`
 * SignOffError after `timeoutMs` (offline, or the server refused the link).
 */
export function whenSaved(
  connection: { get(): ConnectionState; subscribe(fn: (s: ConnectionState) => void): () => void },
  timeoutMs = 10_000,
): Promise<void> {
  const done = (s: ConnectionState) => s.status === 'connected' && s.unsaved === 0
  if (done(connection.get())) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new SignOffError('not-saved'))
    }, timeoutMs)
    const off = connection.subscribe((s) => {
      if (!done(s)) return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
}
