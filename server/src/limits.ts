/** Every limit the server enforces, each overridable by the environment variable named in `config.ts`. */
export interface Limits {
  /** Largest inbound WebSocket message in bytes. */
  readonly maxMessageBytes: number
  /** Largest stored board (snapshot plus update log) in bytes. */
  readonly maxBoardBytes: number
  /** Most simultaneous connections to one board. */
  readonly maxConnectionsPerBoard: number
  /** Sustained sync messages (updates, sync steps) per second per connection. */
  readonly updateRate: number
  /** Sync messages a connection may send in a burst above the sustained rate. */
  readonly updateBurst: number
  /** Awareness relays per second per connection; faster senders are coalesced, not dropped. */
  readonly awarenessRate: number
  /** Messages a connection may send before its board has loaded. */
  readonly preloadQueueMessages: number
  /** Milliseconds a board stays in memory after its last connection leaves. */
  readonly idleUnloadMs: number
  /** Updates in a board's log that trigger compaction into one snapshot. */
  readonly compactAfterUpdates: number
  /** Bytes queued for one reader beyond which it is disconnected as too slow. */
  readonly maxBufferedBytes: number
  /** Largest request body of the HTTP API (board creation from GeoJSON) in bytes. */
  readonly maxRequestBytes: number
}

const MiB = 1024 * 1024

/**
 * Defaults sized for a working session (a handful of editors) and a Bouwoverleg (60 viewers):
 * a stock client sends at most one update and one awareness change per animation frame.
 */
export const DEFAULT_LIMITS: Limits = {
  // A whole GeoJSON pasted into a board in one transaction stays well under this.
  maxMessageBytes: 4 * MiB,
  maxBoardBytes: 64 * MiB,
  // 60 remote participants plus presenters and editors, with room to spare.
  maxConnectionsPerBoard: 250,
  // Dragging a block sends ~60 updates/s; twice that is still a human.
  updateRate: 120,
  updateBurst: 240,
  // Cursors at 20 Hz look smooth; the latest position always arrives.
  awarenessRate: 20,
  // A stock client sends 2–3 messages on open; 64 leaves room for edits made while connecting.
  preloadQueueMessages: 64,
  idleUnloadMs: 30_000,
  compactAfterUpdates: 500,
  maxBufferedBytes: 16 * MiB,
  maxRequestBytes: 16 * MiB,
}

/**
 * Inbound awareness messages beyond this multiple of `awarenessRate` close the connection:
 * throttling keeps relays cheap, but each inbound message is still parsed.
 */
export const AWARENESS_FLOOD_FACTOR = 10

/**
 * The WebSocket layer buffers a whole frame before the sync core sees it, so it refuses frames
 * over this multiple of `maxMessageBytes` by itself (close code 1009). Frames between the limit
 * and this ceiling reach the core and are closed with 4413.
 */
export const FRAME_CEILING_FACTOR = 2
