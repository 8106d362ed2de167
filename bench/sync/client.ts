import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'

/**
 * How sync messages are framed on the wire. `y-websocket`: one document per socket, each message
 * `[type, payload]` (this server and the classic y-websocket server). `hocuspocus`: every message
 * is prefixed with the document name, and the first one must be an authentication message.
 */
export type Envelope = 'y-websocket' | 'hocuspocus'

/** Where a client connects: `${base}/${room}?token=…` (y-websocket) or `base` with the room in each message (hocuspocus). */
export interface Endpoint {
  readonly base: string
  readonly room: string
  readonly token: string
  readonly envelope: Envelope
}

const MESSAGE_SYNC = 0
const MESSAGE_HOCUSPOCUS_AUTH = 2
const MESSAGE_HOCUSPOCUS_SYNC_REPLY = 4
const AUTH_TOKEN = 0
/** Where `readSyncMessage` writes nothing: only sync step 1 has a reply. */
const NO_REPLY = encoding.createEncoder()

/**
 * The load generator's client, the same code for every server: a lean y-protocols sync client on
 * a `ws` socket with a Y.Doc of its own. It sends sync step 1 on connect, answers the server's
 * sync step 1, applies every update it receives and sends the changes made through `change`.
 * Awareness is not used (no presence), so every server does the same work for it.
 *
 * It shares two cores with the server under test, so it does no work that a reader does not need:
 * the doc's `update` event is listened to only while a change of its own is made (with a listener,
 * Yjs encodes every transaction, remote ones too: ~15% of a reader's CPU in the fan-out profile),
 * and a reply is encoded only for the server's sync step 1, the one message that asks for one.
 */
export class SyncClient {
  readonly doc = new Y.Doc()
  /** Whether the server's sync step 2 (the answer to ours) has been applied. */
  synced = false
  /** Whether the socket has closed. */
  closed = false
  readonly #ws: WebSocket
  readonly #ep: Endpoint

  constructor(ep: Endpoint) {
    this.#ep = ep
    const url =
      ep.envelope === 'hocuspocus'
        ? ep.base
        : `${ep.base}/${encodeURIComponent(ep.room)}${ep.token ? `?token=${encodeURIComponent(ep.token)}` : ''}`
    this.#ws = new WebSocket(url, { perMessageDeflate: false })
    this.#ws.binaryType = 'nodebuffer'
    this.#ws.on('open', this.#onOpen)
    this.#ws.on('message', this.#onMessage)
    this.#ws.on('close', () => {
      this.closed = true
    })
    this.#ws.on('error', () => {})
  }

  /** Makes a change to this client's doc in one transaction and sends it to the server. */
  change(fn: () => void): void {
    this.doc.on('update', this.#onDocUpdate)
    try {
      this.doc.transact(fn)
    } finally {
      this.doc.off('update', this.#onDocUpdate)
    }
  }

  /** Closes the socket and frees the doc. */
  destroy(): void {
    this.#ws.terminate()
    this.doc.destroy()
  }

  #encoder(type: number): encoding.Encoder {
    const e = encoding.createEncoder()
    if (this.#ep.envelope === 'hocuspocus') encoding.writeVarString(e, this.#ep.room)
    encoding.writeVarUint(e, type)
    return e
  }

  #send(e: encoding.Encoder): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(encoding.toUint8Array(e))
  }

  #onOpen = (): void => {
    if (this.#ep.envelope === 'hocuspocus') {
      const auth = this.#encoder(MESSAGE_HOCUSPOCUS_AUTH)
      encoding.writeVarUint(auth, AUTH_TOKEN)
      encoding.writeVarString(auth, this.#ep.token)
      this.#send(auth)
    }
    const step1 = this.#encoder(MESSAGE_SYNC)
    syncProtocol.writeSyncStep1(step1, this.doc)
    this.#send(step1)
  }

  #onMessage = (data: Buffer): void => {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    if (this.#ep.envelope === 'hocuspocus') decoding.readVarString(decoder)
    const type = decoding.readVarUint(decoder)
    if (
      type !== MESSAGE_SYNC &&
      !(this.#ep.envelope === 'hocuspocus' && type === MESSAGE_HOCUSPOCUS_SYNC_REPLY)
    )
      return
    if (decoding.peekVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) {
      const kind = syncProtocol.readSyncMessage(decoder, NO_REPLY, this.doc, this)
      if (kind === syncProtocol.messageYjsSyncStep2) this.synced = true
      return
    }
    const reply = this.#encoder(MESSAGE_SYNC)
    syncProtocol.readSyncMessage(decoder, reply, this.doc, this)
    this.#send(reply)
  }

  #onDocUpdate = (update: Uint8Array): void => {
    const e = this.#encoder(MESSAGE_SYNC)
    syncProtocol.writeUpdate(e, update)
    this.#send(e)
  }
}

/** Polls `condition` every `everyMs` until it holds; rejects after `timeoutMs`. */
export async function until(
  condition: () => boolean,
  what: string | (() => string),
  timeoutMs = 60_000,
  everyMs = 5,
): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      )
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** Clients that did not sync within `SYNC_RETRY_MS` and were replaced by a new connection (see `connectAll`). */
export const retries = { count: 0 }
const SYNC_RETRY_MS = 10_000

/**
 * Connects clients in batches of `batch` and waits until each has synced. A client still not
 * synced after `SYNC_RETRY_MS` is replaced by a new connection (counted in `retries`), as a
 * browser would reconnect: rarely, a Hocuspocus connection never answers.
 */
export async function connectAll(
  eps: readonly Endpoint[],
  batch = 50,
  timeoutMs = 60_000,
): Promise<SyncClient[]> {
  const clients: SyncClient[] = []
  for (let i = 0; i < eps.length; i += batch) {
    const part = eps.slice(i, i + batch).map((ep) => new SyncClient(ep))
    const deadline = performance.now() + timeoutMs
    for (;;) {
      const left = deadline - performance.now()
      const ok = await until(() => part.every((c) => c.synced), '', Math.min(SYNC_RETRY_MS, left)).then(
        () => true,
        () => false,
      )
      if (ok) break
      if (left <= SYNC_RETRY_MS)
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${part.filter((c) => !c.synced).length} clients to sync`,
        )
      for (let k = 0; k < part.length; k++) {
        const c = part[k] as SyncClient
        if (c.synced) continue
        c.destroy()
        part[k] = new SyncClient(eps[i + k] as Endpoint)
        retries.count++
      }
    }
    clients.push(...part)
  }
  return clients
}
