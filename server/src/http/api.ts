import { readPlan } from '@gebiedsbord/model'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { BACKUP_CONTENT_TYPE, BoardStateError, readBackup, readBoardState } from '../boardState.ts'
import { type Boards, BoardTooBigError, type CreatedBoard } from '../boards.ts'
import type { BoardStorage } from '../storage/storage.ts'
import type { SyncServer } from '../sync/syncServer.ts'
import { hashToken, tokenMatches } from '../tokens.ts'
import { bearerToken, requireAccess } from './access.ts'
import { ApiError, boardNotFound, errorBody, jsonBody, validate } from './errors.ts'
import { exportRoutes } from './exportRoutes.ts'
import { isFeatureCollection, planFromUpload, planRoutes } from './planRoutes.ts'
import { sessionRoutes } from './sessionRoutes.ts'
import { versionRoutes } from './versionRoutes.ts'

/** What the API routes need. */
export interface ApiDeps {
  readonly storage: BoardStorage
  readonly boards: Boards
  readonly sync: SyncServer
  readonly adminToken: string | undefined
  readonly publicUrl: string | undefined
  readonly maxRequestBytes: number
  /** The board size limit: a restored backup may be this big (more than `maxRequestBytes`). */
  readonly maxBoardBytes: number
}

const CreateBoardBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  frame: z.enum(['local', 'rd-new']).optional(),
  normSetId: z.string().min(1).max(100).optional(),
})

const RotateBody = z.strictObject({ which: z.enum(['edit', 'view', 'both']).optional() })

