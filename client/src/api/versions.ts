import { ApiError, call, callBytes } from './boards.ts'

/**
 * A board's named versions and variants (see the version routes of the server's API). A version
 * is an immutable snapshot of the plan; a variant is a new board made from a version, reached
 * with the same tokens as the board it came from.
 */

/** A named version, as listed (newest first). */
export interface VersionInfo {
  readonly id: string
  readonly name: string
  /** Milliseconds since 1970, the server's clock. */
  readonly at: number
  /** The name the person who saved it gave. */
  readonly author: string
}

/** A board made from one of this board's versions. */
export interface VariantInfo {
  readonly id: string
  readonly name: string
  readonly createdAt: number
  /** The id of the version it was made from. */
  readonly parentVersion: string
}

/** Where a variant comes from: a version of another board. */
export interface VersionParent {
  readonly boardId: string
  readonly versionId: string
  /** Null when the server no longer has that version. */
  readonly versionName: string | null
}

/** A board's versions and variants, and its parent when it is a variant itself. */
export interface VersionList {
  readonly versions: readonly VersionInfo[]
  readonly variants: readonly VariantInfo[]
  readonly parent: VersionParent | null
}

/** The answer to restoring a version: the one restored, and the backup saved of the plan before. */
export interface RestoreResult {
  readonly restored: VersionInfo
  readonly backup: VersionInfo
}

/** The answer to branching a variant. */
export interface CreatedVariant {
  readonly id: string
  readonly name: string
}

const url = (boardId: string, path: string, token: string): string =>
  `/api/boards/${encodeURIComponent(boardId)}/${path}?token=${encodeURIComponent(token)}`

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

const isVersion = (v: unknown): v is VersionInfo => {
  const x = v as Partial<VersionInfo> | null
  return (
    typeof x?.id === 'string' &&
    typeof x.name === 'string' &&
    typeof x.at === 'number' &&
    typeof x.author === 'string'
  )
}

const isVariant = (v: unknown): v is VariantInfo => {
  const x = v as Partial<VariantInfo> | null
  return (
    typeof x?.id === 'string' &&
    typeof x.name === 'string' &&
    typeof x.createdAt === 'number' &&
    typeof x.parentVersion === 'string'
  )
}

/** The parent as the server sent it, its version's name null when it sent none. */
function parentOf(v: unknown): VersionParent | null {
  const x = v as { boardId?: unknown; versionId?: unknown; versionName?: unknown } | null | undefined
  if (typeof x?.boardId !== 'string' || typeof x.versionId !== 'string') return null
  return {
    boardId: x.boardId,
    versionId: x.versionId,
    versionName: typeof x.versionName === 'string' ? x.versionName : null,
  }
}

/** A version as the server answered it; a malformed answer is an error, not a blank row. */
function version(v: unknown): VersionInfo {
  if (!isVersion(v)) throw new ApiError(502, 'bad_response', 'the server answered without a version')
  return { id: v.id, name: v.name, at: v.at, author: v.author }
}

/** The board's versions (newest first), its variants, and its parent if it is a variant. */
export async function listVersions(boardId: string, token: string): Promise<VersionList> {
  const body = await call<Partial<Record<keyof VersionList, unknown>> | undefined>(
    url(boardId, 'versions', token),
  )
  // Malformed entries are left out rather than rendered.
  const versions = Array.isArray(body?.versions) ? body.versions.filter(isVersion) : []
  const variants = Array.isArray(body?.variants) ? body.variants.filter(isVariant) : []
  return {
    versions: [...versions].sort((a, b) => b.at - a.at),
    variants,
    parent: parentOf(body?.parent),
  }
}

/** Saves the plan as it is now as a named version (edit token). */
export async function saveVersion(
  boardId: string,
  token: string,
  name: string,
  author: string,
): Promise<VersionInfo> {
  return version(await call(url(boardId, 'versions', token), json({ name, author })))
}

/** A version's plan as one Yjs update. */
export async function getVersionState(
  boardId: string,
  token: string,
  versionId: string,
): Promise<Uint8Array> {
  const path = `versions/${encodeURIComponent(versionId)}/state`
  // Without `allowMissing` a missing version is an ApiError, never null.
  return (await callBytes(url(boardId, path, token))) as Uint8Array
}

/**
 * Makes a version the live plan again (edit token). The server first saves the plan as it is as
 * a backup version, so a restore can itself be undone by restoring the backup.
 */
export async function restoreVersion(
  boardId: string,
  token: string,
  versionId: string,
  author: string,
): Promise<RestoreResult> {
  const body = await call<{ restored?: unknown; backup?: unknown }>(
    url(boardId, `versions/${encodeURIComponent(versionId)}/restore`, token),
    json({ author }),
  )
  return { restored: version(body?.restored), backup: version(body?.backup) }
}

/** Makes a new board from a version (edit token); it takes this board's tokens. */
export async function branchVariant(
  boardId: string,
  token: string,
  versionId: string,
  name: string,
): Promise<CreatedVariant> {
  const body = await call<{ id?: unknown; name?: unknown }>(
    url(boardId, `versions/${encodeURIComponent(versionId)}/variants`, token),
    json({ name }),
  )
  if (typeof body?.id !== 'string')
    throw new ApiError(502, 'bad_response', 'the server answered without the new board')
  return { id: body.id, name: typeof body.name === 'string' ? body.name : name }
}
