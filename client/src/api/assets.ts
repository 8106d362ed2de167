import { ApiError, call, send } from './boards.ts'

/**
 * Files uploaded to a board (base map images), per the server's contract: `POST
 * /api/boards/:id/assets` with the raw bytes (edit token), `GET /api/boards/:id/assets/:asset`
 * (any token). Tokens travel in the query, as for the other API calls.
 */

/** The image types the server accepts for upload. */
export const ASSET_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const
/** Largest upload the server accepts: 8 MiB, a sharp A1 scan as JPEG or WebP. */
export const MAX_ASSET_BYTES = 8 * 1024 * 1024

/** The server's answer to an upload. */
export interface UploadedAsset {
  readonly id: string
  readonly contentType: string
  readonly bytes: number
}

const assetsUrl = (boardId: string, token: string, asset?: string): string =>
  `/api/boards/${encodeURIComponent(boardId)}/assets${asset ? `/${encodeURIComponent(asset)}` : ''}?token=${encodeURIComponent(token)}`

/** Uploads a file (edit token required); the server answers with its id. */
export function uploadAsset(boardId: string, editToken: string, file: Blob): Promise<UploadedAsset> {
  return call<UploadedAsset>(assetsUrl(boardId, editToken), {
    method: 'POST',
    headers: { 'content-type': file.type },
    body: file,
  })
}

/** Downloads an uploaded file; a non-2xx answer or a failed request becomes an ApiError. */
export async function fetchAsset(
  boardId: string,
  token: string,
  asset: string,
  signal?: AbortSignal,
): Promise<Blob> {
  const res = await send(assetsUrl(boardId, token, asset), signal ? { signal } : undefined)
  if (!res.ok) throw new ApiError(res.status, 'http_error', `${res.status} ${res.statusText}`)
  return res.blob()
}

/** What a session needs of the asset API, bound to its board and token. */
export interface AssetApi {
  upload(file: Blob): Promise<UploadedAsset>
  fetch(asset: string, signal?: AbortSignal): Promise<Blob>
}

/** The asset API of one board, with the token the board was opened with. */
export const serverAssetApi = (boardId: string, token: string): AssetApi => ({
  upload: (file) => uploadAsset(boardId, token, file),
  fetch: (asset, signal) => fetchAsset(boardId, token, asset, signal),
})