/** The `/api` routes: boards, tokens, and the plan and report reads. */
export function apiRoutes(deps: ApiDeps): Hono {
  const { boards, sync } = deps
  const adminHash = deps.adminToken ? hashToken(deps.adminToken) : undefined
  const api = new Hono()

  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin
  // Links carry the token in the fragment: browsers send neither it to the server nor it in a
  // Referer, so it stays out of access logs. The client reads it from location.hash.
  const boardUrl = (c: Context, id: string, token: string) => `${origin(c)}/b/${id}#token=${token}`
  const links = (c: Context, b: Pick<CreatedBoard, 'id'> & Partial<CreatedBoard>) => ({
    ...(b.editToken ? { editToken: b.editToken, editUrl: boardUrl(c, b.id, b.editToken) } : {}),
    ...(b.viewToken ? { viewToken: b.viewToken, viewUrl: boardUrl(c, b.id, b.viewToken) } : {}),
  })

  const requireAdmin = (c: Context) => {
    if (!adminHash) return
    const token = bearerToken(c)
    if (!token || !tokenMatches(token, adminHash))
      throw new ApiError(401, 'unauthorized', 'creating boards needs Authorization: Bearer <ADMIN_TOKEN>')
  }

  // A backup restored as a new board (the whole board from `GET /api/boards/:id/backup`, or the
  // plan alone from `/state`): before the global body limit, since a board may be larger than a
  // JSON request. Other bodies go on to the route below.
  api.post('/boards', async (c, next) => {
    const type = c.req.header('content-type')?.split(';')[0]?.trim()
    if (type !== 'application/octet-stream' && type !== BACKUP_CONTENT_TYPE) return next()
    requireAdmin(c)
    try {
      // A backup holds two docs, each at most a board's size.
      const bytes = await bodyBytes(
        c,
        type === BACKUP_CONTENT_TYPE ? 2 * deps.maxBoardBytes : deps.maxBoardBytes,
      )
      let created: CreatedBoard
      if (type === BACKUP_CONTENT_TYPE) created = await boards.createFromBackup(readBackup(bytes))
      else {
        const { name, state } = readBoardState(bytes)
        created = await boards.createFromState(name, state)
      }
      return c.json({ id: created.id, name: created.name, ...links(c, created) }, 201)
    } catch (err) {
      if (err instanceof BoardStateError)
        throw new ApiError(err.code === 'unsupported_schema' ? 422 : 400, err.code, err.message)
      if (err instanceof BoardTooBigError) throw new ApiError(413, 'board_too_big', err.message)
      throw err
    }
  })

  // Before the global body limit: these routes set their own (an image upload may be larger).
  api.route(
    '/boards',
    versionRoutes({ boards, sync, storage: deps.storage, maxRequestBytes: deps.maxRequestBytes }),
  )
  api.use(
    bodyLimit({
      maxSize: deps.maxRequestBytes,
      onError: (c) =>
        c.json(errorBody('too_large', `the request body is over ${deps.maxRequestBytes} bytes`), 413),
    }),
  )

  api.post('/boards', async (c) => {
    requireAdmin(c)
    const body = await jsonBody(c)
    try {
      if (isFeatureCollection(body)) {
        const { plan, problems } = await planFromUpload(body, c.req.query('name'))
        const created = await boards.createFromPlan(plan)
        return c.json({ id: created.id, name: created.name, ...links(c, created), problems }, 201)
      }
      const input = validate(CreateBoardBody, body)
      const created = await boards.createEmpty({
        name: input.name,
        frame: { kind: input.frame ?? 'local' },
        ...(input.normSetId ? { normSetId: input.normSetId } : {}),
      })
      return c.json({ id: created.id, name: created.name, ...links(c, created) }, 201)
    } catch (err) {
      if (err instanceof BoardTooBigError) throw new ApiError(413, 'board_too_big', err.message)
      throw err
    }
  })

  api.get('/boards/:id', async (c) => {
    const { board, access } = await requireAccess(c, boards)
    const info = await sync.readDoc(board.id, (doc) => {
      const plan = readPlan(doc)
      return {
        name: plan.board.name,
        frame: plan.board.frame.kind,
        ...(plan.board.normSetId ? { normSetId: plan.board.normSetId } : {}),
        areas: plan.areas.length,
        blocks: plan.blocks.length,
        parties: plan.parties.length,
      }
    })
    if (!info) throw boardNotFound()
    return c.json({
      id: board.id,
      createdAt: new Date(board.createdAt).toISOString(),
      access,
      settings: board.settings,
      ...info,
    })
  })

  // What a token may do on a board, from the board's row alone: the client asks this before it
  // opens the board's socket, so it must not wait for the plan to be read (hundreds of ms for a
  // board of thousands of blocks that is not loaded yet) nor build a doc the socket serves lazily.
  api.get('/boards/:id/access', async (c) => {
    const { board, access } = await requireAccess(c, boards)
    return c.json({ id: board.id, access, settings: board.settings })
  })

  api.post('/boards/:id/tokens', async (c) => {
    const { board } = await requireAccess(c, boards, 'edit')
    const { which = 'both' } = validate(RotateBody, await jsonBody(c, {}))
    const tokens = await boards.rotate(board.id, which)
    return c.json({ id: board.id, ...links(c, { id: board.id, ...tokens }) })
  })

  api.route('/boards', planRoutes({ boards, sync }))
  api.route('/boards', exportRoutes({ boards, sync }))
  api.route('/boards', sessionRoutes({ boards, sync, storage: deps.storage }))

  api.all('*', (c) => c.json(errorBody('not_found', `no API route ${c.req.method} ${c.req.path}`), 404))
  return api
}

/** The request body as bytes, read as it streams in and refused (413) once over `max`. */
async function bodyBytes(c: Context, max: number): Promise<Uint8Array> {
  const tooBig = () => new ApiError(413, 'board_too_big', `a board may be at most ${max} bytes`)
  if (Number(c.req.header('content-length') ?? 0) > max) throw tooBig()
  const chunks: Uint8Array[] = []
  let length = 0
  const reader = c.req.raw.body?.getReader()
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    length += read.value.length
    if (length > max) {
      await reader?.cancel()
      throw tooBig()
    }
    chunks.push(read.value)
  }
  return Buffer.concat(chunks)
}
