import { performance } from 'node:perf_hooks'

/** One measured figure of a benchmark run. */
export interface Figure {
  readonly name: string
  /** This project's value. */
  readonly value: number
  readonly unit: string
  /** The target in words, e.g. "< 20 ms" or "≤ 0.8× best peer", when the project has one. */
  readonly target?: string
  /** The same figure for each peer server, by name (comparison figures only). */
  readonly peers?: Readonly<Record<string, number>>
  /** Whether a lower value is better (default) or a higher one; decides which peer is best. */
  readonly better?: 'lower' | 'higher'
  /** This value divided by the best peer's (comparison figures only). */
  readonly ratio?: number
  /** Whether the target is met, when there is one. */
  readonly met?: boolean
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

/**
 * Completes a figure: the ratio to the best peer and, for a target of the form "< N", "≤ N",
 * "≤ R× best peer" or "= 0", whether it is met.
 */
export function judge(f: Figure): Figure {
  let ratio: number | undefined
  if (f.peers) {
    const values = Object.values(f.peers).filter((v) => Number.isFinite(v))
    const best = f.better === 'higher' ? Math.max(...values) : Math.min(...values)
    if (values.length > 0 && best !== 0) ratio = f.value / best
  }
  let met: boolean | undefined
  const t = f.target ?? ''
  const byRatio = t.match(/^≤ ([\d.]+)× best peer/)
  const below = t.match(/^< ([\d.]+)/)
  const atMost = t.match(/^≤ ([\d.]+)(?!×)/)
  if (byRatio) met = ratio !== undefined && ratio <= Number(byRatio[1])
  else if (t.startsWith('= 0')) met = f.value === 0
  else if (below) met = f.value < Number(below[1])
  else if (atMost) met = f.value <= Number(atMost[1])
  return { ...f, ...(ratio !== undefined ? { ratio } : {}), ...(met !== undefined ? { met } : {}) }
}

/** A number for the table: three significant digits, thousands separated. */
export function fmt(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '—'
  if (Number.isInteger(v) || Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-GB')
  return v.toPrecision(3)
}

/** The run's table, one row per figure: this project's value, each peer's, the ratio, the target. */
export function table(figures: readonly Figure[], peerNames: readonly string[]): string {
  const head = ['figure', 'unit', 'gebiedsbord', ...peerNames, 'ratio', 'target', 'met']
  const rows = figures.map((f) => [
    f.name,
    f.unit,
    fmt(f.value),
    ...peerNames.map((p) => (f.peers ? fmt(f.peers[p]) : '')),
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
    f.target ?? '',
    f.met === undefined ? '' : f.met ? 'yes' : 'NO',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)))
  const line = (r: string[]) =>
    r
      .map((c, i) =>
        i === 0 || i >= head.length - 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0),
      )
      .join('  ')
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
