/**
 * Hocuspocus 3.x with its SQLite extension (defaults: store debounced 2 s, at most 10 s; stores
 * and unloads a document when its last connection leaves; SIGTERM stores and exits). Started by
 * the benchmark as a child process: `node --import tsx bench/peers/hocuspocus.ts` with `DATA_DIR`.
 */
import { join } from 'node:path'
import { SQLite } from '@hocuspocus/extension-sqlite'
import { Server } from '@hocuspocus/server'

const dataDir = process.env.DATA_DIR
if (!dataDir) throw new Error('DATA_DIR is required')
const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: join(dataDir, 'hocuspocus.sqlite') })],
})
await server.listen()
process.stdout.write(`peer listening on ${server.address.port}\n`)
