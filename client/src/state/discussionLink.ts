import * as authProtocol from 'y-protocols/auth'
import { Awareness } from 'y-protocols/awareness'
import { messageAuth, WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { type BoardSettings, getBoardAccess, putBoardSettings, settingsOf } from '../api/boards.ts'

/*
 * How the discussion doc reaches the server: a y-websocket connection of its own beside the
 * plan's, and the board settings that decide whether a viewer may write to it.
 */

/** The discussion doc's room beside the plan's: `/sync/<boardId>/discussion`. */
export const discussionRoom = (boardId: string): string => `${boardId}/discussion`

/**
 * Ask the server for its state this often. The discussion connection carries no presence, so a
 * quiet board would send it nothing, and the provider drops a connection that heard nothing for
 * 30 s; a sync request is one small message each way, with no fan-out to others.
 */
const KEEPALIVE_MS = 20_000
/** Longest wait between reconnection attempts, as the plan's connection. */
const MAX_BACKOFF_MS = 5000

/** Where the discussion doc syncs: the plan's sync base, the board and the token. */
export interface DiscussionTransport {
  /** Base of the sync websocket, e.g. `wss://host/sync` (the plan's). */
  readonly syncUrl: string
  readonly boardId: string
  readonly token: string
  readonly connect?: boolean
  readonly WebSocketPolyfill?: unknown
}

/** Reads and writes the board's settings (the server's API in the app, a fake in tests). */
export interface SettingsApi {
  load(): Promise<BoardSettings>
  save(settings: BoardSettings): Promise<BoardSettings>
}

/** The settings of one board over HTTP: read with any token, written with the edit token. */
export const boardSettingsApi = (boardId: string, token: string): SettingsApi => ({
  load: async () => settingsOf(await getBoardAccess(boardId, token)),
  save: (settings) => putBoardSettings(boardId, token, settings),
})

/**
 * Opens the discussion doc's own websocket to `/sync/<boardId>/discussion`, without presence,
 * calling `onDenied` with the server's reason when it refuses a change.
 */
export function openDiscussionProvider(
  doc: Y.Doc,
  t: DiscussionTransport,
  onDenied: (reason: string) => void,
): WebsocketProvider {
  const awareness = new Awareness(doc)
  // Presence travels on the plan's connection. Here it would only make every participant relay
  // an empty state to every other one every 15 s.
  awareness.setLocalState(null)
  const provider = new WebsocketProvider(t.syncUrl, discussionRoom(t.boardId), doc, {
    params: { token: t.token },
    awareness,
    // As for the plan: tabs must not pass a viewer's writes to an editor's tab.
    disableBc: true,
    maxBackoffTime: MAX_BACKOFF_MS,
    resyncInterval: KEEPALIVE_MS,
    connect: t.connect ?? true,
    ...(t.WebSocketPolyfill ? { WebSocketPolyfill: t.WebSocketPolyfill as typeof WebSocket } : {}),
  })
  // The stock handler only logs; the user must learn that a comment was not saved.
  provider.messageHandlers[messageAuth] = (_encoder, decoder) =>
    authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => onDenied(reason))
  return provider
}
