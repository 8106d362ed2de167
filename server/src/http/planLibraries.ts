import { createRequire } from 'node:module'

/**
 * The plan libraries only some HTTP routes use (GeoJSON and projections, the norm engine, the
 * bid's PDF and CSV), loaded on first use. The sync path never needs them, and loaded up front
 * they were about a third of an idle server's heap (pdf-lib alone ~4 MiB), which every full
 * garbage collection marks again while the server relays updates. The module cache keeps them
 * after the first call; the first call costs a few hundred milliseconds, once per process.
 */
export const geo = () => import('@gebiedsbord/geo')
/** The norm engine (see `geo`). */
export const barcode = () => import('@gebiedsbord/barcode')
/** The bid's PDF and CSV (see `geo`). */
export const bid = () => import('@gebiedsbord/bid')

/** The packages behind `geo`, `barcode` and `bid`. */
const PLAN_LIBRARIES = ['@gebiedsbord/geo', '@gebiedsbord/barcode', '@gebiedsbord/bid'] as const

/**
 * Fails at start-up when a plan library cannot be found (a broken or half-finished install):
 * loaded lazily, it would otherwise fail only at its first request, and Node keeps a failed
 * import failed until the process restarts. Resolving finds the files without loading them.
 */
export function checkPlanLibraries(names: readonly string[] = PLAN_LIBRARIES): void {
  const require = createRequire(import.meta.url)
  for (const name of names) {
    try {
      require.resolve(name)
    } catch (err) {
      throw new Error(
        `the plan library ${name} cannot be found (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); run the install again`,
      )
    }
  }
}
