import {
  type AreaId,
  addComment,
  type BlockId,
  type Comment,
  type CommentId,
  type CommentTarget,
  DISCUSSION_SCHEMA_VERSION,
  deleteComment,
  editComment,
  initDiscussion,
  newId,
  observeDiscussion,
  openThreadsByArea,
  type RandomBytes,
  readThreads,
  reopenThread,
  replyToComment,
  resolveThread,
  SchemaVersionError,
  storedDiscussionVersion,
  type Thread,
} from '@gebiedsbord/model'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { Access, BoardSettings } from '../api/boards.ts'
import { currentAuthor, type People, participantNames } from './author.ts'
import { type DiscussionTransport, openDiscussionProvider, type SettingsApi } from './discussionLink.ts'
import { Cell } from './observable.ts'

export {
  boardSettingsApi,
  type DiscussionTransport,
  discussionRoom,
  type SettingsApi,
} from './discussionLink.ts'

/** Where blocks are now (the plan mirror): a block's comments count under the area it is in. */
export interface BlockPlaces {
  areaOf(id: BlockId): AreaId | null
  /** Changes whenever a block changes area: the key under which the per-area lists are cached. */
  readonly placementVersion: number
}

/** How to open a board's discussion. */
export interface DiscussionOptions {
  readonly access: Access
  readonly people: People
  readonly blocks: BlockPlaces
  /** The clock stamped on comments, passed in so that tests are exact. */
  readonly now: () => number
  readonly random: RandomBytes
  /** The doc to use (tests link two in memory); a new one when absent. */
  readonly doc?: Y.Doc
  /** Without a transport the doc counts as synced: it is all there is. */
  readonly transport?: DiscussionTransport
  readonly settings?: SettingsApi
}

/**
 * How often a viewer's client reads the board's settings again, so that a comment box appears
 * (or goes) soon after the edit-link holder allows viewer comments (or stops doing so): the sync
 * protocol has no message for it, and the GET (`/api/boards/:id/access`) reads only the board's
 * record on the server, never the plan.
 */
export const VIEWER_SETTINGS_POLL_MS = 15_000

/** What the comment panels render. */
export interface DiscussionState {
  /** Every thread, oldest first, with replies in order (deleted roots without replies left out). */
  readonly threads: readonly Thread[]
  /** The board's settings as last read; null until read (or when there is no server). */
  readonly settings: BoardSettings | null
  /** Whether this user may write comments now: edit access, or view access where the board allows it. */
  readonly mayComment: boolean
  /** Whether the server's comments have arrived. */
  readonly synced: boolean
  /** Why the server refused this user's last comment change (it was not saved), until dismissed. */
  readonly refused: string | null
  /** The discussion doc was written by a newer version: read it, write nothing. */
  readonly tooNew: boolean
}

/**
 * A board's comments: the discussion doc and its own connection, the threads as the panels show
 * them, and every comment command with this user as author and the injected clock. A viewer
 * writes only where the board allows it, and never the doc's schema stamp (the server refuses
 * it): an editor stamps the doc once the server's state is in. When the server refuses a change,
 * the doc is loaded again from the server, so that nobody sees a comment the board did not keep.
 */
export class Discussion {
  readonly access: Access
  readonly state: Cell<DiscussionState>
  /** The target a new thread is being written for (the panel's composer), or null. */
  readonly composing = new Cell<CommentTarget | null>(null)
  /** The origin of this user's comment transactions. */
  readonly origin: object = Object.freeze({ kind: 'local-comment' })
  readonly #o: DiscussionOptions
  /** Undoes what `#attach` did: the doc's observer and the connection. */
  #detach: (() => void)[] = []
  #doc: Y.Doc
  #provider: WebsocketProvider | null = null
  #syncs = 0
  #byArea: { threads: readonly Thread[]; placement: number; map: Map<AreaId, Thread[]> } | null = null
  #settingsPoll: ReturnType<typeof setInterval> | undefined

