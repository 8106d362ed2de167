import { MAX_VERSION_NAME_LENGTH } from '@gebiedsbord/model'
import { getBoardMeta } from '../api/boards.ts'
import {
  branchVariant,
  type CreatedVariant,
  listVersions,
  type RestoreResult,
  restoreVersion,
  saveVersion,
  type VersionInfo,
  type VersionList,
} from '../api/versions.ts'
import { Cell } from './observable.ts'

/**
 * A board's named versions and variants: save the plan as it is under a name, list what was saved
 * and branched, restore a version, branch a variant from one. The server keeps the versions; this
 * store holds what it last said and what is being asked of it, and the panel renders that.
 */

/** What the server gives the versions store (the API in the app, an in-memory board in tests). */
export interface VersionsApi {
  list(): Promise<VersionList>
  save(name: string, author: string): Promise<VersionInfo>
  restore(versionId: string, author: string): Promise<RestoreResult>
  branch(versionId: string, name: string): Promise<CreatedVariant>
  /** Another board's name (the parent of a variant), read with this board's token. */
  boardName(boardId: string): Promise<string>
}

/** The versions API of one board, over HTTP. Variants share their parent's tokens. */
export const serverVersionsApi = (boardId: string, token: string): VersionsApi => ({
  list: () => listVersions(boardId, token),
  save: (name, author) => saveVersion(boardId, token, name, author),
  restore: (versionId, author) => restoreVersion(boardId, token, versionId, author),
  branch: (versionId, name) => branchVariant(boardId, token, versionId, name),
  boardName: async (id) => (await getBoardMeta(id, token)).name,
})

/** Something a user asks of the versions: each shows its own progress and error. */
export type VersionAction = 'list' | 'save' | 'restore' | 'branch'

/** The last change made, for the panel's status line. */
export type VersionOutcome =
  | { readonly action: 'save'; readonly version: VersionInfo }
  | { readonly action: 'restore'; readonly restored: VersionInfo; readonly backup: VersionInfo }

/** The versions panel's state. */
export interface VersionsState {
  /** What the server last listed; null until it answered once. */
  readonly list: VersionList | null
  /** The parent board's name when this board is a variant (null until known, or when unreadable). */
  readonly parentName: string | null
  /** The action waiting for the server, if any: the panel disables the others meanwhile. */
  readonly busy: VersionAction | null
  readonly error: { readonly action: VersionAction; readonly message: string } | null
  readonly outcome: VersionOutcome | null
}

/** Longest variant name the server stores (a board name). */
export const MAX_VARIANT_NAME = 200
/** Longest author name the server stores with a version: a longer one is cut rather than refused. */
export const MAX_AUTHOR_NAME = 80

/** Why a version or variant name cannot be used, or null when it can. */
export function versionNameProblem(
  name: string,
  max: number = MAX_VERSION_NAME_LENGTH,
): 'empty' | 'long' | null {
  const trimmed = name.trim()
  if (trimmed === '') return 'empty'
  if (trimmed.length > max) return 'long'
  return null
}

/** The name of a version in a list, or null when the list does not have it. */
export function versionName(list: VersionList | null, versionId: string): string | null {
  return list?.versions.find((v) => v.id === versionId)?.name ?? null
}

/** How to open the versions of a board. */
export interface BoardVersionsOptions {
  readonly api: VersionsApi
  /** A view link may list and open versions but not save, restore or branch (the server says so too). */
  readonly readOnly: boolean
  /** The name to record as the author of a saved version or a restore: this user's, as others see it. */
  readonly author: () => string
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** Lists, saves, restores and branches the versions of one board. */
export class BoardVersions {
  readonly state = new Cell<VersionsState>({
    list: null,
    parentName: null,
    busy: null,
    error: null,
    outcome: null,
  })
  readonly readOnly: boolean
  readonly #o: BoardVersionsOptions
  #request = 0
  #parentAsked: string | null = null

  constructor(o: BoardVersionsOptions) {
    this.#o = o
    this.readOnly = o.readOnly
  }

  #author(): string {
    return this.#o.author().trim().slice(0, MAX_AUTHOR_NAME)
  }

  #patch(p: Partial<VersionsState>): void {
    this.state.set({ ...this.state.get(), ...p })
  }

  /** Asks the server for the list again; only the latest answer is shown. */
  async refresh(): Promise<void> {
    const request = ++this.#request
    try {
      const list = await this.#o.api.list()
      if (request !== this.#request) return
      const error = this.state.get().error
      this.#patch({ list, error: error?.action === 'list' ? null : error })
      await this.#learnParentName(list)
    } catch (e) {
      if (request === this.#request) this.#patch({ error: { action: 'list', message: message(e) } })
    }
  }

  async #learnParentName(list: VersionList): Promise<void> {
    const parent = list.parent?.boardId ?? null
    if (parent === this.#parentAsked) return
    this.#parentAsked = parent
    if (!parent) return this.#patch({ parentName: null })
    try {
      const name = await this.#o.api.boardName(parent)
      if (this.#parentAsked === parent) this.#patch({ parentName: name })
    } catch {
      // The link still works without the name: the panel then says "the board it came from".
      if (this.#parentAsked === parent) this.#patch({ parentName: null })
    }
  }

  /** Runs one editing action: one at a time, its error kept under its name, the list refreshed after. */
  async #act<T>(action: Exclude<VersionAction, 'list'>, run: () => Promise<T>): Promise<T | null> {
    if (this.readOnly || this.state.get().busy) return null
    this.#patch({ busy: action, error: null })
    try {
      const result = await run()
      this.#patch({ busy: null })
      await this.refresh()
      return result
    } catch (e) {
      this.#patch({ busy: null, error: { action, message: message(e) } })
      return null
    }
  }

  /** Saves the plan as it is now under `name`; null when refused (no name, view link, failure). */
  save(name: string): Promise<VersionInfo | null> {
    if (versionNameProblem(name)) return Promise.resolve(null)
    return this.#act('save', async () => {
      const version = await this.#o.api.save(name.trim(), this.#author())
      this.#patch({ outcome: { action: 'save', version } })
      return version
    })
  }

  /**
   * Makes a version the live plan again. The server saves the plan as it was first, as a backup
   * version, which the refreshed list then shows.
   */
  restore(versionId: string): Promise<RestoreResult | null> {
    return this.#act('restore', async () => {
      const r = await this.#o.api.restore(versionId, this.#author())
      this.#patch({ outcome: { action: 'restore', restored: r.restored, backup: r.backup } })
      return r
    })
  }

  /** Makes a new board from a version under `name`; the caller opens it. */
  branch(versionId: string, name: string): Promise<CreatedVariant | null> {
    if (versionNameProblem(name, MAX_VARIANT_NAME)) return Promise.resolve(null)
    return this.#act('branch', () => this.#o.api.branch(versionId, name.trim()))
  }
}
