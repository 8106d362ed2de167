import { fileStem, type Plan, readDecisions, readPlan, readSignOffs, readThreads } from '@gebiedsbord/model'
import { type Context, Hono } from 'hono'
import type { Boards } from '../boards.ts'
import { docKey } from '../storage/storage.ts'
import type { SyncServer } from '../sync/syncServer.ts'
import { requireAccess } from './access.ts'
import { boardNotFound, validate } from './errors.ts'
import { barcode, bid } from './planLibraries.ts'
import { LangQuery } from './planRoutes.ts'

/** What the export routes need. */
export interface ExportRouteDeps {
  readonly boards: Boards
  readonly sync: SyncServer
  /** The clock that dates a bid; `Date.now` when absent. */
  readonly now?: () => number
}

const attachment = (name: string) => `attachment; filename="${name}"`

/**
 * The joint bid as files, for anyone with a board link (view token suffices): `bid.pdf` for the
 * council, `blocks.csv` and `barcode.csv` for spreadsheets (`?lang=nl` gives `;` and decimal
 * commas, `en` gives `,` and points). Each is made from the live board when asked.
 */
export function exportRoutes(deps: ExportRouteDeps): Hono {
  const routes = new Hono()
  const now = deps.now ?? Date.now

  const langOf = (c: Context) => validate(LangQuery, c.req.query('lang') ?? 'en', 'invalid_query')

  const currentPlan = async (id: string): Promise<Plan> => {
    const plan = await deps.sync.readDoc(id, (doc) => readPlan(doc))
    if (!plan) throw boardNotFound()
    return plan
  }

  routes.get('/:id/bid.pdf', async (c) => {
    const { board } = await requireAccess(c, deps.boards)
    const lang = langOf(c)
    const read = await deps.sync.readDoc(board.id, (doc) => ({
      plan: readPlan(doc),
      decisions: readDecisions(doc),
      signOffs: readSignOffs(doc),
    }))
    if (!read) throw boardNotFound()
    // A board nobody has discussed yet has no discussion doc: no comments.
    const threads = (await deps.sync.readDoc(docKey(board.id, 'discussion'), (doc) => readThreads(doc))) ?? []
    const [{ areaFingerprints, builtinNormSets, checkPlan, signOffStates }, { bidPdf, normSetsUsed }] =
      await Promise.all([barcode(), bid()])
    const registry = builtinNormSets()
    const pdf = await bidPdf({
      plan: read.plan,
      report: checkPlan(read.plan, { registry, lang }),
      normSets: normSetsUsed(read.plan, registry),
      lang,
      generatedAt: now(),
      openComments: threads.filter((t) => !t.resolved),
      decisions: read.decisions,
      signOffs: signOffStates(read.signOffs, areaFingerprints(read.plan)),
    })
    // A copy typed as plain ArrayBuffer-backed bytes, which is what a response body takes.
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': attachment(`${fileStem(read.plan.board.name)}-bid.pdf`),
    })
  })

  routes.get('/:id/blocks.csv', async (c) => {
    const { board } = await requireAccess(c, deps.boards)
    const lang = langOf(c)
    const plan = await currentPlan(board.id)
    const { blocksCsv } = await bid()
    return c.body(blocksCsv(plan, { lang }), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(`${fileStem(plan.board.name)}-blocks.csv`),
    })
  })

  routes.get('/:id/barcode.csv', async (c) => {
    const { board } = await requireAccess(c, deps.boards)
    const lang = langOf(c)
    const plan = await currentPlan(board.id)
    const [{ builtinNormSets, checkPlan }, { barcodeCsv, normSetsUsed }] = await Promise.all([
      barcode(),
      bid(),
    ])
    const registry = builtinNormSets()
    const report = checkPlan(plan, { registry, lang })
    return c.body(barcodeCsv(report, { lang, normSets: normSetsUsed(plan, registry) }), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(`${fileStem(plan.board.name)}-barcode.csv`),
    })
  })

  return routes
}
