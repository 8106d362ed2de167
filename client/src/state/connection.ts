import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { Cell } from './observable.ts'

/**
 * The link to the server as the user sees it: `connecting` before the first sync, `connected`
 * once synced, `reconnecting` after losing a connection it had, `offline` when the browser has no
 * network, `denied` when the server refused the token or the board (it will not retry).
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'denied'

/** What the connection badge shows. */
export interface ConnectionState {
  readonly status: ConnectionStatus
  /** Local edits the server has not yet acknowledged by a completed sync. */
  readonly unsaved: number
  /** True once the server's state has been received at least once in this visit. */
  readonly everSynced: boolean
}

/**
 * Tracks the connection and the count of unsaved edits. Edits made while not synced with the
 * server are counted (and the count is kept in localStorage, since the edits themselves survive
 * a reload in IndexedDB); a completed sync exchange sends them, so it resets the count.
 */
export class ConnectionTracker extends Cell<ConnectionState> {
  readonly #provider: WebsocketProvider
  readonly #storageKey: string
  #everConnected = false
  readonly #cleanup: (() => void)[] = []

  constructor(provider: WebsocketProvider, doc: Y.Doc, storageKey: string) {
    super({ status: 'connecting', unsaved: readCount(storageKey), everSynced: false })
    this.#provider = provider
    this.#storageKey = storageKey
    const onStatus = () => this.#refresh()
    const onSync = (synced: boolean) => {
      if (synced) {
        this.#everConnected = true
        this.#setUnsaved(0)
      }
      this.#refresh(synced)
    }
    const onClosed = () => this.set({ ...this.get(), status: 'denied' })
    const onUpdate = (_u: Uint8Array, _origin: unknown, _d: Y.Doc, tx: Y.Transaction) => {
      if (tx.local && !(provider.wsconnected && provider.synced)) this.#setUnsaved(this.get().unsaved + 1)
    }
    // The provider does not notice a lost network until a heartbeat times out (30 s); the
    // browser knows at once, so the socket is closed and reopened with it.
    const onOffline = () => {
      provider.disconnect()
      this.#refresh()
    }
    const onOnline = () => {
      if (this.get().status !== 'denied') provider.connect()
      this.#refresh()
    }
    provider.on('status', onStatus)
    provider.on('sync', onSync)
    provider.on('closed', onClosed)
    doc.on('update', onUpdate)
    const win = typeof window === 'undefined' ? undefined : window
    win?.addEventListener('offline', onOffline)
    win?.addEventListener('online', onOnline)
    this.#cleanup.push(
      () => provider.off('status', onStatus),
      () => provider.off('sync', onSync),
      () => provider.off('closed', onClosed),
      () => doc.off('update', onUpdate),
      () => win?.removeEventListener('offline', onOffline),
      () => win?.removeEventListener('online', onOnline),
    )
  }

  destroy(): void {
    for (const f of this.#cleanup) f()
  }

  #refresh(justSynced = false): void {
    const cur = this.get()
    if (cur.status === 'denied') return
    const p = this.#provider
    let status: ConnectionStatus
    if (typeof navigator !== 'undefined' && navigator.onLine === false) status = 'offline'
    else if (p.wsconnected && p.synced) status = 'connected'
    else status = this.#everConnected ? 'reconnecting' : 'connecting'
    const everSynced = cur.everSynced || justSynced
    if (status !== cur.status || everSynced !== cur.everSynced) this.set({ ...cur, status, everSynced })
  }

  #setUnsaved(n: number): void {
    const cur = this.get()
    if (cur.unsaved === n) return
    writeCount(this.#storageKey, n)
    this.set({ ...cur, unsaved: n })
  }
}

function readCount(key: string): number {
  try {
    const n = Number(localStorage.getItem(key))
    return Number.isInteger(n) && n > 0 ? n : 0
  } catch {
    return 0
  }
}

function writeCount(key: string, n: number): void {
  try {
    if (n === 0) localStorage.removeItem(key)
    else localStorage.setItem(key, String(n))
  } catch {
    // Without storage the count lasts for this visit only.
  }
}
