import * as Y from 'yjs'
import { BoardSession } from './session.ts'
import { testDoc } from './testPlan.ts'

/** A WebSocket that never connects: these sessions work on their own doc. */
class NoSocket {}

const open: BoardSession[] = []

/**
 * A session on a copy of `doc` (the test plan by default) that never connects, as a board page
 * would open it with an edit or a view link. `destroyTestSessions` ends every one made.
 */
export function testSession(access: 'edit' | 'view' = 'edit', doc: Y.Doc = testDoc()): BoardSession {
  const s = new BoardSession({
    boardId: 'AAAAAAAAAAAAAAAA',
    token: 't',
    access,
    identity: { name: 'Test', colour: '#123456' },
    lang: 'en',
    syncUrl: 'ws://localhost/sync',
    persist: false,
    connect: false,
    WebSocketPolyfill: NoSocket,
  })
  Y.applyUpdate(s.doc, Y.encodeStateAsUpdate(doc))
  open.push(s)
  return s
}

/** Ends the sessions `testSession` made (for `afterEach`). */
export function destroyTestSessions(): void {
  for (const s of open.splice(0)) s.destroy()
}
