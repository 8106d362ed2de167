/**
 * The classic `y-websocket` 1.5 reference server, as its `bin/server.js` sets it up: `bin/utils.js`
 * `setupWSConnection` on a `ws` server, persisted to LevelDB through y-leveldb (`YPERSISTENCE`).
 * Only the port (`PORT=0` picks a free one) and the printed ready line differ. Started by the
 * benchmark as a child process: `node --import tsx bench/peers/y-websocket.ts` with `DATA_DIR`.
 */
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const dataDir = process.env.DATA_DIR
if (!dataDir) throw new Error('DATA_DIR is required')
// bin/utils.js reads YPERSISTENCE when it is loaded.
process.env.YPERSISTENCE = join(dataDir, 'leveldb')
const require = createRequire(import.meta.url)
const { setupWSConnection } = require('y-websocket/bin/utils') as {
  setupWSConnection: (conn: unknown, req: unknown) => void
}
const { WebSocketServer } = require('ws') as typeof import('ws')

const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('okay')
})
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
})
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  process.stdout.write(`peer listening on ${port}\n`)
})
