import { DiscussionRoot } from '@gebiedsbord/model'
import * as Y from 'yjs'
import type { Access, BoardSettings, DocKind } from '../storage/storage.ts'
import type { DecodedUpdate } from './messages.ts'

/** Why an update is refused, as the metrics label and the words sent to the client. */
export interface Refusal {
  readonly reason: 'read_only' | 'viewer_outside_comments'
  readonly message: string
}

const READ_ONLY: Refusal = {
  reason: 'read_only',
  message: 'this board was opened with a view token: edits are not saved',
}
const OUTSIDE_COMMENTS: Refusal = {
  reason: 'viewer_outside_comments',
  message: 'with a view token only comments can be changed',
}

/**
 * Whether a connection with `access` may apply `update` to a doc of `kind`: undefined when it may,
 * else why not. Editors write everything. A viewer writes nothing to the plan, and to the
 * discussion only when the board allows viewer comments and the update touches nothing but the
 * comments (not the doc's schema stamp, which would lock every client out).
 */
export function refusal(
  kind: DocKind,
  access: Access | undefined,
  settings: BoardSettings,
  doc: Y.Doc,
  update: DecodedUpdate,
): Refusal | undefined {
  if (access === 'edit') return undefined
  if (kind === 'plan' || !settings.viewerComments) return READ_ONLY
  const roots = rootsTouched(doc, update)
  if (roots === undefined) return OUTSIDE_COMMENTS
  for (const root of roots) if (root !== DiscussionRoot.comments) return OUTSIDE_COMMENTS
  return undefined
}

type Struct = DecodedUpdate['structs'][number]
/** Any shared type, as `doc.share` holds them. */
type SharedType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>

/**
 * The names of the root types an update inserts into or deletes from, or undefined when that
 * cannot be told (it refers to content the doc does not have, or that was garbage-collected):
 * the caller then refuses rather than guesses.
 *
 * An encoded item names its parent only when it has no neighbour to inherit it from: as a root's
 * name, as the id of the item holding a nested type, or not at all (then its origin, or right
 * origin, has the same parent). Items are looked up first in the doc, then in the update itself.
 */
export function rootsTouched(doc: Y.Doc, update: DecodedUpdate): Set<string> | undefined {
  const roots = new Set<string>()
  const names = new Map<SharedType, string>()
  for (const [name, type] of doc.share) names.set(type, name)
  const own = new Map<number, Struct[]>()
  for (const s of update.structs) {
    const list = own.get(s.id.client)
    if (list) list.push(s)
    else own.set(s.id.client, [s])
  }
  const inUpdate = (id: Y.ID): Y.Item | undefined => {
    for (const s of own.get(id.client) ?? [])
      if (s instanceof Y.Item && s.id.clock <= id.clock && id.clock < s.id.clock + s.length) return s
    return undefined
  }
  const inDoc = (id: Y.ID): Y.Item | Y.GC | undefined => {
    const structs = doc.store.clients.get(id.client)
    if (!structs || id.clock >= Y.getState(doc.store, id.client)) return undefined
    return structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC
  }
  const rootOfIntegrated = (item: Y.Item): string | undefined => {
    let type = item.parent as SharedType | null
    while (type?._item) type = type._item.parent as SharedType | null
    return type ? names.get(type) : undefined
  }
  // Depth-limited: a chain through the update's own items is as long as the update at most.
  const rootOf = (item: Y.Item, depth: number): string | undefined => {
    if (depth > update.structs.length + 1) return undefined
    const parent = item.parent as unknown
    if (typeof parent === 'string') return parent
    if (parent instanceof Y.AbstractType) return rootOfIntegrated(item)
    const ref = parent instanceof Y.ID ? parent : (item.origin ?? item.rightOrigin)
    if (!ref) return undefined
    const found = inDoc(ref)
    if (found instanceof Y.Item) {
      // A parent reference names the item holding the nested type: its children live in that type.
      if (parent instanceof Y.ID) {
        const content = found.content
        return content instanceof Y.ContentType ? rootOfIntegrated(found) : undefined
      }
      return rootOfIntegrated(found)
    }
    if (found) return undefined
    const pending = inUpdate(ref)
    return pending ? rootOf(pending, depth + 1) : undefined
  }
  for (const s of update.structs) {
    if (!(s instanceof Y.Item)) continue
    const root = rootOf(s, 0)
    if (root === undefined) return undefined
    roots.add(root)
  }
  for (const [client, deletes] of update.ds.clients) {
    for (const { clock, len } of deletes) {
      for (let c = clock; c < clock + len; ) {
        const found = inDoc(Y.createID(client, c))
        if (!(found instanceof Y.Item)) {
          // Deleting what the update itself adds (a typed-then-erased comment) is judged with it.
          const pending = inUpdate(Y.createID(client, c))
          if (!pending) return undefined
          c = pending.id.clock + pending.length
          continue
        }
        const root = rootOfIntegrated(found)
        if (root === undefined) return undefined
        roots.add(root)
        c = found.id.clock + found.length
      }
    }
  }
  return roots
}
