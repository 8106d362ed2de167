import { closeSync, fdatasync, openSync } from 'node:fs'

/**
 * Commits between two background flushes of the write-ahead log. An append writes three pages or
 * more (the log's table, its index, the sequence), so 16 commits leave some 50 of the 1,000 pages
 * after which SQLite checkpoints for the checkpoint's own fsync; and a flush costs ~0.16 ms of CPU,
 * which a board edited ten times a second pays every 1.6 s.
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
 * relayed. Flushed every few dozen commits from another thread, the log leaves the
 * checkpoint's own fsync little to do.
 *
 * It changes nothing SQLite relies on: bytes reach the disk sooner, never later, and SQLite's own
 * fsyncs still run. A failed flush is not reported here: Linux reports a write-back error to every
 * open file of the log once, so SQLite's own fsync at the checkpoint still sees it and fails the
 * commit that ran it, which is where the storage reports errors.
 */
export class WalFlusher {
  readonly #path: string
  readonly #everyCommits: number
  #fd: number | null = null
  #inFlight = false
  /** Commits since the last flush started. */
  #unflushed = 0
  #closed = false
  #flushes = 0

  constructor(walPath: string, options: WalFlusherOptions = {}) {
    this.#path = walPath
    this.#everyCommits = options.everyCommits ?? WAL_FLUSH_EVERY_COMMITS
  }

  /** Flushes completed so far. */
  get flushes(): number {
    return this.#flushes
  }

  /** Whether a flush is running now. */
  get flushing(): boolean {
    return this.#inFlight
  }

  /**
   * To be called after a commit: starts a flush once enough commits have gone by since the last
   * one, unless one is still running (then the next commit starts it). `large`: the commit wrote
   * many pages at once (a snapshot), flush now.
   */
  wrote(large = false): void {
    if (this.#closed) return
    this.#unflushed = large ? this.#everyCommits : this.#unflushed + 1
    if (this.#inFlight || this.#unflushed < this.#everyCommits) return
    const fd = this.#open()
    if (fd === null) return
    this.#inFlight = true
    this.#unflushed = 0
    fdatasync(fd, (err) => {
      this.#inFlight = false
      if (!err) this.#flushes++
      if (this.#closed) this.#release()
    })
  }

  /** Stops flushing; the file is closed once a running flush has finished. */
  close(): void {
    this.#closed = true
    if (!this.#inFlight) this.#release()
  }

  /** The log's file, opened on first use: SQLite creates it with the first write. */
  #open(): number | null {
    if (this.#fd !== null) return this.#fd
    try {
      this.#fd = openSync(this.#path, 'r')
    } catch {
      // No log yet (nothing written), or it cannot be read: the checkpoint's fsync does the work.
      return null
    }
    return this.#fd
  }

  #release(): void {
    if (this.#fd === null) return
    closeSync(this.#fd)
    this.#fd = null
  }
}
