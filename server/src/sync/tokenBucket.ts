/** A clock in milliseconds; injected so that tests can step time. */
export type Clock = () => number

/**
 * A token bucket: `ratePerSecond` tokens flow in continuously, up to `burst`. Taking a token
 * fails when the bucket is empty, which is how per-connection message rates are enforced
 * without timers.
 */
export class TokenBucket {
  #tokens: number
  #last: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: Clock,
  ) {
    this.#tokens = burst
    this.#last = now()
  }

  /** Takes one token if there is one. */
  take(): boolean {
    this.#refill()
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** Milliseconds until a token will be available (0 when one is). */
  waitMs(): number {
    this.#refill()
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.ratePerSecond) * 1000)
  }

  #refill(): void {
    const t = this.now()
    this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#last) / 1000) * this.ratePerSecond)
    this.#last = t
  }
}
