import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { blocksMap } from '@gebiedsbord/model'
import type { StockClient } from './clients.ts'
import { addNumberedBlock } from './edits.ts'
import type { CreatedBoardBody } from './testServer.ts'
import { waitFor } from './wait.ts'

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url))
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

/** The real server as its own process (`node --import tsx server/src/main.ts`), as `pnpm start` runs it. */
export interface ChildServer {
  readonly process: ChildProcess
  readonly url: string
  readonly syncUrl: string
  /** Everything the process wrote to stderr (its log), for failure messages. */
  readonly stderr: () => string
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts the server on a free port with the given DATA_DIR and waits for its "listening" line. */
export async function startChildServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: SERVER_DIR,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  let ended = false
  void exited.then(() => {
    ended = true
  })
  await waitFor(() => ended || /listening on http:\/\/\S+/.test(stdout), 'the server to print its URL')
  const url = stdout.match(/Gebiedsbord listening on (http:\/\/\S+)/)?.[1]
  if (!url) throw new Error(`the server did not start:\n${stderr}`)
  return {
    process: child,
    url,
    syncUrl: `${url.replace(/^http/, 'ws')}/sync`,
    stderr: () => stderr,
    exited,
  }
}

/**
 * What a test of child servers leaves behind, ended (for its `afterEach`): its clients destroyed,
 * its server processes killed with SIGKILL and waited for, their data directories removed. The
 * arrays are emptied.
 */
export async function endChildServers(
  clients: StockClient[],
  children: ChildServer[],
  dirs: string[],
): Promise<void> {
  for (const c of clients.splice(0)) c.destroy()
  for (const child of children.splice(0)) {
    child.process.kill('SIGKILL')
    await child.exited
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}

/** Creates a board through the server's HTTP API, as the board page does, and returns its ids and tokens. */
export async function createBoardOn(server: ChildServer, name: string): Promise<CreatedBoardBody> {
  const res = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  if (res.status !== 201) throw new Error(`creating a board failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as CreatedBoardBody
}

/**
 * Streams numbered blocks from `writer` until `witness` has received at least `received`, then
 * kills the server with SIGKILL mid-stream. Returns how many blocks were written and the ids the
 * witness had seen when its connection dropped (everything that reached its socket before the
 * kill is delivered before the close): the ids a restarted server must still have.
 */
export async function killMidStream(
  server: ChildServer,
  writer: StockClient,
  witness: StockClient,
  received: number,
): Promise<{ written: number; seen: string[] }> {
  let written = 0
  const stream = setInterval(() => {
    for (let i = 0; i < 5; i++) addNumberedBlock(writer.doc, ++written)
  }, 1)
  try {
    await waitFor(() => blocksMap(witness.doc).size >= received, 'the witness to receive a stream of edits')
    server.process.kill('SIGKILL')
    await waitFor(() => witness.closes.length > 0, 'the witness to see the connection drop')
  } finally {
    clearInterval(stream)
  }
  return { written, seen: [...blocksMap(witness.doc).keys()] }
}
