import type { Lang } from '@gebiedsbord/barcode'
import {
  areasMap,
  type BlockId,
  blocksMap,
  boardMap,
  partiesMap,
  type RandomBytes,
  SCHEMA_VERSION,
  storedSchemaVersion,
} from '@gebiedsbord/model'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { serverAssetApi } from '../api/assets.ts'
import type { Access } from '../api/boards.ts'
import { BarcodeStore } from './barcodeStore.ts'
import { BaseMapState } from './baseMap.ts'
import { ConnectionTracker } from './connection.ts'
import { DecisionLog } from './decisions.ts'
import { boardSettingsApi, Discussion } from './discussion.ts'
import { Follow } from './follow.ts'
import { History } from './history.ts'
import type { Identity } from './identity.ts'
import { Cell, frameThrottle } from './observable.ts'
import { PartyTableStore } from './partyTable.ts'
import { PlanMirror } from './planMirror.ts'
import { Presence, sendOwnAwarenessOnly } from './presence.ts'
import { Selection } from './selection.ts'
import { SignOffBook, serverSignOffVersionsApi, whenSaved } from './signoffs.ts'
import { SessionTimeline, serverTimelineApi } from './timeline.ts'
import { ViewState } from './view.ts'

/** How to open a board. */
export interface SessionOptions {
  readonly boardId: string
  readonly token: string
  readonly access: Access
  readonly identity: Identity
  readonly lang: Lang
  /** Base of the sync websocket, e.g. `wss://host/sync`. */
  readonly syncUrl: string
  /** Keep a copy in IndexedDB for offline work and fast reloads (default true). */
  readonly persist?: boolean
  /** Connect to the server at once (default true); tests open sessions without a server. */
  readonly connect?: boolean
  /** A WebSocket implementation where the platform has none (Node 20 in tests). */
  readonly WebSocketPolyfill?: unknown
}

/** Secure random bytes for new ids. */
export const cryptoBytes: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n))

/**
 * Everything a user holds of one open board: the Y.Doc and its providers (server and
 * IndexedDB), this user's undo history, presence, selection and view, the decoded plan and the
 * live barcode. React renders it through hooks; nothing here depends on React.
 */
export class BoardSession {
  readonly boardId: string
  readonly access: Access
  readonly readOnly: boolean
  readonly doc = new Y.Doc()
  /**
   * The origin of every edit this user makes. The undo history tracks exactly this object, so a
   * user's undo never reverts someone else's edit.
   */
  readonly origin: object = Object.freeze({ kind: 'local-user' })
  readonly provider: WebsocketProvider
  readonly persistence: IndexeddbPersistence | null
  readonly mirror: PlanMirror
  readonly barcode: BarcodeStore
  readonly selection = new Selection()
  readonly view = new ViewState()
  readonly history: History
  readonly presence: Presence
  /** Presenting and following: whose view this user's camera glides along. */
  readonly follow: Follow
  readonly connection: ConnectionTracker
  /** Comments, in the board's discussion doc over a connection of its own. */
  readonly discussion: Discussion
  /** The decision log (in the plan doc; only editors record). */
  readonly decisions: DecisionLog
  /** Who came and went, and what changed per area, over a chosen time window. */
  readonly timeline: SessionTimeline
  /** The background under the plan: the board's choice, the default, and whether it loads. */
  readonly baseMap: BaseMapState
  /** The parties' sign-offs of areas ("akkoord"), each with whether it still holds. */
  readonly signoffs: SignOffBook
  /** Each party's programme and share of the targets, per area or for the plan. */
  readonly partyTable: PartyTableStore
  /** True once the local copy or the server's state has arrived: the first moment to zoom to fit. */
  readonly loaded = new Cell(false)
  /** Set when the doc was written by a newer schema than this client reads. */
  readonly tooNew = new Cell(false)
  /** Blocks this user is dragging or transforming right now: their nodes lead, the doc follows. */
  readonly gesture = new Cell<ReadonlySet<BlockId>>(new Set())
  /**
   * The plan's version, advanced at most once per frame: what React panels re-render on, so that
   * a drag costs them one render per painted frame rather than one per transaction.
   */
  readonly planTick = new Cell(0)
  readonly #cleanup: (() => void)[] = []

