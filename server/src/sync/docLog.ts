import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { Limits } from '../limits.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import type { BoardStorage } from '../storage/storage.ts'
import { rebuildDoc } from './docState.ts'

/** Where a doc's stored log stands: what `rebuildDoc` reports, or a snapshot with an empty log. */
export interface LogPosition {
  /** Sequence number of the newest stored update (0 when the log is empty). */
  readonly lastSeq: number
  /** Bytes stored for the doc: snapshot plus log. */
  readonly bytes: number
  /** Updates in the log after the snapshot. */
  readonly logCount: number
}

/** What a log needs from the server around it. */
export interface DocLogContext {
  readonly storage: BoardStorage
  readonly limits: Limits
  readonly metrics: Metrics
  readonly logger: Logger
}

/**
 * The stored side of one loaded doc: its update log since the last snapshot, the bytes it takes,
 * appends and compaction. The room calls it from its queue only, so that the counts always match
 * what storage holds.
 */
export class DocLog {
  #lastSeq: number
  #bytes: number
  #count: number
  #compactionQueued = false

  constructor(
    readonly key: string,
    private readonly ctx: DocLogContext,
    start: LogPosition,
  ) {
    this.#lastSeq = start.lastSeq
    this.#bytes = start.bytes
    this.#count = start.logCount
  }

  /** Updates in the log since the last snapshot. */
  get count(): number {
    return this.#count
  }

  /**
   * An update (`seq`) decoded cleanly but Yjs threw while integrating it, maybe halfway. It is
   * stored but was relayed to no one: the doc is rebuilt from storage, which leaves it out (see
   * `rebuildDoc`), and the room compacts it at once, so that the stored state is again exactly
   * what the clients have. Undefined when the board is gone from storage.
   */
  async rebuild(seq: number, err: unknown): Promise<Y.Doc | undefined> {
    this.ctx.logger.error('stored update could not be applied; rebuilding the board without it', {
      board: this.key,
      seq,
      error: String(err),
    })
    const state = await this.ctx.storage.loadState(this.key)
    if (!state) return undefined
    const rebuilt = rebuildDoc(state)
    this.#lastSeq = rebuilt.lastSeq
    this.#bytes = rebuilt.bytes
    this.#count = rebuilt.logCount
    return rebuilt.doc
  }

  /**
   * Whether an update of `size` bytes fits the board size limit. When it does not, the log is
   * compacted first: a log of many small edits takes more room than the state they add up to.
   */
  async fits(size: number, doc: () => Y.Doc): Promise<boolean> {
    const limit = this.ctx.limits.maxBoardBytes
    if (this.#bytes + size <= limit) return true
    await this.compact(doc)
    return this.#bytes + size <= limit
  }

  /** Appends an update and resolves with its sequence number once storage has committed it. */
  async append(update: Uint8Array): Promise<number> {
    const started = performance.now()
    const seq = await this.ctx.storage.appendUpdate(this.key, update)
    this.ctx.metrics.persistSeconds.observe((performance.now() - started) / 1000)
    this.#lastSeq = seq
    this.#bytes += update.length
    this.#count++
    return seq
  }

  /**
   * Counts an update another instance stored (it reached this doc over fan-out): it takes room in
   * the board's size limit and in the log the next compaction here merges.
   */
  noteRemote(size: number): void {
    this.#bytes += size
    this.#count++
  }

  /** Raises the newest sequence number known to `seq`: the log was read up to there (a catch-up). */
  saw(seq: number): void {
    this.#lastSeq = Math.max(this.#lastSeq, seq)
  }

  /** True once the log has grown to the compaction threshold, for one caller until it has compacted. */
  claimCompaction(): boolean {
    if (this.#count < this.ctx.limits.compactAfterUpdates || this.#compactionQueued) return false
    this.#compactionQueued = true
    return true
  }

  /** Merges the log into one snapshot of `doc` (built only when there is a log to merge). */
  async compact(doc: () => Y.Doc): Promise<void> {
    this.#compactionQueued = false
    if (this.#count === 0) return
    const d = doc()
    const snapshot = Y.encodeStateAsUpdate(d)
    await this.ctx.storage.compact(this.key, snapshot, this.#lastSeq, Y.encodeStateVector(d))
    this.#bytes = snapshot.length
    this.#count = 0
    this.ctx.metrics.compactions.inc()
  }
}
