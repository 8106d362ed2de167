import { performance } from 'node:perf_hooks'

/** One measured figure of a benchmark run. */
export interface Figure {
  readonly name: string
  readonly value: number
  readonly unit: string
  /** The target in words, e.g. "< 20 ms", when the project has one. */
  readonly target?: string
}

/** Wall-clock milliseconds of one call. */
export function timeMs(fn: () => void): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}

/** The p-th percentile (nearest rank) of samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}

export const median = (samples: readonly number[]): number => percentile(samples, 50)
