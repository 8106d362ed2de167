import type * as Y from 'yjs'
import { BoardKey, blocksMap, boardMap, SCHEMA_VERSION, storedSchemaVersion } from './schema.ts'

/** One step of the document schema. `up` runs inside a transaction and must be idempotent,
 * because two replicas may migrate the same old doc before they meet. */
export interface Migration {
  readonly from: number
  readonly to: number
  readonly description: string
  up(doc: Y.Doc): void
}

/** Raised when a doc was written by a newer schema than this code knows: it is left untouched. */
export class SchemaVersionError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `board document has schema version ${found}, but this version of Gebiedsbord reads up to ${supported}`,
    )
    this.name = 'SchemaVersionError'
  }
}

/** The migrations of the document schema, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    to: 1,
    description:
      'stamp unversioned docs (new boards, early drafts) and give blocks the v1 defaults rotation 0, floors 1',
    up(doc) {
      for (const block of blocksMap(doc).values()) {
        if (typeof block.get('rotation') !== 'number') block.set('rotation', 0)
        if (typeof block.get('floors') !== 'number') block.set('floors', 1)
      }
      boardMap(doc).set(BoardKey.schemaVersion, 1)
    },
  },
]

/**
 * Brings a doc up to `target` by running every migration from its stored version, in one transaction.
 * Returns the versions it went from and to; throws SchemaVersionError (changing nothing) for a newer doc.
 */
export function migrate(
  doc: Y.Doc,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = SCHEMA_VERSION,
): { from: number; to: number } {
  const from = storedSchemaVersion(doc)
  if (from > target) throw new SchemaVersionError(from, target)
  let version = from
  doc.transact(() => {
    while (version < target) {
      const step = migrations.find((m) => m.from === version)
      if (!step) throw new Error(`no migration from schema version ${version}`)
      step.up(doc)
      version = step.to
      boardMap(doc).set(BoardKey.schemaVersion, version)
    }
  })
  return { from, to: version }
}
