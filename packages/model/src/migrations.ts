import type * as Y from 'yjs'
import { BoardKey, boardMap, SCHEMA_VERSION, storedSchemaVersion } from './schema.ts'

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
    /** Which document: the board's plan doc, or its discussion doc (comments). */
    readonly document: 'board' | 'discussion' = 'board',
  ) {
    super(
      `${document} document has schema version ${found}, but this version of Gebiedsbord reads up to ${supported}`,
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
      'stamp unversioned docs (new boards, early drafts); blocks lacking rotation or floors read as the v1 defaults rotation 0, floors 1',
    up(doc) {
      // The defaults are supplied by the decoders rather than written into each block: two replicas
      // may migrate the same old doc before they meet, and a default written by one of them could
      // win, key by key, over a value a user set just after the other migrated (a lost edit).
      // A migration should only write what no user can be editing concurrently.
      boardMap(doc).set(BoardKey.schemaVersion, 1)
    },
  },
  {
    from: 1,
    to: 2,
    description: 'add the decision log (root `decisions`); an absent root reads as an empty log',
    up() {
      // Nothing to write: a Y.Map root exists as soon as it is named, and writing an empty record
      // here could only race with a decision recorded on another replica. The version stamp
      // (written by `migrate`) is what tells a v1 client that this doc holds data it cannot show.
    },
  },
  {
    from: 2,
    to: 3,
    description:
      'add sign-offs (root `signoffs`) and the board key `baseMap`; absent ones read as no sign-offs and no base map',
    up() {
      // As 1 → 2: only the stamp, so that a v2 client does not overwrite what it cannot read.
    },
  },
]

/**
 * Brings a doc up to `target` by running every migration from its stored version, in one transaction.
 * Returns the versions it went from and to. The whole chain of steps is checked first, so a doc
 * that is newer than `target` (SchemaVersionError) or has no path to it is left untouched.
 */
export function migrate(
  doc: Y.Doc,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = SCHEMA_VERSION,
): { from: number; to: number } {
  const from = storedSchemaVersion(doc)
  if (from > target) throw new SchemaVersionError(from, target)
  const steps: Migration[] = []
  for (let version = from; version < target; ) {
    const step = migrations.find((m) => m.from === version)
    if (!step) throw new Error(`no migration from schema version ${version}`)
    if (step.to <= step.from || step.to > target)
      throw new Error(`migration ${step.from} → ${step.to} does not lead towards schema version ${target}`)
    steps.push(step)
    version = step.to
  }
  if (steps.length > 0)
    doc.transact(() => {
      for (const step of steps) {
        step.up(doc)
        boardMap(doc).set(BoardKey.schemaVersion, step.to)
      }
    })
  return { from, to: steps.at(-1)?.to ?? from }
}
