import type * as Y from 'yjs'
import type { BoardStorage } from '../storage/storage.ts'
import { rebuildDoc } from '../sync/docState.ts'

/** The board as storage has it: what a restarted server would load. */
export async function storedDoc(storage: BoardStorage, boardId: string): Promise<Y.Doc> {
  const state = await storage.loadState(boardId)
  if (!state) throw new Error(`board ${boardId} is not stored`)
  return rebuildDoc(state).doc
}
