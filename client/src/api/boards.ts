/**
 * The server's HTTP API for boards (see server/src/http/api.ts). Tokens travel in the query of
 * API calls and sync URLs but only in the fragment of page URLs, which browsers keep to themselves.
 */

/** What a token grants: the edit token writes, the view token only reads. */
export type Access = 'edit' | 'view'

/** The answer to creating a board. Both tokens are shown once: the server keeps only their hashes. */
export interface CreatedBoard {
  readonly id: string
  readonly name: string
  readonly editToken: string
  readonly viewToken: string
  readonly editUrl: string
  readonly viewUrl: string
  /** Features of an uploaded GeoJSON that could not be used (the rest made the board). */
  readonly problems?: readonly { readonly feature: number | null; readonly message: string }[]
}

/** Which access a token grants on a board, and the board's settings (`GET /api/boards/:id/access`). */
export interface BoardAccess {
  readonly id: string
  readonly access: Access
  /** Absent from servers that predate board settings: read it through `settingsOf`. */
  readonly settings?: BoardSettings
}

/** A board's metadata as a token holder sees it. */
export interface BoardMeta extends BoardAccess {
  readonly name: string
  readonly frame: 'local' | 'rd-new'
  readonly normSetId?: string
  readonly areas: number
  readonly blocks: number
}

/** Board settings an editor can change. */
export interface BoardSettings {
  /** Viewers (view link) may add, reply to and resolve comments; the plan stays theirs to read only. */
  readonly viewerComments: boolean
}

/** A board's settings from its metadata; where the server sent none, viewers read only. */
export const settingsOf = (meta: Pick<BoardAccess, 'settings'>): BoardSettings => ({
  viewerComments: meta.settings?.viewerComments === true,
})

/** An error from the API, with the server's code (`not_found`, `unauthorized`, …) and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Sends a request without a referrer; a failed request (no answer at all) becomes an ApiError with code `network`. */
export async function send(input: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, { ...init, referrerPolicy: 'no-referrer' })
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
}

/**
 * Calls the API and reads its JSON answer; a non-2xx answer becomes an ApiError with the server's
 * code, a failed request one with code `network`.
 */
export async function call<T>(input: string, init?: RequestInit): Promise<T> {
  const res = await send(input, init)
  const text = await res.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | undefined)?.error
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `${res.status} ${res.statusText}`)
  }
  return body as T
}

/**
 * Calls the API for a binary answer (a Yjs update); errors as `call` gives them. `allowMissing`
 * turns a 404 with that error code into null (the server's "nothing stored then").
 */
export async function callBytes(input: string, allowMissing?: string): Promise<Uint8Array | null> {
  const res = await send(input)
  if (res.ok) return new Uint8Array(await res.arrayBuffer())
  let error: { code?: string; message?: string } | undefined
  try {
    error = ((await res.json()) as { error?: typeof error }).error
  } catch {
    error = undefined
  }
  if (allowMissing && res.status === 404 && error?.code === allowMissing) return null
  throw new ApiError(
    res.status,
    error?.code ?? 'http_error',
    error?.message ?? `${res.status} ${res.statusText}`,
  )
}

/** Creates an empty board with a name. */
export function createBoard(name: string): Promise<CreatedBoard> {
  return call('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })
}

/** Creates a board from a GeoJSON FeatureCollection (areas and blocks as in the README's contract). */
export function createBoardFromGeoJson(geojson: unknown, name?: string): Promise<CreatedBoard> {
  const q = name ? `?name=${encodeURIComponent(name)}` : ''
  return call(`/api/boards${q}`, {
    method: 'POST',
    headers: { 'content-type': 'application/geo+json' },
    body: JSON.stringify(geojson),
  })
}

/**
 * Restores a whole-board backup (`GET /api/boards/:id/backup`: plan and comments) as a new board
 * with new links.
 */
export function createBoardFromBackup(backup: ArrayBuffer): Promise<CreatedBoard> {
  return call('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.gebiedsbord.backup' },
    body: backup,
  })
}

/**
 * Reads which access the token grants and the board's settings: what the board page needs before
 * it opens the board's socket. The server answers from the board's record without reading the plan
 * (name, counts and the rest come with the plan over the socket).
 */
export function getBoardAccess(id: string, token: string): Promise<BoardAccess> {
  return call(`/api/boards/${encodeURIComponent(id)}/access?token=${encodeURIComponent(token)}`)
}

/** Reads a board's metadata (name, frame, counts of the plan) and which access the token grants. */
export function getBoardMeta(id: string, token: string): Promise<BoardMeta> {
  return call(`/api/boards/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`)
}

/** Changes a board's settings (edit token required) and returns them as the server now holds them. */
export async function putBoardSettings(
  id: string,
  editToken: string,
  settings: BoardSettings,
): Promise<BoardSettings> {
  const res = await call<{ settings: BoardSettings }>(
    `/api/boards/${encodeURIComponent(id)}/settings?token=${encodeURIComponent(editToken)}`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    },
  )
  return settingsOf(res)
}

/** The websocket base for `/sync/:id`: same host as the page, ws or wss to match http or https. */
export function syncBaseUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/sync`
}

/** New tokens and links after a rotation; only the rotated ones are present. */
export interface RotatedTokens {
  readonly id: string
  readonly editToken?: string
  readonly viewToken?: string
  readonly editUrl?: string
  readonly viewUrl?: string
}

/**
 * Replaces a board's edit or view token (edit token required). The server keeps only hashes, so a
 * lost link cannot be read back, only replaced; the old token stops working at once.
 */
export function rotateTokens(
  id: string,
  editToken: string,
  which: 'edit' | 'view' | 'both',
): Promise<RotatedTokens> {
  return call(`/api/boards/${encodeURIComponent(id)}/tokens?token=${encodeURIComponent(editToken)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ which }),
  })
}
