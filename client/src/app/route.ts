/** The pages of the client, as read from the URL. */
export type Route =
  | { readonly page: 'start' }
  | { readonly page: 'board'; readonly id: string; readonly token: string | null }
  | {
      readonly page: 'version'
      readonly id: string
      readonly versionId: string
      readonly token: string | null
    }
  | {
      readonly page: 'compare'
      readonly id: string
      readonly token: string | null
      /** The two plans compared, as `compare.ts` writes them (`current`, `v:<id>`, `b:<id>`). */
      readonly a: string | null
      readonly b: string | null
    }
  | { readonly page: 'not-found' }

/** Board ids as the server makes them (16 letters and digits). */
const BOARD_PATH = /^\/b\/([0-9A-Za-z]{16})\/?$/
/** A named version of a board, read-only: `/b/<id>/versions/<versionId>`. */
const VERSION_PATH = /^\/b\/([0-9A-Za-z]{16})\/versions\/([0-9A-Za-z_-]{1,64})\/?$/
/** Two plans of a board side by side: `/b/<id>/compare`. */
const COMPARE_PATH = /^\/b\/([0-9A-Za-z]{16})\/compare\/?$/

/**
 * Reads a route from a path and fragment: `/`, `/b/<id>#token=<token>`, a version
 * `/b/<id>/versions/<versionId>#token=…` or a comparison `/b/<id>/compare#token=…&a=…&b=…`.
 */
export function parseRoute(pathname: string, hash: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'start' }
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const token = params.get('token') || null
  const m = BOARD_PATH.exec(pathname)
  if (m) return { page: 'board', id: m[1] as string, token }
  const v = VERSION_PATH.exec(pathname)
  if (v) return { page: 'version', id: v[1] as string, versionId: v[2] as string, token }
  const c = COMPARE_PATH.exec(pathname)
  if (c)
    return {
      page: 'compare',
      id: c[1] as string,
      token,
      a: params.get('a') || null,
      b: params.get('b') || null,
    }
  return { page: 'not-found' }
}

/**
 * The page URL of a board. The token goes in the fragment: browsers send neither it to the
 * server nor it in a Referer header, so it stays out of logs and third-party requests.
 */
export function boardPath(id: string, token: string): string {
  return `/b/${id}#token=${encodeURIComponent(token)}`
}

/** The absolute link to share. */
export function boardLink(id: string, token: string, origin: string = location.origin): string {
  return `${origin}${boardPath(id, token)}`
}

/** The page of a board's named version, read-only; the token in the fragment as for the board. */
export function versionPath(id: string, versionId: string, token: string): string {
  return `/b/${id}/versions/${encodeURIComponent(versionId)}#token=${encodeURIComponent(token)}`
}

/** The page comparing two plans of a board side by side (`a` left, `b` right). */
export function comparePath(id: string, token: string, a?: string, b?: string): string {
  const params = new URLSearchParams({ token })
  if (a) params.set('a', a)
  if (b) params.set('b', b)
  return `/b/${id}/compare#${params}`
}
