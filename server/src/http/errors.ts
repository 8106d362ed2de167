import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import type { Logger } from '../logger.ts'

/** The one error shape of the HTTP API. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly path?: string }
}

/** Builds an error body; `path` points into the request (e.g. `name` or `features.3.geometry`). */
export function errorBody(code: string, message: string, path?: string): ErrorBody {
  return { error: { code, message, ...(path ? { path } : {}) } }
}

/** An error meant for the client: thrown in a route, turned into JSON once by `handleError`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** 401 for a missing or wrong board token. */
export const unauthorized = (): ApiError =>
  new ApiError(
    401,
    'unauthorized',
    "this needs the board's edit or view token: add ?token=… or an Authorization: Bearer header",
  )

/** 404 for a board id that names no board. */
export const boardNotFound = (): ApiError => new ApiError(404, 'not_found', 'no board with this id')

/**
 * Maps any error to JSON. Client errors keep their message; anything unexpected is logged and
 * answered with a generic 500, never with a stack trace.
 */
export function handleError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.path), err.status)
    if (err instanceof HTTPException && err.status < 500)
      return c.json(errorBody('bad_request', err.message || 'bad request'), err.status)
    logger.error('request failed', { method: c.req.method, path: c.req.path, error: String(err) })
    return c.json(errorBody('internal', 'something went wrong on the server; it has been logged'), 500)
  }
}

/** Validates input with zod at the boundary; the first issue becomes a 400, with its path. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, code = 'invalid_body'): T {
  const r = schema.safeParse(input)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  throw new ApiError(400, code, issue?.message ?? 'invalid request', issue?.path.join('.'))
}

/** Parses a JSON body (an empty one as `emptyAs`, when given), or throws 400 with what went wrong. */
export async function jsonBody(c: Context, emptyAs?: unknown): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '' && emptyAs !== undefined) return emptyAs
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON')
  }
}
