import type { ImportProblem } from '@gebiedsbord/geo'
import { newId, planFromUpdate, readBoard, replacePlan, setBoard } from '@gebiedsbord/model'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as Y from 'yjs'
import { z } from 'zod'
import { type AddedPlan, addPlan } from '../addPlan.ts'
import { type Boards, BoardTooBigError } from '../boards.ts'
import type { BoardStorage, StoredVersion, VersionInfo } from '../storage/storage.ts'
import { ServerChangeError } from '../sync/serverChange.ts'
import type { SyncServer } from '../sync/syncServer.ts'
import { cryptoRandomBytes } from '../tokens.ts'
import { requireAccess } from './access.ts'
import { ApiError, boardNotFound, errorBody, jsonBody, validate } from './errors.ts'
import { ASSET_CACHE_CONTROL, imageTypeOf, MAX_ASSET_BYTES } from './images.ts'
import { planFromUpload } from './planRoutes.ts'

/** Longest name of a version (a line in the versions list). */
export const MAX_VERSION_NAME = 120
/** Longest author name stored with a version. */
export const MAX_AUTHOR_NAME = 80
/** Longest name of a variant (a board name, as at creation). */
export const MAX_VARIANT_NAME = 200

/** The name of the version a restore saves first, so that the state it replaces is kept. */
export const backupName = (restored: string): string => `Voor herstel van “${restored}”`

const Author = z.string().trim().max(MAX_AUTHOR_NAME)
const SaveBody = z.strictObject({
  name: z.string().trim().min(1).max(MAX_VERSION_NAME),
  author: Author.optional(),
})
const RestoreBody = z.strictObject({ author: Author.optional() })
const VariantBody = z.strictObject({ name: z.string().trim().min(1).max(MAX_VARIANT_NAME) })

/** What the version routes need. */
export interface VersionRouteDeps {
  readonly boards: Boards
  readonly sync: SyncServer
  readonly storage: BoardStorage
  /** The limit of JSON bodies (the API's `maxRequestBytes`); uploads have `MAX_ASSET_BYTES`. */
  readonly maxRequestBytes: number
  /** The clock of version timestamps; `Date.now` when absent. */
  readonly now?: () => number
}

const info = (v: VersionInfo): VersionInfo => ({ id: v.id, name: v.name, at: v.at, author: v.author })

/** A body limit answering with the API's error shape. */
const limit = (maxSize: number, what: string): MiddlewareHandler =>
  bodyLimit({
    maxSize,
    onError: (c) => c.json(errorBody('too_large', `${what} may be at most ${maxSize} bytes`), 413),
  })

/** Maps the errors of a server-side change of a board to responses. */
function changeFailed(err: unknown): never {
  if (err instanceof ServerChangeError && err.reason === 'board_too_big')
    throw new ApiError(413, 'board_too_big', err.message)
  throw err
}

/**
 * Routes of the joint bid: named versions of a board's plan (save, list, read, restore), variants
 * (a new board from a version), GeoJSON import into a live board, and uploaded images.
 *
 * Mounted before the API's global body limit, so that uploads can have their own: every route
 * here sets its limit itself.
 */
