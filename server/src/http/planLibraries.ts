/**
 * The plan libraries only some HTTP routes use (GeoJSON and projections, the norm engine, the
 * bid's PDF and CSV), loaded on first use. The sync path never needs them, and loaded up front
 * they were about a third of an idle server's heap (pdf-lib alone ~4 MiB), which every full
 * garbage collection marks again while the server relays updates. The module cache keeps them
 * after the first call.
 */
export const geo = () => import('@gebiedsbord/geo')
/** The norm engine (see `geo`). */
export const barcode = () => import('@gebiedsbord/barcode')
/** The bid's PDF and CSV (see `geo`). */
export const bid = () => import('@gebiedsbord/bid')
