import type { Context } from 'hono'
import type { Boards } from '../boards.ts'
import type { Access } from '../storage/storage.ts'
import { ApiError, boardNotFound, unauthorized } from './errors.ts'

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(c: Context): string | undefined {
  return c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
}

/** The token of a request: `?token=` (what board links carry) or an `Authorization: Bearer` header. */
export function requestToken(c: Context): string | undefined {
  return c.req.query('token') || bearerToken(c)
}

/** Checks the board token of a request; throws 404 or 401. */
export async function requireAccess(c: Context, boards: Boards, need?: Access) {
  const check = await boards.check(c.req.param('id') ?? '', requestToken(c))
  if (!check.ok) throw check.reason === 'not-found' ? boardNotFound() : unauthorized()
  if (need === 'edit' && check.access !== 'edit')
    throw new ApiError(403, 'forbidden', 'this needs the edit token; the view token only reads')
  return check
}
