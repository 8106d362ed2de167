/**
 * Browsers open six connections per host; more concurrent tiles would only queue in the browser,
 * where a tile that scrolled out of view can no longer be dropped before it is fetched.
 */
export const MAX_CONCURRENT_TILE_LOADS = 6
/**
 * Loaded tiles kept: about six screens' worth at one level, so that panning back and zooming out
 * and in again draw from memory. A 256-px tile decodes to 256 KiB, so this holds under 100 MiB.
 */
export const MAX_CACHED_TILES = 384
/** A tile that has not arrived after this long is given up (and counts as failed). */
export const TILE_TIMEOUT_MS = 10_000

/** Loads one tile; rejects when it cannot, and stops when the signal aborts. */
export type TileLoader<T> = (url: string, signal: AbortSignal) => Promise<T>

/** A tile a view wants: its cache key and where to load it from. */
export interface WantedTile {
  readonly key: string
  readonly url: string
}

type Entry<T> =
  | { state: 'queued'; url: string }
  | { state: 'loading'; url: string; abort: AbortController }
  | { state: 'loaded'; url: string; value: T }
  | { state: 'failed'; url: string }

/**
 * The tiles of a base map: loads the ones the view wants, nearest first, at most
 * `MAX_CONCURRENT_TILE_LOADS` at a time; drops queued tiles the view no longer wants (a fast
 * pan asks for many it passes by); keeps the most recently wanted loaded ones. A failed tile is
 * not asked for again: a service that has no tile there will not have it a second later.
 */
export class TileCache<T> {
  readonly #load: TileLoader<T>
  readonly #settled: (key: string, ok: boolean) => void
  readonly #max: number
  readonly #concurrent: number
  readonly #timeoutMs: number
  /** In order of last use, oldest first (a Map keeps insertion order; use re-inserts). */
  readonly #entries = new Map<string, Entry<T>>()
  #queue: string[] = []
  #wanted = new Set<string>()
  #loading = 0
  #closed = false

  constructor(
    load: TileLoader<T>,
    settled: (key: string, ok: boolean) => void,
    options: { maxCached?: number; concurrent?: number; timeoutMs?: number } = {},
  ) {
    this.#load = load
    this.#settled = settled
    this.#max = options.maxCached ?? MAX_CACHED_TILES
    this.#concurrent = options.concurrent ?? MAX_CONCURRENT_TILE_LOADS
    this.#timeoutMs = options.timeoutMs ?? TILE_TIMEOUT_MS
  }

  /** The tiles the view shows now, most important first: these are loaded, the rest of the queue dropped. */
  want(tiles: readonly WantedTile[]): void {
    if (this.#closed) return
    this.#wanted = new Set(tiles.map((t) => t.key))
    const queue: string[] = []
    for (const t of tiles) {
      const e = this.#entries.get(t.key)
      if (e) this.#touch(t.key, e)
      else this.#entries.set(t.key, { state: 'queued', url: t.url })
      if ((e?.state ?? 'queued') === 'queued') queue.push(t.key)
    }
    for (const key of this.#queue) if (!this.#wanted.has(key)) this.#entries.delete(key)
    this.#queue = queue
    this.#pump()
    this.#evict()
  }

  /** A loaded tile, or undefined. */
  get(key: string): T | undefined {
    const e = this.#entries.get(key)
    return e?.state === 'loaded' ? e.value : undefined
  }

  /** Stops every load and forgets every tile (the base map changed or the map closed). */
  close(): void {
    this.#closed = true
    for (const e of this.#entries.values()) if (e.state === 'loading') e.abort.abort()
    this.#entries.clear()
    this.#queue = []
  }

  #touch(key: string, e: Entry<T>): void {
    this.#entries.delete(key)
    this.#entries.set(key, e)
  }

  #pump(): void {
    while (this.#loading < this.#concurrent && this.#queue.length > 0) {
      const key = this.#queue.shift() as string
      const e = this.#entries.get(key)
      if (e?.state === 'queued') this.#start(key, e.url)
    }
  }

  #start(key: string, url: string): void {
    const abort = new AbortController()
    const entry: Entry<T> = { state: 'loading', url, abort }
    this.#entries.set(key, entry)
    this.#loading++
    const timer = setTimeout(() => abort.abort(), this.#timeoutMs)
    const finish = (next: Entry<T> | null) => {
      clearTimeout(timer)
      this.#loading--
      // A closed cache, or one that evicted this tile meanwhile, keeps nothing of it.
      if (this.#closed || this.#entries.get(key) !== entry) return
      if (next) this.#entries.set(key, next)
      this.#settled(key, next?.state === 'loaded')
      this.#pump()
      this.#evict()
    }
    this.#load(url, abort.signal).then(
      (value) => finish({ state: 'loaded', url, value }),
      () => finish({ state: 'failed', url }),
    )
  }

  #evict(): void {
    if (this.#entries.size <= this.#max) return
    for (const [key, e] of this.#entries) {
      if (this.#entries.size <= this.#max) break
      if (this.#wanted.has(key) || e.state === 'loading') continue
      this.#entries.delete(key)
    }
  }
}

/** Loads an image without sending a referrer (the board's URL is nobody else's business). */
export function loadImage(url: string, signal: AbortSignal): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.decoding = 'async'
    img.referrerPolicy = 'no-referrer'
    const stop = () => {
      img.src = ''
      reject(new Error(`stopped loading ${url}`))
    }
    if (signal.aborted) return stop()
    signal.addEventListener('abort', stop, { once: true })
    img.onload = () => {
      signal.removeEventListener('abort', stop)
      resolve(img)
    }
    img.onerror = () => {
      signal.removeEventListener('abort', stop)
      reject(new Error(`could not load ${url}`))
    }
    img.src = url
  })
}
