import type { Logger } from '../logger.ts'
import type { Access, BoardStorage, NormSetEvent, PresenceEvent } from '../storage/storage.ts'
import type { NormSetChange } from './normSetChanges.ts'
import type { Clock } from './tokenBucket.ts'

/** While a board is being edited, its plan is stored as a checkpoint at least this often. */
export const CHECKPOINT_INTERVAL_MS = 5 * 60_000

/** Longest participant name the timeline keeps (presence is free text from the client). */
export const MAX_SESSION_NAME = 100

/** What a recorder needs to know of a connection. */
export interface SessionParticipant {
  readonly access: Access | undefined
  sessionName: string | undefined
}

/**
 * The session timeline of one board's plan: who joined and left (by the name their presence
 * gave; connections that announce no presence, such as scripts, are not listed), who changed the
 * norm set of the board or of an area, and checkpoints of the plan, so that any time window can
 * be replayed as a before/after.
 *
 * A checkpoint is stored before the first change after the board was loaded (the state a
 * session started from), at most every `CHECKPOINT_INTERVAL_MS` while changes come in, and when
 * the board is unloaded after a change. Failures are logged, never raised: the timeline is a
 * record, and an edit must not fail because of it.
 */
export class SessionLog {
  #lastCheckpoint: number | undefined
  #changedSince = false

  constructor(
    private readonly boardId: string,
    private readonly storage: BoardStorage,
    private readonly logger: Logger,
    private readonly now: Clock,
  ) {}

  /** A participant's presence named them for the first time on this connection. */
  joined(who: SessionParticipant, name: string): void {
    if (who.sessionName !== undefined || !who.access) return
    const clipped = name.trim().slice(0, MAX_SESSION_NAME)
    if (!clipped) return
    who.sessionName = clipped
    this.#record({ kind: 'joined', name: clipped, access: who.access })
  }

  /** A connection that had joined under a name left. */
  left(who: SessionParticipant): void {
    if (who.sessionName === undefined || !who.access) return
    this.#record({ kind: 'left', name: who.sessionName, access: who.access })
  }

  /**
   * Records the norm sets an applied update changed (see `normSetChanges`), under the name of the
   * connection that sent it; a change the server made itself (a restore) has no name. Only
   * editors write the plan, so such a change is an editor's.
   */
  normSetsChanged(who: SessionParticipant | undefined, changes: readonly NormSetChange[]): void {
    for (const c of changes)
      this.#record({ kind: 'norm-set', name: who?.sessionName ?? '', access: who?.access ?? 'edit', ...c })
  }

  /** Called (in the board's queue) before a change is stored, with the plan as it still is. */
  async beforeChange(state: () => Uint8Array): Promise<void> {
    if (this.#lastCheckpoint === undefined) await this.#checkpoint(state)
  }

  /** Called (in the board's queue) after a change was stored and applied. */
  async afterChange(state: () => Uint8Array): Promise<void> {
    this.#changedSince = true
    if (this.now() - (this.#lastCheckpoint ?? 0) >= CHECKPOINT_INTERVAL_MS) await this.#checkpoint(state)
  }

  /** Called when the board is unloaded: the last state of a session is kept. */
  async unloading(state: () => Uint8Array): Promise<void> {
    if (this.#changedSince) await this.#checkpoint(state)
  }

  async #checkpoint(state: () => Uint8Array): Promise<void> {
    const at = this.now()
    this.#lastCheckpoint = at
    this.#changedSince = false
    try {
      await this.storage.putCheckpoint(this.boardId, { at, data: state() })
    } catch (err) {
      this.logger.error('could not store a checkpoint', { board: this.boardId, error: String(err) })
    }
  }

  #record(e: Omit<PresenceEvent, 'at'> | Omit<NormSetEvent, 'at'>): void {
    this.storage.appendEvent(this.boardId, { at: this.now(), ...e }).catch((err: unknown) => {
      this.logger.error('could not record a session event', { board: this.boardId, error: String(err) })
    })
  }
}