export function versionRoutes(deps: VersionRouteDeps): Hono {
  const { boards, sync, storage } = deps
  const now = deps.now ?? Date.now
  const routes = new Hono()
  const jsonLimit = limit(deps.maxRequestBytes, 'the request body')

  /** The board's plan doc as it is now (after the updates queued so far) as one update. */
  const currentState = async (boardId: string): Promise<Uint8Array> => {
    const state = await sync.readDoc(boardId, (doc) => Y.encodeStateAsUpdate(doc))
    if (!state) throw boardNotFound()
    return state
  }

  const saveVersion = async (boardId: string, name: string, author: string): Promise<VersionInfo> => {
    const version: StoredVersion = {
      id: newVersionId(),
      name,
      at: now(),
      author,
      data: await currentState(boardId),
    }
    await storage.putVersion(boardId, version)
    return info(version)
  }

  const requireVersion = async (c: Context, boardId: string): Promise<StoredVersion> => {
    const id = c.req.param('vid') ?? ''
    const version = await storage.getVersion(boardId, id)
    if (!version) throw new ApiError(404, 'no_version', `this board has no version ${JSON.stringify(id)}`)
    return version
  }

  routes.post('/:id/versions', jsonLimit, async (c) => {
    const { board } = await requireAccess(c, boards, 'edit')
    const { name, author = '' } = validate(SaveBody, await jsonBody(c))
    return c.json(await saveVersion(board.id, name, author), 201)
  })

  routes.get('/:id/versions', async (c) => {
    const { board } = await requireAccess(c, boards)
    const [versions, variants] = await Promise.all([
      storage.listVersions(board.id),
      storage.listVariants(board.id),
    ])
    const parent = board.parent
    const parentVersion = parent && (await storage.getVersion(parent.boardId, parent.versionId))
    return c.json({
      versions: versions.map(info),
      variants,
      ...(parent
        ? { parent: { ...parent, ...(parentVersion ? { versionName: parentVersion.name } : {}) } }
        : {}),
    })
  })

  routes.get('/:id/versions/:vid/state', async (c) => {
    const { board } = await requireAccess(c, boards)
    const version = await requireVersion(c, board.id)
    return new Response(version.data, { headers: { 'content-type': 'application/octet-stream' } })
  })

  routes.post('/:id/versions/:vid/restore', jsonLimit, async (c) => {
    const { board } = await requireAccess(c, boards, 'edit')
    const { author = '' } = validate(RestoreBody, await jsonBody(c, {}))
    const version = await requireVersion(c, board.id)
    const plan = planFromUpdate(version.data)
    // Stored before the restore, so that what it replaces can be restored in turn. An edit that
    // lands between the two is in neither the backup nor (where the restore overwrites it) the
    // plan; it stays in the log and the session checkpoints.
    const backup = await saveVersion(board.id, backupName(version.name), author)
    try {
      if (!(await sync.changeDoc(board.id, (doc) => replacePlan(doc, plan)))) throw boardNotFound()
    } catch (err) {
      changeFailed(err)
    }
    return c.json({ restored: info(version), backup })
  })

  routes.post('/:id/versions/:vid/variants', jsonLimit, async (c) => {
    const { board } = await requireAccess(c, boards, 'edit')
    const { name } = validate(VariantBody, await jsonBody(c))
    const version = await requireVersion(c, board.id)
    const doc = new Y.Doc()
    let state: Uint8Array
    try {
      Y.applyUpdate(doc, version.data)
      setBoard(doc, { name })
      state = Y.encodeStateAsUpdate(doc)
    } finally {
      doc.destroy()
    }
    try {
      const variant = await boards.createVariant(board, version.id, name, state)
      return c.json({ ...variant, parent: { boardId: board.id, versionId: version.id } }, 201)
    } catch (err) {
      if (err instanceof BoardTooBigError) throw new ApiError(413, 'board_too_big', err.message)
      throw err
    }
  })

  routes.post('/:id/import', jsonLimit, async (c) => {
    const { board } = await requireAccess(c, boards, 'edit')
    const { plan, problems, featureIndex } = await planFromUpload(await jsonBody(c))
    let added: AddedPlan | undefined
    try {
      const found = await sync.changeDoc(board.id, (doc) => {
        // Checked in the board's queue, against the frame the plan is in at this moment.
        if (readBoard(doc).frame.kind === 'rd-new') added = addPlan(doc, plan, cryptoRandomBytes)
      })
      if (!found) throw boardNotFound()
    } catch (err) {
      changeFailed(err)
    }
    if (!added)
      throw new ApiError(
        409,
        'not_georeferenced',
        `this board is drawn in a local frame (metres with no place on earth), so a GeoJSON file in WGS84 or RD New cannot be placed on it; import into a board in RD New (frame "rd-new")`,
      )
    const renamed: ImportProblem[] = added.renamed.map((r) => ({
      feature: featureIndex.get(r.from) ?? null,
      message: `${r.kind} id ${JSON.stringify(r.from)} is already in use on this board: added as ${JSON.stringify(r.to)}`,
    }))
    return c.json({
      areas: added.areas,
      blocks: added.blocks,
      parties: added.parties,
      problems: [...problems, ...renamed].sort((a, b) => (a.feature ?? -1) - (b.feature ?? -1)),
    })
  })

  routes.post('/:id/assets', limit(MAX_ASSET_BYTES, 'an image'), async (c) => {
    const { board } = await requireAccess(c, boards, 'edit')
    const data = new Uint8Array(await c.req.arrayBuffer())
    const contentType = imageTypeOf(c.req.header('content-type'), data)
    const id = newVersionId()
    await storage.putAsset(board.id, { id, contentType, data })
    return c.json({ id, contentType, bytes: data.length }, 201)
  })

  routes.get('/:id/assets/:assetId', async (c) => {
    const { board } = await requireAccess(c, boards)
    const id = c.req.param('assetId')
    const asset = await storage.getAsset(board.id, id)
    if (!asset) throw new ApiError(404, 'no_asset', `this board has no asset ${JSON.stringify(id)}`)
    return new Response(asset.data, {
      headers: {
        'content-type': asset.contentType,
        'cache-control': ASSET_CACHE_CONTROL,
        // The type was checked on upload; a browser must not guess another.
        'x-content-type-options': 'nosniff',
      },
    })
  })

  return routes
}

/** A fresh id for a version or an asset. */
const newVersionId = (): string => newId(cryptoRandomBytes)