  constructor(o: DiscussionOptions) {
    this.#o = o
    this.access = o.access
    this.#doc = o.doc ?? new Y.Doc()
    this.state = new Cell<DiscussionState>({
      threads: readThreads(this.#doc),
      settings: null,
      mayComment: false,
      synced: false,
      refused: null,
      tooNew: false,
    })
    this.#attach()
    void this.refreshSettings()
    if (o.access === 'view' && o.settings)
      this.#settingsPoll = setInterval(() => void this.refreshSettings(), VIEWER_SETTINGS_POLL_MS)
  }

  /** The discussion doc (replaced by a fresh copy of the server's after a refused change). */
  get doc(): Y.Doc {
    return this.#doc
  }

  /** The discussion doc's connection, or null without a transport. */
  get provider(): WebsocketProvider | null {
    return this.#provider
  }

  /** This user as an author. */
  me = () => currentAuthor(this.#o.people)

  /** Names of everyone on the board now: whom a comment can @mention. */
  participants = (): string[] => participantNames(this.#o.people)

  /** Open threads per area; a block's thread counts where the block is now. Cached per change. */
  openByArea(): ReadonlyMap<AreaId, readonly Thread[]> {
    const { threads } = this.state.get()
    const placement = this.#o.blocks.placementVersion
    if (this.#byArea?.threads !== threads || this.#byArea.placement !== placement)
      this.#byArea = {
        threads,
        placement,
        map: openThreadsByArea(threads, (b) => this.#o.blocks.areaOf(b) ?? undefined),
      }
    return this.#byArea.map
  }

  /** How many open threads an area has (its own, its blocks' and its rules'). */
  openCount = (area: AreaId): number => this.openByArea().get(area)?.length ?? 0

  /** Where a thread belongs now: the target's area, or for a block the area it is in. */
  areaOf(target: CommentTarget): AreaId | null {
    if (target.kind !== 'block') return target.area
    return this.#o.blocks.areaOf(target.block) ?? target.area ?? null
  }

  /**
   * Threads per area where they belong now (`null`: a block thread whose block lies outside
   * every area and had none), oldest first; resolved ones only when asked for.
   */
  threadsByArea(includeResolved: boolean): Map<AreaId | null, Thread[]> {
    const out = new Map<AreaId | null, Thread[]>()
    for (const t of this.state.get().threads) {
      if (t.resolved && !includeResolved) continue
      const area = this.areaOf(t.target)
      const list = out.get(area)
      if (list) list.push(t)
      else out.set(area, [t])
    }
    return out
  }

  /** Whether any comment of the thread mentions this user by name. */
  mentionsMe(thread: Thread): boolean {
    const me = this.me().name.toLowerCase()
    return [thread.root, ...thread.replies].some((c) => c.mentions.some((m) => m.toLowerCase() === me))
  }

  /** Whether a comment was written under this user's name (names are all a board knows of people). */
  isMine(c: Comment): boolean {
    return c.author.name === this.me().name
  }

  /** Starts a thread on a target; its id, or undefined when this user may not comment. */
  startThread(target: CommentTarget, text: string): CommentId | undefined {
    const id = newId<CommentId>(this.#o.random)
    const ok = this.#write(() => {
      addComment(this.#doc, { id, target, ...this.#comment(text) }, this.#o.now(), this.origin)
      return true
    })
    return ok ? id : undefined
  }

  /** Starts a thread on an area. */
  commentOnArea(area: AreaId, text: string): CommentId | undefined {
    return this.startThread({ kind: 'area', area }, text)
  }

  /** Starts a thread on a block, noting the area it is in now (where it counts if it is deleted). */
  commentOnBlock(block: BlockId, text: string): CommentId | undefined {
    const area = this.#o.blocks.areaOf(block)
    return this.startThread({ kind: 'block', block, ...(area ? { area } : {}) }, text)
  }

  /** Starts a thread on a barcode rule of an area ("why does green fail here?"). */
  commentOnRule(area: AreaId, rule: string, text: string): CommentId | undefined {
    return this.startThread({ kind: 'rule', area, rule }, text)
  }

  /** Replies in the thread of comment `to`; the reply's id, or undefined when it cannot. */
  reply(to: CommentId, text: string): CommentId | undefined {
    const id = newId<CommentId>(this.#o.random)
    const ok = this.#write(() =>
      replyToComment(this.#doc, to, { id, ...this.#comment(text) }, this.#o.now(), this.origin),
    )
    return ok ? id : undefined
  }

  /** Changes the text of one of this user's own comments. */
  edit(id: CommentId, text: string): boolean {
    const c = this.#find(id)
    if (!c || !this.isMine(c)) return false
    return this.#write(() =>
      editComment(this.#doc, id, { text, participants: this.participants() }, this.#o.now(), this.origin),
    )
  }

  /** Deletes a comment: one's own, or any as an editor (who keeps the board tidy). */
  remove(id: CommentId): boolean {
    const c = this.#find(id)
    if (!c || (!this.isMine(c) && this.access !== 'edit')) return false
    return this.#write(() => deleteComment(this.#doc, id, this.#o.now(), this.origin))
  }

  /** Marks the thread of a comment resolved by this user. */
  resolve(id: CommentId): boolean {
    return this.#write(() => resolveThread(this.#doc, id, this.me().name, this.#o.now(), this.origin))
  }

  /** Reopens a resolved thread. */
  reopen(id: CommentId): boolean {
    return this.#write(() => reopenThread(this.#doc, id, this.me().name, this.#o.now(), this.origin))
  }

  /** Reads the board's settings again (a viewer learns whether it may comment). Keeps the last on failure. */
  async refreshSettings(): Promise<void> {
    if (!this.#o.settings) return
    try {
      const settings = await this.#o.settings.load()
      this.#update({ settings })
    } catch {
      // Offline or the server is down: what was known still holds, and the server decides anyway.
    }
  }

  /** Lets viewers comment, or stops them (edit access only). Throws the API's error. */
  async setViewerComments(viewerComments: boolean): Promise<void> {
    if (this.access !== 'edit' || !this.#o.settings) return
    const settings = await this.#o.settings.save({ ...this.state.get().settings, viewerComments })
    this.#update({ settings })
  }

  /** Hides the notice of a refused change. */
  dismissRefusal(): void {
    this.#update({ refused: null })
  }

  /** Closes the connection and stops following the doc. */
  destroy(): void {
    clearInterval(this.#settingsPoll)
    for (const f of this.#detach.splice(0)) f()
  }

  /** Follows the doc's changes and connects it, when there is a transport. */
  #attach(): void {
    const doc = this.#doc
    this.#detach.push(observeDiscussion(doc, () => this.#update({ threads: readThreads(doc) })))
    const t = this.#o.transport
    if (!t) {
      this.#provider = null
      this.#synced()
      return
    }
    const provider = openDiscussionProvider(doc, t, (reason) => this.#denied(reason))
    const onSync = (synced: boolean) => synced && this.#synced()
    provider.on('sync', onSync)
    this.#provider = provider
    this.#detach.push(
      () => provider.off('sync', onSync),
      () => provider.destroy(),
      () => provider.awareness.destroy(),
    )
  }

  /** Drops the local copy, whose refused change the server never kept, and loads the server's. */
  #reload(): void {
    if (!this.#o.transport) return
    for (const f of this.#detach.splice(0)) f()
    this.#doc.destroy()
    this.#doc = new Y.Doc()
    this.#syncs = 0
    this.#update({ threads: [], synced: false })
    this.#attach()
  }

  #comment(text: string) {
    return { author: this.me(), text, participants: this.participants() }
  }

  #find(id: CommentId): Comment | undefined {
    for (const t of this.state.get().threads) {
      if (t.root.id === id) return t.root
      const r = t.replies.find((c) => c.id === id)
      if (r) return r
    }
    return undefined
  }

  /** Runs a command when this user may comment; false when not, or when the doc turned out newer. */
  #write(command: () => boolean): boolean {
    if (!this.state.get().mayComment) return false
    try {
      return command()
    } catch (e) {
      if (!(e instanceof SchemaVersionError)) throw e
      this.#update({ tooNew: true })
      return false
    }
  }

  #synced(): void {
    this.#syncs++
    if (this.access === 'edit')
      try {
        // Only now: stamping before the server's state is in could race a newer stamp there.
        initDiscussion(this.#doc, this.origin)
      } catch (e) {
        if (!(e instanceof SchemaVersionError)) throw e
      }
    this.#update({ synced: true })
    // After a lost connection the board's settings may have changed meanwhile.
    if (this.#syncs > 1) void this.refreshSettings()
  }

  #denied(reason: string): void {
    this.#update({ refused: reason })
    void this.refreshSettings()
    // Not inside the provider's own message handler, which still runs.
    queueMicrotask(() => this.#reload())
  }

  #update(patch: Partial<DiscussionState>): void {
    const next = { ...this.state.get(), ...patch }
    const version = storedDiscussionVersion(this.#doc)
    const tooNew = next.tooNew || version > DISCUSSION_SCHEMA_VERSION
    // A viewer may not write the schema stamp, so it waits for a doc an editor has stamped.
    const mayComment =
      !tooNew &&
      (this.access === 'edit' ||
        (next.settings?.viewerComments === true && version === DISCUSSION_SCHEMA_VERSION))
    this.state.set({ ...next, tooNew, mayComment })
  }
}
