import { expect } from 'vitest'
import type { TestServer } from './testServer.ts'

/** The error body every API error has. */
export interface ApiErrorBody {
  error: { code: string; message: string; path?: string }
}

/**
 * A request to `/api/boards/<path>` with a board token as `Authorization: Bearer`. A plain value
 * is sent as JSON; bytes or a string are sent as they are (with the headers given).
 */
export function boardCall(
  s: TestServer,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const raw = body instanceof Uint8Array || typeof body === 'string'
  return fetch(`${s.url}/api/boards/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: raw ? (body as Uint8Array | string) : JSON.stringify(body) }),
  })
}

/** Checks that a response is an API error with this status and code (and field, when given). */
export async function expectApiError(
  res: Response,
  status: number,
  code: string,
  path?: string,
): Promise<ApiErrorBody> {
  expect(res.status).toBe(status)
  const body = (await res.json()) as ApiErrorBody
  expect(body.error.code).toBe(code)
  expect(body.error.message).toBeTruthy()
  if (path !== undefined) expect(body.error.path).toBe(path)
  return body
}
