import * as Y from 'yjs'

/**
 * Version of the Y.Doc layout written by this code. Bump it with a migration in `migrations.ts`
 * whenever a key, a shape or a meaning changes.
 */
export const SCHEMA_VERSION = 3

/** Names of the root shared types. Changing one orphans every stored board, so they are fixed. */
export const Root = {
  board: 'board',
  areas: 'areas',
  blocks: 'blocks',
  parties: 'parties',
  /** The decision log (since v2). It lives in the plan doc because only editors may record decisions. */
  decisions: 'decisions',
  /** Parties' sign-offs ("akkoord") of areas (since v3), keyed by area and party. */
  signoffs: 'signoffs',
} as const

/** Keys of the board map. */
export const BoardKey = {
  schemaVersion: 'schemaVersion',
  name: 'name',
  frame: 'frame',
  normSetId: 'normSetId',
  /** The background under the plan (since v3); absent reads as the default (PDOK in RD New, else the grid). See `baseMap.ts`. */
  baseMap: 'baseMap',
} as const

/** A record (area, block, party) is a Y.Map of plain JSON values, one key per property, so that
 * concurrent edits of different properties (one user moves, another renames) both survive. */
export type RecordMap = Y.Map<unknown>

export const boardMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(Root.board)
export const areasMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(Root.areas)
export const blocksMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(Root.blocks)
export const partiesMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(Root.parties)
/** The decision log: one record per decision or action, keyed by `DecisionId`. */
export const decisionsMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(Root.decisions)
/** Sign-offs: one record per area and party, keyed by `signOffKey`. */
export const signoffsMap = (doc: Y.Doc): Y.Map<RecordMap> => doc.getMap(Root.signoffs)

/** The schema version stored in the doc, or 0 for a doc that has none yet. */
export function storedSchemaVersion(doc: Y.Doc): number {
  const v = boardMap(doc).get(BoardKey.schemaVersion)
  return typeof v === 'number' && Number.isInteger(v) ? v : 0
}

/** Builds a record map from plain properties, leaving out undefined ones. */
export function toRecordMap(props: Record<string, unknown>): RecordMap {
  const map: RecordMap = new Y.Map()
  for (const [k, v] of Object.entries(props)) if (v !== undefined) map.set(k, v)
  return map
}
