import { fileURLToPath } from 'node:url'
import type { Endpoint, Envelope } from './client.ts'
import { type ServerProcess, startProcess } from './process.ts'

/** The servers compared in one run. */
export type ServerName = 'gebiedsbord' | 'hocuspocus' | 'y-websocket'
export const SERVER_NAMES: readonly ServerName[] = ['gebiedsbord', 'hocuspocus', 'y-websocket']

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** One server under test: how to start it and how to open a board on it. */
export interface ServerUnderTest {
  readonly name: ServerName
  readonly envelope: Envelope
  /**
   * Milliseconds to wait after seeding, before the server is stopped, so that it has stored what
   * its clients received (Hocuspocus debounces its stores by 2 s).
   */
  readonly persistGraceMs: number
  /** Starts the server on a free port with `dataDir` (a restart passes the same one). */
  start(dataDir: string): Promise<ServerProcess>
  /**
   * Makes a new board ready for clients and returns where a writer and a reader connect.
   * Gebiedsbord needs the board created over its API; the peers accept any room name.
   */
  createBoard(server: ServerProcess, name: string): Promise<BoardAccess>
}

/** Where the writer (edit rights) and readers (view rights where the server has them) connect. */
export interface BoardAccess {
  readonly writer: BoardRef
  readonly reader: BoardRef
}

/** A board on a server, independent of the server's port (which changes on restart). */
export interface BoardRef {
  readonly room: string
  readonly token: string
}

/** The endpoint of a board on a running server. */
export function endpoint(sut: ServerUnderTest, server: ServerProcess, ref: BoardRef): Endpoint {
  const base = `ws://127.0.0.1:${server.port}${sut.name === 'gebiedsbord' ? '/sync' : ''}`
  return { base, room: ref.room, token: ref.token, envelope: sut.envelope }
}

/** Milliseconds the peers are given to persist after the last client left (Hocuspocus debounces 2 s). */
const PERSIST_GRACE_MS = 2500

const READY = /listening on (?:http:\/\/127\.0\.0\.1:)?(\d+)/

/** This project's server with its default SQLite storage, as `pnpm start` runs it. */
const gebiedsbord: ServerUnderTest = {
  name: 'gebiedsbord',
  envelope: 'y-websocket',
  // An update is stored before any client receives it, so there is nothing left to store.
  persistGraceMs: 0,
  start: (dataDir) =>
    startProcess(
      `${ROOT}server/src/main.ts`,
      `${ROOT}server`,
      { DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      /Gebiedsbord listening on http:\/\/127\.0\.0\.1:(\d+)/,
    ),
  async createBoard(server, name) {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    })
    if (res.status !== 201) throw new Error(`creating a board failed: ${res.status} ${await res.text()}`)
    const board = (await res.json()) as { id: string; editToken: string; viewToken: string }
    return {
      writer: { room: board.id, token: board.editToken },
      reader: { room: board.id, token: board.viewToken },
    }
  },
}

/** Hocuspocus 3.x with its SQLite extension (bench/peers/hocuspocus.ts). */
const hocuspocus: ServerUnderTest = {
  name: 'hocuspocus',
  envelope: 'hocuspocus',
  persistGraceMs: PERSIST_GRACE_MS,
  start: (dataDir) =>
    startProcess(`${ROOT}bench/peers/hocuspocus.ts`, `${ROOT}bench`, { DATA_DIR: dataDir }, READY),
  createBoard: async (_server, name) => ({
    writer: { room: name, token: '' },
    reader: { room: name, token: '' },
  }),
}

/** The classic y-websocket 1.5 server with LevelDB persistence (bench/peers/y-websocket.ts). */
const yWebsocket: ServerUnderTest = {
  name: 'y-websocket',
  envelope: 'y-websocket',
  persistGraceMs: PERSIST_GRACE_MS,
  start: (dataDir) =>
    startProcess(`${ROOT}bench/peers/y-websocket.ts`, `${ROOT}bench`, { DATA_DIR: dataDir }, READY),
  createBoard: async (_server, name) => ({
    writer: { room: name, token: '' },
    reader: { room: name, token: '' },
  }),
}

export const SERVERS: Record<ServerName, ServerUnderTest> = {
  gebiedsbord,
  hocuspocus,
  'y-websocket': yWebsocket,
}
