import * as Y from 'yjs'

/** A change the server makes to a doc itself (a restore, an import), as `SyncServer.changeDoc` takes it. */
export type DocChange = (doc: Y.Doc) => void

/** Why a server-side change was not written: the reasons a client's update is refused for. */
export type ServerChangeFailure = 'board_too_big' | 'storage_error' | 'invalid'

const FAILURE_MESSAGES: Record<ServerChangeFailure, string> = {
  board_too_big: 'the change would take the board over its size limit',
  storage_error: 'the change could not be stored',
  invalid: 'the change could not be applied to the board',
}

/** Raised when a server-side change could not be stored and applied; the board is as it was. */
export class ServerChangeError extends Error {
  constructor(
    readonly key: string,
    readonly reason: ServerChangeFailure,
  ) {
    super(`${FAILURE_MESSAGES[reason]} (${key})`)
    this.name = 'ServerChangeError'
  }
}

/**
 * The update that `change` makes to `doc`, computed on a copy so that the live doc stays as it is
 * until the update is stored; undefined when the change changed nothing. The change runs in one
 * transaction, so that it is one update (as a client's command is). When `change` throws, the
 * error is passed on and nothing is written.
 */
export function updateOf(doc: Y.Doc, change: DocChange): Uint8Array | undefined {
  const copy = new Y.Doc({ gc: doc.gc })
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    const updates: Uint8Array[] = []
    copy.on('update', (update: Uint8Array) => updates.push(update))
    copy.transact(() => change(copy))
    if (updates.length === 0) return undefined
    return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
  } finally {
    copy.destroy()
  }
}
