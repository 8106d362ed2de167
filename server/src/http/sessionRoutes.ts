import { fileStem, readBoard } from '@gebiedsbord/model'
import { Hono } from 'hono'
import * as Y from 'yjs'
import { z } from 'zod'
import { BACKUP_CONTENT_TYPE, encodeBackup } from '../boardState.ts'
import type { Boards } from '../boards.ts'
import { type BoardStorage, docKey } from '../storage/storage.ts'
import type { SyncServer } from '../sync/syncServer.ts'
import { requireAccess } from './access.ts'
import { ApiError, jsonBody, validate } from './errors.ts'

/** The most events one timeline answer lists; a longer window is cut at its newest end. */
const MAX_TIMELINE_EVENTS = 5_000

const SettingsBody = z.strictObject({ viewerComments: z.boolean() })

// Milliseconds since 1970 as a query parameter: digits only, so that `1e3` or `-5` are refused.
const Millis = z
  .string()
  .regex(/^\d{1,15}$/, 'expected milliseconds since 1970 (digits)')
  .transform(Number)

const TimelineQuery = z
  .object({ from: Millis, to: Millis })
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`', path: ['from'] })

const StateQuery = z.object({ at: Millis.optional() })

/** Sends bytes as a binary body (a Yjs update). */
const binary = (bytes: Uint8Array): Response =>
  new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } })

/**
 * Routes of a board's meetings: its settings (who may comment), the session timeline (who joined
 * and left, which plan states were stored) and the plan as it was at a moment (for before/after).
 */
export function sessionRoutes(deps: { boards: Boards; sync: SyncServer; storage: BoardStorage }): Hono {
  const { boards, sync, storage } = deps
  const routes = new Hono()

  routes.put('/:id/settings', async (c) => {
    const { board } = await requireAccess(c, boards, 'edit')
    const settings = validate(SettingsBody, await jsonBody(c))
    await sync.changeSettings(board.id, settings)
    return c.json({ id: board.id, settings })
  })

  routes.get('/:id/timeline', async (c) => {
    const { board } = await requireAccess(c, boards)
    const { from, to } = validate(TimelineQuery, c.req.query(), 'invalid_query')
    const [events, checkpoints] = await Promise.all([
      storage.listEvents(board.id, from, to, MAX_TIMELINE_EVENTS),
      storage.listCheckpoints(board.id, from, to),
    ])
    return c.json({ id: board.id, from, to, events, checkpoints: checkpoints.map((at) => ({ at })) })
  })

  // The whole board (plan and comments) as one file, for `POST /api/boards` to restore. Viewers
  // see both docs anyway, so the view token suffices.
  routes.get('/:id/backup', async (c) => {
    const { board } = await requireAccess(c, boards)
    const [plan, discussion] = await Promise.all([
      sync.readDoc(board.id, (doc) => ({ state: Y.encodeStateAsUpdate(doc), name: readBoard(doc).name })),
      sync.readDoc(docKey(board.id, 'discussion'), (doc) => Y.encodeStateAsUpdate(doc)),
    ])
    if (!plan || !discussion) throw new ApiError(404, 'not_found', 'no board with this id')
    return new Response(encodeBackup(plan.state, discussion), {
      headers: {
        'content-type': BACKUP_CONTENT_TYPE,
        'content-disposition': `attachment; filename="${fileStem(plan.name)}.gebiedsbord"`,
      },
    })
  })

  routes.get('/:id/state', async (c) => {
    const { board } = await requireAccess(c, boards)
    const { at } = validate(StateQuery, c.req.query(), 'invalid_query')
    if (at === undefined) {
      const state = await sync.readDoc(board.id, (doc) => Y.encodeStateAsUpdate(doc))
      if (!state) throw new ApiError(404, 'not_found', 'no board with this id')
      return binary(state)
    }
    const checkpoint = await storage.checkpointAtOrBefore(board.id, at)
    if (!checkpoint)
      throw new ApiError(
        404,
        'no_checkpoint',
        `no stored state of this board at or before ${new Date(at).toISOString()}`,
      )
    return binary(checkpoint.data)
  })

  return routes
}
