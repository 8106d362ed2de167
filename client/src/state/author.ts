import type { Author } from '@gebiedsbord/model'

/** What the comment and decision modules need to know of presence: who is here, and who is me. */
export interface People {
  peers(): readonly { readonly name: string; readonly colour: string; readonly self: boolean }[]
}

/** The name used when presence has no state for this user yet (it always has one once opened). */
const NOBODY = '?'

/**
 * This user as the author of a comment or decision: the name and colour others see beside the
 * cursor. The colour is kept only in the `#rrggbb` form the model stores.
 */
export function currentAuthor(people: People): Author {
  const me = people.peers().find((p) => p.self)
  const name = me?.name.trim() || NOBODY
  return me && /^#[0-9a-fA-F]{6}$/.test(me.colour) ? { name, colour: me.colour } : { name }
}

/** The names of everyone on the board (this user too), each once: whom a comment can mention. */
export function participantNames(people: People): string[] {
  return [...new Set(people.peers().map((p) => p.name.trim()))].filter((n) => n !== '')
}
