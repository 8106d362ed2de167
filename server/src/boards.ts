import { type Board, initBoard, type Plan, writePlan } from '@gebiedsbord/model'
import * as Y from 'yjs'
import type { BoardBackup } from './boardState.ts'
import {
  type Access,
  type BoardParent,
  type BoardRecord,
  type BoardSettings,
  type BoardStorage,
  docKey,
} from './storage/storage.ts'
import type { SyncServer } from './sync/syncServer.ts'
import { accessFor, BOARD_ID_PATTERN, hashToken, newBoardId, newToken } from './tokens.ts'

/** A board just created: the only moment its tokens exist in clear text on the server. */
export interface CreatedBoard {
  readonly id: string
  readonly name: string
  readonly editToken: string
  readonly viewToken: string
}

/** The stored hashes of a board's two tokens. */
type TokenHashes = Pick<BoardRecord, 'editTokenHash' | 'viewTokenHash'>

/** Which tokens to replace when rotating. */
export type Rotation = Access | 'both'

/** The outcome of presenting a token for a board. */
export type AccessCheck =
  | { readonly ok: true; readonly board: BoardRecord; readonly access: Access }
  | { readonly ok: false; readonly reason: 'not-found' | 'unauthorized' }

/** Raised when a new board's initial document is over the board size limit. */
export class BoardTooBigError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`the board would be ${bytes} bytes; the limit is ${limit}`)
    this.name = 'BoardTooBigError'
  }
}

/** Checks a token against a board: the one check behind the HTTP API and the WebSocket. */
export async function checkAccess(
  storage: BoardStorage,
  id: string,
  token: string | undefined,
): Promise<AccessCheck> {
  // Anything that is not shaped like a board id is refused without a storage lookup.
  const board = BOARD_ID_PATTERN.test(id) ? await storage.getBoard(id) : undefined
  if (!board) return { ok: false, reason: 'not-found' }
  const access = accessFor(board, token)
  return access ? { ok: true, board, access } : { ok: false, reason: 'unauthorized' }
}

/** Board lifecycle around storage: creation with fresh tokens, token checks and rotation. */
export class Boards {
  constructor(
    private readonly storage: BoardStorage,
    private readonly sync: SyncServer,
    private readonly maxBoardBytes: number,
  ) {}

  /** Creates an empty board with a name (and optionally a frame and norm set). */
  createEmpty(board: Board): Promise<CreatedBoard> {
    return this.#create(board.name, (doc) => initBoard(doc, board))
  }

  /** Creates a board holding a whole plan (imported from GeoJSON). */
  createFromPlan(plan: Plan): Promise<CreatedBoard> {
    return this.#create(plan.board.name, (doc) => writePlan(doc, plan))
  }

  /**
   * Creates a board from a whole plan state (a backup, checked by `readBoardState`, which
   * re-encodes it from a doc of its own), with fresh tokens.
   */
  createFromState(name: string, state: Uint8Array): Promise<CreatedBoard> {
    return this.#store(name, state)
  }

  /**
   * Creates a board from a whole backup (checked by `readBackup`): the plan as its first snapshot,
   * then the comments, stored before the board is announced.
   */
  async createFromBackup(backup: BoardBackup): Promise<CreatedBoard> {
    if (backup.discussion.length > this.maxBoardBytes)
      throw new BoardTooBigError(backup.discussion.length, this.maxBoardBytes)
    const created = await this.createFromState(backup.name, backup.state)
    await this.storage.appendUpdate(docKey(created.id, 'discussion'), backup.discussion)
    return created
  }

  /**
   * Creates a variant of `parent`: a new board holding `state` (made from the parent's version
   * `versionId`), opened by the parent's tokens as they are now (the same hashes), so that whoever
   * holds the parent's links holds the variant's. It takes the parent's settings; from then on the
   * two are independent boards (rotating the tokens of one leaves the other's alone).
   */
  async createVariant(
    parent: BoardRecord,
    versionId: string,
    name: string,
    state: Uint8Array,
  ): Promise<{ id: string; name: string }> {
    const { id } = await this.#store(name, state, parent, parent.settings, {
      boardId: parent.id,
      versionId,
    })
    return { id, name }
  }

  /** Creates a board with fresh tokens from a doc that `fill` writes. */
  #create(name: string, fill: (doc: Y.Doc) => void): Promise<CreatedBoard> {
    const doc = new Y.Doc()
    fill(doc)
    const state = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return this.#store(name, state)
  }

  /**
   * Stores a new board holding `state`, within the board size limit. Without `hashes` it gets
   * fresh tokens, returned in clear text; with them (a variant's) it is opened by those.
   */
  #store(name: string, state: Uint8Array): Promise<CreatedBoard>
  #store(
    name: string,
    state: Uint8Array,
    hashes: TokenHashes,
    settings: BoardSettings,
    parent: BoardParent,
  ): Promise<{ id: string; name: string }>
  async #store(
    name: string,
    state: Uint8Array,
    hashes?: TokenHashes,
    settings?: BoardSettings,
    parent?: BoardParent,
  ): Promise<CreatedBoard | { id: string; name: string }> {
    if (state.length > this.maxBoardBytes) throw new BoardTooBigError(state.length, this.maxBoardBytes)
    const id = newBoardId()
    let tokens: { editToken: string; viewToken: string } | undefined
    let stored = hashes
    if (!stored) {
      tokens = { editToken: newToken(), viewToken: newToken() }
      stored = { editTokenHash: hashToken(tokens.editToken), viewTokenHash: hashToken(tokens.viewToken) }
    }
    await this.storage.createBoard(
      {
        id,
        name,
        createdAt: Date.now(),
        editTokenHash: stored.editTokenHash,
        viewTokenHash: stored.viewTokenHash,
        ...(settings ? { settings } : {}),
        ...(parent ? { parent } : {}),
      },
      state,
    )
    return { id, name, ...tokens }
  }

  /** Checks a token against a board. */
  check(id: string, token: string | undefined): Promise<AccessCheck> {
    return checkAccess(this.storage, id, token)
  }

  /**
   * Replaces the edit token, the view token or both, and disconnects everyone connected with a
   * replaced token: rotation is how a leaked link is revoked.
   */
  async rotate(id: string, which: Rotation): Promise<Partial<Record<'editToken' | 'viewToken', string>>> {
    const rotated: Access[] = which === 'both' ? ['edit', 'view'] : [which]
    const tokens = Object.fromEntries(rotated.map((a) => [a, newToken()])) as Partial<Record<Access, string>>
    const hashes = Object.fromEntries(Object.entries(tokens).map(([a, t]) => [a, hashToken(t)]))
    await this.storage.setTokenHashes(id, hashes)
    for (const access of rotated) await this.sync.revoke(id, access)
    return {
      ...(tokens.edit ? { editToken: tokens.edit } : {}),
      ...(tokens.view ? { viewToken: tokens.view } : {}),
    }
  }
}
