import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { DEFAULT_WAIT_MS, waitFor } from './wait.ts'

/** An unmodified y-websocket client, as a browser tab would run it. */
export interface StockClient {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  /** Close events the server sent, newest last. */
  readonly closes: { code: number; reason: string }[]
  destroy(): void
}

/**
 * Connects a stock `WebsocketProvider` to a board. BroadcastChannel is disabled: in one test
 * process all clients would otherwise sync with each other around the server.
 */
export function stockClient(syncUrl: string, boardId: string, token: string, doc = new Y.Doc()): StockClient {
  // Each provider listens for the process's exit; twenty of them are not a leak.
  process.setMaxListeners(process.getMaxListeners() + 1)
  const provider = new WebsocketProvider(syncUrl, boardId, doc, {
    // ws implements the browser WebSocket API the provider uses; its TypeScript type differs.
    WebSocketPolyfill: WebSocket as unknown as NonNullable<
      ConstructorParameters<typeof WebsocketProvider>[3]
    >['WebSocketPolyfill'],
    params: { token },
    disableBc: true,
    maxBackoffTime: 500,
  })
  const closes: { code: number; reason: string }[] = []
  let destroyed = false
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  return {
    doc,
    provider,
    closes,
    destroy: () => {
      if (destroyed) return
      destroyed = true
      provider.destroy()
      doc.destroy()
      process.setMaxListeners(process.getMaxListeners() - 1)
    },
  }
}

/** Waits until a client has completed the sync handshake with the server. */
export function synced(client: StockClient, what = 'client to sync'): Promise<void> {
  return waitFor(() => client.provider.synced, what)
}

/** A bare WebSocket that records what the server sends, for protocol-level tests. */
export class RawClient {
  readonly messages: Uint8Array[] = []
  closeEvent: { code: number; reason: string } | undefined
  readonly ws: WebSocket

  #waiters: (() => void)[] = []

  private constructor(url: string) {
    this.ws = new WebSocket(url)
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('message', (data: Buffer) => {
      this.messages.push(new Uint8Array(data))
      this.#wake()
    })
    this.ws.on('close', (code, reason) => {
      this.closeEvent = { code, reason: reason.toString() }
      this.#wake()
    })
    this.ws.on('error', () => {})
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w()
  }

  /** Waits, without polling, until `condition` holds after a message or the close arrived. */
  async until(condition: () => boolean, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!condition()) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Opens a socket to `/sync/<boardId>?token=…` and waits until it is open (or already closed). */
  static async open(syncUrl: string, boardId: string, token: string | undefined): Promise<RawClient> {
    const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`
    const c = new RawClient(`${syncUrl}/${boardId}${query}`)
    await new Promise<void>((resolve) => {
      c.ws.once('open', resolve)
      c.ws.once('close', resolve)
    })
    return c
  }

  send(frame: Uint8Array | string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame)
  }

  /** Waits for the server to close the socket and returns the close code. */
  async closed(): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closeEvent !== undefined, 'the server to close the socket')
    return this.closeEvent as { code: number; reason: string }
  }

  close(): void {
    this.ws.close()
  }
}