  constructor(o: SessionOptions) {
    this.boardId = o.boardId
    this.access = o.access
    this.readOnly = o.access !== 'edit'
    this.mirror = new PlanMirror(this.doc)
    this.barcode = new BarcodeStore(this.mirror, o.lang)
    this.history = new History(
      [
        boardMap(this.doc),
        areasMap(this.doc),
        blocksMap(this.doc),
        partiesMap(this.doc),
      ] as Y.AbstractType<unknown>[],
      this.origin,
    )
    this.persistence =
      o.persist === false ? null : new IndexeddbPersistence(`gebiedsbord:${o.boardId}`, this.doc)
    this.provider = new WebsocketProvider(o.syncUrl, o.boardId, this.doc, {
      params: { token: o.token },
      // Tabs of one browser would otherwise sync directly, so a view-only tab could pass edits
      // to an edit tab; the server is the only path between replicas.
      disableBc: true,
      maxBackoffTime: 5000,
      connect: o.connect ?? true,
      ...(o.WebSocketPolyfill ? { WebSocketPolyfill: o.WebSocketPolyfill as typeof WebSocket } : {}),
    })
    this.#cleanup.push(sendOwnAwarenessOnly(this.provider))
    this.presence = new Presence(this.provider.awareness, o.identity, this.readOnly)
    this.follow = new Follow(this.presence, this.view, this.readOnly)
    this.connection = new ConnectionTracker(this.provider, this.doc, `gebiedsbord.unsaved:${o.boardId}`)
    const people = this.presence
    this.discussion = new Discussion({
      access: o.access,
      people,
      blocks: this.mirror,
      now: Date.now,
      random: cryptoBytes,
      transport: { ...o, connect: o.connect ?? true },
      ...(o.connect === false ? {} : { settings: boardSettingsApi(o.boardId, o.token) }),
    })
    this.decisions = new DecisionLog({
      doc: this.doc,
      readOnly: this.readOnly,
      people,
      now: Date.now,
      random: cryptoBytes,
    })
    this.baseMap = new BaseMapState({
      doc: this.doc,
      mirror: this.mirror,
      assets: serverAssetApi(o.boardId, o.token),
    })
    this.timeline = new SessionTimeline({
      api: serverTimelineApi(o.boardId, o.token),
      doc: this.doc,
      now: Date.now,
    })

    this.signoffs = new SignOffBook({
      doc: this.doc,
      mirror: this.mirror,
      readOnly: this.readOnly,
      api: serverSignOffVersionsApi(o.boardId, o.token),
      people,
      now: Date.now,
      saved: () => whenSaved(this.connection),
    })
    this.partyTable = new PartyTableStore({ mirror: this.mirror, gesture: this.gesture })

    const markLoaded = () => {
      if (storedSchemaVersion(this.doc) > SCHEMA_VERSION) this.tooNew.set(true)
      this.loaded.set(true)
    }
    this.persistence?.once('synced', markLoaded)
    const onSync = (synced: boolean) => synced && markLoaded()
    this.provider.on('sync', onSync)
    this.#cleanup.push(() => this.provider.off('sync', onSync))

    const tick = frameThrottle(() => this.planTick.set(this.mirror.version))
    this.#cleanup.push(
      this.mirror.changes.subscribe(() => tick()),
      () => tick.cancel(),
    )

    // Others see this user's selection outlined in their colour.
    this.#cleanup.push(
      this.selection.subscribe((s) => this.presence.setSelection(s.blocks, s.area)),
      this.mirror.changes.subscribe(() =>
        this.selection.prune(
          (id) => this.mirror.blocks.has(id),
          (id) => this.mirror.areas.has(id),
        ),
      ),
    )
  }

  /** Runs edits as one transaction of this user, as one undo step of its own. */
  edit(fn: () => void): void {
    if (this.readOnly) return
    this.history.boundary()
    this.doc.transact(fn, this.origin)
    this.history.boundary()
  }

  /** Closes the connection and frees everything (leaving the page). */
  destroy(): void {
    for (const f of this.#cleanup) f()
    this.connection.destroy()
    this.discussion.destroy()
    this.decisions.destroy()
    this.signoffs.destroy()
    this.partyTable.destroy()
    this.follow.destroy()
    this.presence.destroy()
    this.provider.destroy()
    void this.persistence?.destroy()
    this.barcode.destroy()
    this.baseMap.destroy()
    this.mirror.destroy()
    this.history.destroy()
    this.doc.destroy()
  }
}
