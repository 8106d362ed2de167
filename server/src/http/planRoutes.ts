import { type DocProblem, readDecisions, readPlan, readThreads } from '@gebiedsbord/model'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Boards } from '../boards.ts'
import { docKey } from '../storage/storage.ts'
import type { SyncServer } from '../sync/syncServer.ts'
import { cryptoRandomBytes } from '../tokens.ts'
import { requireAccess } from './access.ts'
import { ApiError, boardNotFound, validate } from './errors.ts'
import { barcode, geo } from './planLibraries.ts'

/** `?lang=` of the routes that write text for people: English or Dutch. */
export const LangQuery = z.enum(['en', 'nl'])
/** `wgs84`: RFC 7946 longitude/latitude; `rd-new`: RD New metres with a crs member, for GIS (QGIS). */
const CrsQuery = z.enum(['wgs84', 'rd-new'])

/** Whether a request body is a GeoJSON FeatureCollection (board creation from a plan file). */
export function isFeatureCollection(body: unknown): body is { type: 'FeatureCollection' } {
  return (
    typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'FeatureCollection'
  )
}

/**
 * Reads an uploaded plan in the contract of `gebiedsbord check`; `name` (a `?name=`) overrides the
 * name the file gives. Unreadable input is a 400 with the reader's message; features that were
 * left out or read with a change come back as `problems`.
 */
export async function planFromUpload(body: unknown, name?: string) {
  const { GeoJsonReadError, planFromGeoJSON } = await geo()
  try {
    return planFromGeoJSON(body, { random: cryptoRandomBytes, ...(name ? { name } : {}) })
  } catch (err) {
    if (err instanceof GeoJsonReadError) throw new ApiError(400, 'invalid_geojson', err.message)
    throw err
  }
}

/** Routes that read a board's current plan: as GeoJSON (WGS84 or RD New) and as the barcode report. */
export function planRoutes(deps: { boards: Boards; sync: SyncServer }): Hono {
  const routes = new Hono()

  routes.get('/:id/plan.geojson', async (c) => {
    const { board } = await requireAccess(c, deps.boards)
    const crs = validate(CrsQuery, c.req.query('crs') ?? 'wgs84', 'invalid_query')
    const read = await deps.sync.readDoc(board.id, (doc) => ({
      plan: readPlan(doc),
      decisions: readDecisions(doc),
    }))
    if (!read) throw boardNotFound()
    const { plan, decisions } = read
    const { GeoJsonWriteError, planToGeoJSON } = await geo()
    try {
      const geojson = planToGeoJSON(plan, { crs })
      // What the meeting said travels with the plan, as foreign members (RFC 7946 §6.1) that
      // GeoJSON readers, this one's import included, pass over.
      const comments =
        (await deps.sync.readDoc(docKey(board.id, 'discussion'), (doc) => readThreads(doc))) ?? []
      const body = { ...geojson, comments, decisions }
      return c.body(JSON.stringify(body), 200, { 'content-type': 'application/geo+json; charset=utf-8' })
    } catch (err) {
      // A board drawn in a local frame has no place on earth: a state of the board, not a bad request.
      if (err instanceof GeoJsonWriteError) throw new ApiError(409, 'not_georeferenced', err.message)
      throw err
    }
  })

  routes.get('/:id/report', async (c) => {
    const { board } = await requireAccess(c, deps.boards)
    const lang = validate(LangQuery, c.req.query('lang') ?? 'en', 'invalid_query')
    const read = await deps.sync.readDoc(board.id, (doc) => {
      const unreadable: DocProblem[] = []
      return { plan: readPlan(doc, unreadable), unreadable }
    })
    if (!read) throw boardNotFound()
    const { plan, unreadable } = read
    const report = (await barcode()).checkPlan(plan, { lang })
    // As in `gebiedsbord check`, `feature` points at a feature of the plan as a file: here the
    // board's own plan.geojson, which lists the areas and then the blocks in this order.
    const featureOf = new Map<string, number>([
      ...plan.areas.map((a, i): [string, number] => [a.id, i]),
      ...plan.blocks.map((b, i): [string, number] => [b.id, plan.areas.length + i]),
    ])
    const problems = [
      ...unreadable.map((p) => ({ feature: null, message: `${p.collection} ${p.id}: ${p.reason}` })),
      ...report.problems.map((p) => ({
        feature: featureOf.get(p.block ?? p.area ?? '') ?? null,
        message: p.message,
      })),
    ].sort((a, b) => (a.feature ?? -1) - (b.feature ?? -1))
    return c.json({ ...report, problems })
  })

  return routes
}
