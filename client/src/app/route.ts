/** The pages of the client, as read from the URL. */
export type Route =
  | { readonly page: 'start' }
  | { readonly page: 'board'; readonly id: string; readonly token: string | null }
  | { readonly page: 'not-found' }

/** Board ids as the server makes them (16 letters and digits). */
const BOARD_PATH = /^\/b\/([0-9A-Za-z]{16})\/?$/

/** Reads a route from a path and fragment: `/`, or `/b/<id>#token=<token>`. */
export function parseRoute(pathname: string, hash: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'start' }
  const m = BOARD_PATH.exec(pathname)
  if (!m) return { page: 'not-found' }
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')
  return { page: 'board', id: m[1] as string, token: token || null }
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
