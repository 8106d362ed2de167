/** A listener set: the one primitive the state modules use to tell React (and each other) about changes. */
export class Listeners<T = void> {
  readonly #fns = new Set<(value: T) => void>()

  /** Adds a listener; returns a function that removes it (the shape useSyncExternalStore wants). */
  subscribe = (fn: (value: T) => void): (() => void) => {
    this.#fns.add(fn)
    return () => this.#fns.delete(fn)
  }

  emit(value: T): void {
    for (const fn of [...this.#fns]) fn(value)
  }

  get size(): number {
    return this.#fns.size
  }
}

/**
 * A value that can be read and watched: for state that React renders but that lives outside it
 * (selection, camera, tool, connection). `set` with an equal value (Object.is) notifies nobody.
 */
export class Cell<T> {
  #value: T
  readonly #listeners = new Listeners<T>()

  constructor(initial: T) {
    this.#value = initial
  }

  get = (): T => this.#value

  set(value: T): void {
    if (Object.is(value, this.#value)) return
    this.#value = value
    this.#listeners.emit(value)
  }

  subscribe = (fn: (value: T) => void): (() => void) => this.#listeners.subscribe(fn)
}

/**
 * Calls `fn` at most once per animation frame with the latest arguments: for work that follows
 * pointer moves (committing a drag to the doc, re-evaluating the barcode) so that it runs once
 * per painted frame however many events arrive. `flush` runs a pending call now (at pointer up).
 */
export function frameThrottle<A extends unknown[]>(
  fn: (...args: A) => void,
): { (...args: A): void; flush(): void; cancel(): void } {
  let pending: A | null = null
  let handle = 0
  const run = () => {
    handle = 0
    const args = pending
    pending = null
    if (args) fn(...args)
  }
  const call = (...args: A) => {
    pending = args
    if (!handle) handle = requestFrame(run)
  }
  call.flush = () => {
    if (handle) cancelFrame(handle)
    run()
  }
  call.cancel = () => {
    if (handle) cancelFrame(handle)
    handle = 0
    pending = null
  }
  return call
}

/**
 * Calls `fn` once `ms` after the first of a run of `schedule` calls, however many follow
 * meanwhile: for work that may lag the plan by a fraction of a second (a table, the states of
 * sign-offs) and must never run once per frame while someone drags.
 */
export class ThrottledCall {
  readonly #fn: () => void
  readonly #ms: number
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(fn: () => void, ms: number) {
    this.#fn = fn
    this.#ms = ms
  }

  /** Whether a call is waiting. */
  get pending(): boolean {
    return this.#timer !== null
  }

  /** Calls `fn` after the wait, unless a call is waiting already. */
  schedule(): void {
    if (this.#timer) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#fn()
    }, this.#ms)
  }

  /** Calls `fn` now, dropping a waiting call. */
  flush(): void {
    this.cancel()
    this.#fn()
  }

  /** Drops a waiting call. */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }
}

/** Schedules `fn` for the next animation frame; tests run outside a browser, where a 16 ms timer stands in. */
export const requestFrame = (fn: () => void): number =>
  typeof requestAnimationFrame === 'function'
    ? requestAnimationFrame(fn)
    : (setTimeout(fn, 16) as unknown as number)
/** Cancels what `requestFrame` scheduled. */
export const cancelFrame = (h: number): void =>
  typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame(h) : clearTimeout(h)
