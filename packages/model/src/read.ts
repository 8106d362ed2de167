import * as Y from 'yjs'
import { decodeArea, decodeBlock, decodeParty } from './decode.ts'
import type { AreaId, BlockId } from './ids.ts'
import { areasMap, BoardKey, blocksMap, boardMap, partiesMap } from './schema.ts'
import type { Area, Block, Board, Frame, Party, Plan } from './types.ts'

/** A record in a doc (the plan doc, or the discussion doc for comments) that could not be read, with the reason. */
export interface DocProblem {
  readonly collection: 'areas' | 'blocks' | 'parties' | 'decisions' | 'comments' | 'signoffs'
  readonly id: string
  readonly reason: string
}

/** Reads the board's own properties. */
export function readBoard(doc: Y.Doc): Board {
  const m = boardMap(doc)
  const name = m.get(BoardKey.name)
  const frame = m.get(BoardKey.frame) as Frame | undefined
  const normSetId = m.get(BoardKey.normSetId)
  return {
    name: typeof name === 'string' ? name : '',
    frame:
      frame && (frame.kind === 'rd-new' || frame.kind === 'local') ? { kind: frame.kind } : { kind: 'local' },
    ...(typeof normSetId === 'string' && normSetId !== '' ? { normSetId } : {}),
  }
}

/** Reads one block, or undefined when it does not exist or cannot be read. */
export function readBlock(doc: Y.Doc, id: BlockId): Block | undefined {
  const m = blocksMap(doc).get(id)
  if (!m) return undefined
  const d = decodeBlock(id, m)
  return d.ok ? d.value : undefined
}

/** Reads one area, or undefined when it does not exist or cannot be read. */
export function readArea(doc: Y.Doc, id: AreaId): Area | undefined {
  const m = areasMap(doc).get(id)
  if (!m) return undefined
  const d = decodeArea(id, m)
  return d.ok ? d.value : undefined
}

/**
 * Reads the whole plan, in id order so that two converged replicas read identical plans.
 * Records that cannot be read are left out and, when `problems` is given, listed there.
 */
export function readPlan(doc: Y.Doc, problems?: DocProblem[]): Plan {
  const areas: Area[] = []
  const blocks: Block[] = []
  const parties: Party[] = []
  const collect = <T>(
    collection: DocProblem['collection'],
    map: Y.Map<Y.Map<unknown>>,
    decode: (id: string, m: Y.Map<unknown>) => { ok: true; value: T } | { ok: false; reason: string },
    into: T[],
  ) => {
    for (const id of [...map.keys()].sort()) {
      const d = decode(id, map.get(id) as Y.Map<unknown>)
      if (d.ok) into.push(d.value)
      else problems?.push({ collection, id, reason: d.reason })
    }
  }
  collect('areas', areasMap(doc), decodeArea, areas)
  collect('blocks', blocksMap(doc), decodeBlock, blocks)
  collect('parties', partiesMap(doc), decodeParty, parties)
  return { board: readBoard(doc), areas, blocks, parties }
}

/** The plan stored in a Yjs update: a board's state, a checkpoint or a saved version. */
export function planFromUpdate(update: Uint8Array): Plan {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, update)
    return readPlan(doc)
  } finally {
    doc.destroy()
  }
}
