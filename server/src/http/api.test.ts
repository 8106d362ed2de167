import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../sync/protocol.ts'
import { RawClient, type StockClient, stockClient, synced } from '../testing/clients.ts'
import { updateFrame } from '../testing/frames.ts'
import { startTestServer, type TestServer, tempDir } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'

let server: TestServer | undefined
let clients: StockClient[] = []
afterEach(async () => {
  for (const c of clients) c.destroy()
  clients = []
  await server?.stop()
  server = undefined
})

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('POST /api/boards', () => {
  it('creates a board with random tokens and client links', async () => {
    server = await startTestServer()
    const res = await post(`${server.url}/api/boards`, { name: 'Merwedekanaalzone' })
    expect(res.status).toBe(201)
    const body = await json(res)
    expect(body).toMatchObject({ name: 'Merwedekanaalzone' })
    const { id, editToken, viewToken } = body as Record<string, string>
    expect(id).toMatch(/^[0-9A-Za-z]{16}$/)
    // 32 random bytes in base64url: 256 bits.
    expect(editToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(viewToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(editToken).not.toBe(viewToken)
    expect(body.editUrl).toBe(`${server.url}/b/${id}#token=${editToken}`)
    expect(body.viewUrl).toBe(`${server.url}/b/${id}#token=${viewToken}`)
  })

  it('stores tokens only as hashes', async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const files = readdirSync(server.dataDir).filter((f) => f.startsWith('gebiedsbord.sqlite'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const content = readFileSync(join(server.dataDir, f))
      expect(content.includes(board.editToken)).toBe(false)
      expect(content.includes(board.viewToken)).toBe(false)
      expect(content.includes(Buffer.from(board.editToken, 'base64url'))).toBe(false)
    }
  })

  it('answers bad input with a JSON error and a path', async () => {
    server = await startTestServer({ limits: { maxRequestBytes: 1000 } })
    const url = `${server.url}/api/boards`
    const cases: [unknown, number, string, string?][] = [
      ['{not json', 400, 'invalid_json'],
      [{}, 400, 'invalid_body', 'name'],
      [{ name: '' }, 400, 'invalid_body', 'name'],
      [{ name: 'x', frame: 'mars' }, 400, 'invalid_body', 'frame'],
      [{ name: 'x', colour: 'red' }, 400, 'invalid_body'],
      [{ name: 'x'.repeat(2000) }, 413, 'too_large'],
    ]
    for (const [body, status, code, path] of cases) {
      const res = await post(url, body)
      expect(res.status).toBe(status)
      const { error } = (await json(res)) as { error: { code: string; message: string; path?: string } }
      expect(error.code).toBe(code)
      expect(error.message).toBeTruthy()
      if (path) expect(error.path).toBe(path)
    }
  })

  it('requires the admin token when ADMIN_TOKEN is set', async () => {
    const adminToken = 'an-admin-token-of-some-length'
    server = await startTestServer({ adminToken })
    const url = `${server.url}/api/boards`
    expect((await post(url, { name: 'x' })).status).toBe(401)
    expect((await post(url, { name: 'x' }, { authorization: 'Bearer wrong-token' })).status).toBe(401)
    expect((await post(url, { name: 'x' }, { authorization: `Bearer ${adminToken}` })).status).toBe(201)
  })
})

describe('GET /api/boards/:id', () => {
  it('returns metadata to either token and 401 or 404 otherwise', async () => {
    server = await startTestServer()
    const board = await server.createBoard({ name: 'Oosterwold', frame: 'rd-new' })
    const url = `${server.url}/api/boards/${board.id}`
    const asEditor = await json(await fetch(`${url}?token=${board.editToken}`))
    expect(asEditor).toMatchObject({
      id: board.id,
      name: 'Oosterwold',
      access: 'edit',
      frame: 'rd-new',
      areas: 0,
    })
    expect(await json(await fetch(`${url}?token=${board.viewToken}`))).toMatchObject({ access: 'view' })
    const bearer = await fetch(url, { headers: { authorization: `Bearer ${board.viewToken}` } })
    expect(bearer.status).toBe(200)

    for (const suffix of ['', '?token=', '?token=wrong']) {
      const res = await fetch(`${url}${suffix}`)
      expect(res.status).toBe(401)
      expect(((await json(res)).error as { code: string }).code).toBe('unauthorized')
    }
    const missing = await fetch(`${server.url}/api/boards/AAAAAAAAAAAAAAAA?token=${board.editToken}`)
    expect(missing.status).toBe(404)
  })
})

describe('GET /api/boards/:id/access', () => {
  it("says which access a token grants and the board's settings, 401 or 404 otherwise", async () => {
    server = await startTestServer()
    const board = await server.createBoard({ name: 'Oosterwold' })
    const url = `${server.url}/api/boards/${board.id}/access`
    expect(await json(await fetch(`${url}?token=${board.editToken}`))).toEqual({
      id: board.id,
      access: 'edit',
      settings: { viewerComments: false },
    })
    expect(await json(await fetch(`${url}?token=${board.viewToken}`))).toMatchObject({ access: 'view' })
    const bearer = await fetch(url, { headers: { authorization: `Bearer ${board.editToken}` } })
    expect(await json(bearer)).toMatchObject({ access: 'edit' })
    for (const suffix of ['', '?token=wrong']) {
      const res = await fetch(`${url}${suffix}`)
      expect(res.status).toBe(401)
      expect(((await json(res)).error as { code: string }).code).toBe('unauthorized')
    }
    expect((await fetch(`${server.url}/api/boards/AAAAAAAAAAAAAAAA/access?token=x`)).status).toBe(404)
  })

  it('reads neither the plan from storage nor the doc of a loaded board', async () => {
    server = await startTestServer()
    const board = await server.createBoard({ name: 'Oosterwold' })
    const { storage, sync } = server
    const loadState = vi.spyOn(storage, 'loadState')
    const url = `${server.url}/api/boards/${board.id}/access?token=${board.viewToken}`
    expect((await fetch(url)).status).toBe(200)
    expect(loadState).not.toHaveBeenCalled()
    // The metadata route, by contrast, reads the plan: the spy sees storage being read.
    await fetch(`${server.url}/api/boards/${board.id}?token=${board.viewToken}`)
    expect(loadState).toHaveBeenCalled()

    // A board open on a socket is served from its snapshot until someone needs its doc.
    const client = stockClient(server.syncUrl, board.id, board.viewToken)
    clients.push(client)
    await synced(client)
    const room = await sync.rooms.loaded(board.id)
    expect(room?.built).toBe(false)
    expect((await fetch(url)).status).toBe(200)
    expect(room?.built).toBe(false)
  })
})

describe('POST /api/boards/:id/tokens', () => {
  it('rotates tokens with the edit token and disconnects sockets holding a replaced one', async () => {
    server = await startTestServer()
    const s = server
    const board = await s.createBoard()
    const viewer = stockClient(s.syncUrl, board.id, board.viewToken)
    const editor = stockClient(s.syncUrl, board.id, board.editToken)
    clients = [viewer, editor]
    await Promise.all([synced(viewer), synced(editor)])
    const url = `${s.url}/api/boards/${board.id}/tokens`

    expect((await post(`${url}?token=${board.viewToken}`, {})).status).toBe(403)
    const res = await post(`${url}?token=${board.editToken}`, { which: 'view' })
    expect(res.status).toBe(200)
    const rotated = (await json(res)) as { viewToken: string; viewUrl: string; editToken?: string }
    expect(rotated.viewToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(rotated.editToken).toBeUndefined()
    await waitFor(() => viewer.closes.length > 0, 'the old view token’s socket to be closed')
    expect(viewer.closes[0]?.code).toBe(CloseCode.Unauthorized)
    expect(editor.closes).toEqual([])

    const meta = `${s.url}/api/boards/${board.id}`
    expect((await fetch(`${meta}?token=${board.viewToken}`)).status).toBe(401)
    expect((await fetch(`${meta}?token=${rotated.viewToken}`)).status).toBe(200)
    expect((await fetch(`${meta}?token=${board.editToken}`)).status).toBe(200)

    const both = (await json(await post(`${url}?token=${board.editToken}`, ''))) as Record<string, string>
    expect(Object.keys(both)).toEqual(
      expect.arrayContaining(['editToken', 'viewToken', 'editUrl', 'viewUrl']),
    )
    expect((await fetch(`${meta}?token=${board.editToken}`)).status).toBe(401)
    expect((await fetch(`${meta}?token=${both.editToken}`)).status).toBe(200)
  })
})

describe('WS /sync/:boardId', () => {
  it('closes an unknown board with 4404 and a bad token with 4401', async () => {
    server = await startTestServer()
    const board = await server.createBoard()
    const unknown = await RawClient.open(server.syncUrl, 'AAAAAAAAAAAAAAAA', board.editToken)
    expect((await unknown.closed()).code).toBe(CloseCode.NotFound)
    for (const token of [undefined, 'wrong']) {
      const bad = await RawClient.open(server.syncUrl, board.id, token)
      expect((await bad.closed()).code).toBe(CloseCode.Unauthorized)
      expect(bad.messages).toEqual([])
    }
  })

  it('closes an oversized frame with 4413, and one beyond the frame ceiling with 1009', async () => {
    server = await startTestServer({ limits: { maxMessageBytes: 1024 } })
    const board = await server.createBoard()
    const doc = new Y.Doc()
    doc.getMap('m').set('big', 'x'.repeat(1500))
    const over = await RawClient.open(server.syncUrl, board.id, board.editToken)
    over.send(updateFrame(Y.encodeStateAsUpdate(doc)))
    expect((await over.closed()).code).toBe(CloseCode.MessageTooBig)
    const huge = await RawClient.open(server.syncUrl, board.id, board.editToken)
    huge.send(new Uint8Array(3000))
    expect((await huge.closed()).code).toBe(1009)
  })

  it('answers a plain GET with 426', async () => {
    server = await startTestServer()
    const res = await fetch(`${server.url}/sync/whatever`)
    expect(res.status).toBe(426)
  })
})

describe('health, metrics and the client', () => {
  it('reports health and Prometheus metrics', async () => {
    server = await startTestServer()
    await server.createBoard()
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await json(health)).toMatchObject({ status: 'ok', boards: 1 })
    const metrics = await fetch(`${server.url}/metrics`)
    expect(metrics.headers.get('content-type')).toContain('text/plain')
    const text = await metrics.text()
    for (const name of [
      'gebiedsbord_connections',
      'gebiedsbord_rooms_loaded',
      'gebiedsbord_updates_in_total',
      'gebiedsbord_updates_out_total',
      'gebiedsbord_updates_rejected_total',
      'gebiedsbord_storage_bytes',
      'gebiedsbord_persist_seconds',
    ])
      expect(text).toContain(`# TYPE ${name} `)
  })

  it('says so at / when the client is not built, and answers unknown API routes with JSON', async () => {
    server = await startTestServer()
    const home = await fetch(`${server.url}/`)
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('client is not built')
    const api = await fetch(`${server.url}/api/nothing-here`)
    expect(api.status).toBe(404)
    expect(((await json(api)).error as { code: string }).code).toBe('not_found')
  })

  it('serves the built client with a single-page-app fallback', async () => {
    const clientDir = tempDir('gebiedsbord-client-')
    mkdirSync(join(clientDir, 'assets'))
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>app</title>')
    writeFileSync(join(clientDir, 'assets', 'app-abc123.js'), 'console.log(1)')
    server = await startTestServer({ clientDir })
    const index = await fetch(`${server.url}/`)
    expect(await index.text()).toContain('<title>app</title>')
    const asset = await fetch(`${server.url}/assets/app-abc123.js`)
    expect(asset.headers.get('content-type')).toContain('javascript')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    const deepLink = await fetch(`${server.url}/b/abcdefghijklmnop`)
    expect(deepLink.status).toBe(200)
    expect(await deepLink.text()).toContain('<title>app</title>')
    expect((await fetch(`${server.url}/api/boards/x/y/z`)).status).toBe(404)
  })
})
