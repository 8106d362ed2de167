import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'

/** Shown at `/` when there is no built client, so that a fresh checkout explains itself. */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gebiedsbord</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Gebiedsbord</h1>
<p>The sync server is running, but the client is not built. Start the server with
<code>npx pnpm@10 start</code>, which builds it, or run <code>vite build</code> in <code>client/</code>.</p>
<p>The HTTP API is at <code>/api</code>; see docs/server.md.</p>
</body></html>`

/** Vite names assets by content hash, so they never change under the same URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * Serves the built client from `clientDir` at `/`, with the single-page-app fallback: any other
 * GET that no earlier route took gets index.html, so that `/b/<id>` links load the app.
 * Registered last, after `/api`, `/sync`, `/healthz` and `/metrics`.
 */
export function serveClient(app: Hono, clientDir: string): void {
  const index = join(clientDir, 'index.html')
  if (!existsSync(index)) {
    app.get('*', (c) => c.html(NOT_BUILT_PAGE, c.req.path === '/' ? 200 : 404))
    return
  }
  app.use('/assets/*', async (c, next) => {
    await next()
    if (c.res.status === 200) c.header('cache-control', IMMUTABLE)
  })
  app.get('*', serveStatic({ root: clientDir }))
  app.get('*', async (c, next) => {
    c.header('cache-control', 'no-cache')
    return serveStatic({ path: index })(c, next)
  })
}
