import { closeSync, fdatasync, openSync } from 'node:fs'

/**
 * Commits between two background flushes of the write-ahead log. An append writes 1.4–1.7 pages
 * of log on average (its doc's leaf of the clustered log, sometimes a split), so 16 commits leave
 * some 25 of the 1,000 pages after which SQLite checkpoints for the checkpoint's own fsync; and a
 * flush costs ~0.16 ms of CPU, which a board edited ten times a second pays every 1.6 s.
 */
export const WAL_FLUSH_EVERY_COMMITS = 16

/** What a flusher needs besides the log's path; the defaults are the production ones. */
export interface WalFlusherOptions {
  readonly everyCommits?: number
}

/**
 * Flushes SQLite's write-ahead log to disk in the background, on libuv's thread pool.
 *
 * Why: with `synchronous = NORMAL` a commit only writes the log; the log is fsynced at the next
 * checkpoint, which SQLite runs inside the commit that grows the log past 1,000 pages, on the
 * event loop. That fsync then has to bring some 4 MB of log to disk: ~6 ms on the benchmark
 * machine (against 0.4 ms for the checkpoint's copying), during which no update is stored or
 * relayed. Flushed every `WAL_FLUSH_EVERY_COMMITS` commits from another thread, the log leaves
 * the checkpoint's own fsync little to do. Only for `synchronous = NORMAL`: with FULL every commit
 * syncs the log itself.
 *
 * It changes nothing SQLite relies on: bytes reach the disk sooner, never later, and SQLite's own
 * fsyncs still run. A failed flush is only counted (`failures`): Linux (4.13 and later) reports a
 * write-back error to every open file of the log once, so SQLite's own fsync at the checkpoint
 * still sees it and fails the commit that ran it, which is where the storage reports errors.
 */
export class WalFlusher {
  readonly #path: string
  readonly #everyCommits: number
  #fd: number | null = null
  #inFlight = false
  /** Commits since the last flush started. */
  #unflushed = 0
  #closed = false
  #started = 0
  #flushes = 0
  #failures = 0

  constructor(walPath: string, options: WalFlusherOptions = {}) {
    this.#path = walPath
    this.#everyCommits = options.everyCommits ?? WAL_FLUSH_EVERY_COMMITS
  }

  /** Flushes started so far. */
  get started(): number {
    return this.#started
  }

  /** Flushes completed so far. */
  get flushes(): number {
    return this.#flushes
  }

  /** Flushes that failed, or could not open the log, so far. */
  get failures(): number {
    return this.#failures
  }

  /** Whether a flush is running now. */
  get flushing(): boolean {
    return this.#inFlight
  }

  /**
   * To be called after a commit: starts a flush once enough commits have gone by since the last
   * one started; if one is still running, the next starts when it ends. `large`: the commit wrote
   * many pages at once (a snapshot, a version, an image), flush as soon as possible.
   */
  wrote(large = false): void {
    if (this.#closed) return
    this.#unflushed = large ? this.#everyCommits : this.#unflushed + 1
    this.#maybeStart()
  }

  /** Stops flushing; the file is closed once a running flush has finished. */
  close(): void {
    this.#closed = true
    if (!this.#inFlight) this.#release()
  }

  #maybeStart(): void {
    if (this.#closed || this.#inFlight || this.#unflushed < this.#everyCommits) return
    // The interval starts over even when the log cannot be opened: a failing open is retried
    // after the next interval of commits, not on every commit.
    this.#unflushed = 0
    const fd = this.#open()
    if (fd === null) return
    this.#inFlight = true
    this.#started++
    fdatasync(fd, (err) => {
      this.#inFlight = false
      if (err) this.#failures++
      else this.#flushes++
      if (this.#closed) this.#release()
      // Commits made while this flush ran (a snapshot at unload may be a board's last write).
      else this.#maybeStart()
    })
  }

  /** The log's file, opened on first use: SQLite creates it with the first write. */
  #open(): number | null {
    if (this.#fd !== null) return this.#fd
    try {
      this.#fd = openSync(this.#path, 'r')
    } catch (err) {
      // No log yet (nothing written) is expected; anything else is counted. Either way the
      // checkpoint's own fsync does the work.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.#failures++
      return null
    }
    return this.#fd
  }

  #release(): void {
    if (this.#fd === null) return
    const fd = this.#fd
    this.#fd = null
    try {
      closeSync(fd)
    } catch {
      // Nothing is left to do with the descriptor; SQLite's own handles are not affected.
      this.#failures++
    }
  }
}
