import type { Lang } from '@gebiedsbord/barcode'
import * as Y from 'yjs'
import { getBoardMeta } from '../api/boards.ts'
import { getVersionState, listVersions, type VersionInfo, type VersionList } from '../api/versions.ts'
import type { Identity } from './identity.ts'
import { Cell } from './observable.ts'
import { BoardSession } from './session.ts'

/**
 * A named version opened read-only: the board's own canvas and panels over a doc made from the
 * version's stored state. The doc never connects and is never kept on the device, so nothing
 * done here reaches the live board or its offline copy.
 */

/** The origin of the version's state in the doc: loading, not an edit. */
const LOADED = Object.freeze({ kind: 'version-state' })

/** How to make a session of a version. */
export interface VersionSessionOptions {
  readonly boardId: string
  readonly token: string
  readonly identity: Identity
  readonly lang: Lang
  /** The version's plan as one Yjs update. */
  readonly update: Uint8Array
  /** A WebSocket implementation for platforms without one (tests); it is never used to connect. */
  readonly WebSocketPolyfill?: unknown
}

/** A read-only session holding a version's plan, loaded and never synced. */
export function versionSession(o: VersionSessionOptions): BoardSession {
  const s = new BoardSession({
    boardId: o.boardId,
    token: o.token,
    access: 'view',
    identity: o.identity,
    lang: o.lang,
    // Never dialled: `connect: false` keeps the provider from opening a socket.
    syncUrl: 'ws://version.invalid/sync',
    persist: false,
    connect: false,
    ...(o.WebSocketPolyfill ? { WebSocketPolyfill: o.WebSocketPolyfill } : {}),
  })
  Y.applyUpdate(s.doc, o.update, LOADED)
  s.loaded.set(true)
  // Loaded before the map is laid out, the first fit uses a guessed size: fit again once measured.
  const off = s.view.size.subscribe(() => {
    off()
    const extent = s.mirror.extent()
    if (extent) s.view.fit(extent)
  })
  return s
}

/** What the version page needs of the server. */
export interface VersionViewApi {
  list(): Promise<VersionList>
  state(versionId: string): Promise<Uint8Array>
  /** The board's name, for the banner. */
  boardName(): Promise<string>
}

/** The version view's API for one board, over HTTP. */
export const serverVersionViewApi = (boardId: string, token: string): VersionViewApi => ({
  list: () => listVersions(boardId, token),
  state: (versionId) => getVersionState(boardId, token, versionId),
  boardName: async () => (await getBoardMeta(boardId, token)).name,
})

/** The version page's state. */
export type VersionViewState =
  | { readonly status: 'loading' }
  | {
      readonly status: 'ready'
      readonly session: BoardSession
      /** The version as listed; null when the list no longer has it (its state still loaded). */
      readonly version: VersionInfo | null
      readonly boardName: string
    }
  | { readonly status: 'error'; readonly message: string }

/** Loads one version into a read-only session, and frees it when the page closes. */
export class VersionView {
  readonly state = new Cell<VersionViewState>({ status: 'loading' })
  #closed = false

  /** Fetches the version and its listing; `make` builds the session (`versionSession` in the app). */
  async open(
    api: VersionViewApi,
    versionId: string,
    make: (update: Uint8Array) => BoardSession,
  ): Promise<void> {
    try {
      const [update, list, boardName] = await Promise.all([
        api.state(versionId),
        api.list(),
        api.boardName().catch(() => ''),
      ])
      if (this.#closed) return
      const version = list.versions.find((v) => v.id === versionId) ?? null
      this.state.set({ status: 'ready', session: make(update), version, boardName })
    } catch (e) {
      if (!this.#closed)
        this.state.set({ status: 'error', message: e instanceof Error ? e.message : String(e) })
    }
  }

  /** Frees the session (leaving the page). */
  close(): void {
    this.#closed = true
    const s = this.state.get()
    if (s.status === 'ready') s.session.destroy()
  }
}
