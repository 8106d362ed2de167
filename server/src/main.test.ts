import { join } from 'node:path'
import { blocksMap } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import { SQLITE_FILE_NAME, SqliteStorage } from './storage/sqlite.ts'
import { CloseCode } from './sync/protocol.ts'
import {
  type ChildServer,
  createBoardOn,
  endChildServers,
  killMidStream,
  startChildServer,
} from './testing/childServer.ts'
import { type StockClient, stockClient, synced } from './testing/clients.ts'
import { addNumberedBlock } from './testing/edits.ts'
import { tempDir } from './testing/testServer.ts'
import { waitFor } from './testing/wait.ts'

const children: ChildServer[] = []
const dirs: string[] = []
let clients: StockClient[] = []

afterEach(() => endChildServers(clients, children, dirs))

/** The stream below is far faster than a person edits: lift the per-connection rate limit. */
const FAST = { UPDATE_RATE: '100000', UPDATE_BURST: '100000' }

async function start(dataDir: string): Promise<ChildServer> {
  const child = await startChildServer(dataDir, FAST)
  children.push(child)
  return child
}

describe('the server process', () => {
  it('loses no update that another client had received when it is killed with SIGKILL mid-stream', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const first = await start(dataDir)
    const board = await createBoardOn(first, 'Crash')
    const writer = stockClient(first.syncUrl, board.id, board.editToken)
    // A viewer as the witness: it can receive but never write anything back after the crash.
    const witness = stockClient(first.syncUrl, board.id, board.viewToken)
    clients = [writer, witness]
    await Promise.all([synced(writer), synced(witness)])

    const { written, seen } = await killMidStream(first, writer, witness, 300)
    for (const c of clients) c.destroy()
    clients = []
    expect(written).toBeGreaterThan(seen.length)

    const second = await start(dataDir)
    const reader = stockClient(second.syncUrl, board.id, board.viewToken)
    clients = [reader]
    await synced(reader)
    const stored = blocksMap(reader.doc)
    const missing = seen.filter((id) => !stored.has(id))
    expect(missing).toEqual([])
  })

  it('shuts down gracefully on SIGTERM: sockets closed with 1001, state stored and compacted', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const server = await start(dataDir)
    const board = await createBoardOn(server, 'Crash')
    const writer = stockClient(server.syncUrl, board.id, board.editToken)
    const reader = stockClient(server.syncUrl, board.id, board.viewToken)
    clients = [writer, reader]
    await Promise.all([synced(writer), synced(reader)])
    for (let n = 1; n <= 50; n++) addNumberedBlock(writer.doc, n)
    await waitFor(() => blocksMap(reader.doc).size === 50, 'the reader to have every edit')

    server.process.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(writer.closes[0]?.code).toBe(CloseCode.GoingAway)
    expect(reader.closes[0]?.code).toBe(CloseCode.GoingAway)

    const storage = new SqliteStorage(join(dataDir, SQLITE_FILE_NAME))
    const state = await storage.loadState(board.id)
    await storage.close()
    expect(state?.updates).toEqual([])

    const again = await start(dataDir)
    const late = stockClient(again.syncUrl, board.id, board.viewToken)
    clients.push(late)
    await synced(late)
    expect(blocksMap(late.doc).size).toBe(50)
  })

  it('refuses to start with an unusable environment and says why', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    await expect(startChildServer(dataDir, { PORT: 'eighty' })).rejects.toThrow(/PORT/)
  })
})
