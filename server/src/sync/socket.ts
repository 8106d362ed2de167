import type { DocKind } from '../storage/storage.ts'
/**
 * The least a transport must offer the sync core: the Hono/ws adapter wraps a real WebSocket in
 * it, tests wrap a pair of in-memory queues.
 */
export interface SyncSocket {
  send(message: Uint8Array): void
  close(code: number, reason: string): void
  /** Bytes queued for sending; when present, the core disconnects readers that fall too far behind. */
  readonly bufferedAmount?: number
}

/** What the transport tells the core about a socket: each inbound frame, and that it closed. */
export interface SocketEvents {
  /** A binary frame (Uint8Array or ArrayBuffer) or a text frame (string). */
  message(data: Uint8Array | ArrayBuffer | string): void
  close(): void
}

/** Where a socket wants to go: the board in the URL path and the token in its query. */
export interface ConnectParams {
  readonly boardId: string
  /** Which of the board's docs: the plan (default) or the discussion. */
  readonly doc?: DocKind
  readonly token: string | undefined
}
