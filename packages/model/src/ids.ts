/** A nominal type: the same runtime value, but the compiler keeps an `AreaId` from standing in for a `BlockId`. */
export type Brand<T, B extends string> = T & { readonly __brand: B }

export type BoardId = Brand<string, 'BoardId'>
export type AreaId = Brand<string, 'AreaId'>
export type BlockId = Brand<string, 'BlockId'>
export type PartyId = Brand<string, 'PartyId'>
/** A comment in a board's discussion doc (a thread's root or a reply). */
export type CommentId = Brand<string, 'CommentId'>
/** An entry of the plan's decision log (a decision or an action). */
export type DecisionId = Brand<string, 'DecisionId'>

/** Source of random bytes; injected so that pure code stays deterministic under test (seeded) and secure in apps (crypto). */
export type RandomBytes = (length: number) => Uint8Array

/** Length of generated ids: 16 characters of a 62-letter alphabet is ≈95 bits, ample against collisions in one board. */
export const ID_LENGTH = 16
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
// 62 * 4 = 248: bytes at or above it are rejected so that every letter is equally likely.
const UNBIASED_LIMIT = 248

/**
 * Makes a new random id from the injected byte source.
 * Ids are plain strings so that they can be keys of Y.Map and properties of GeoJSON features.
 */
export function newId<T extends string>(random: RandomBytes): T {
  let out = ''
  while (out.length < ID_LENGTH) {
    for (const byte of random(ID_LENGTH * 2)) {
      if (byte < UNBIASED_LIMIT) out += ALPHABET[byte % ALPHABET.length]
      if (out.length === ID_LENGTH) break
    }
  }
  return out as T
}

/** Casts a string read from a trusted boundary (a Y.Map key, a validated file) to an id type. */
export const asAreaId = (s: string): AreaId => s as AreaId
export const asBlockId = (s: string): BlockId => s as BlockId
export const asPartyId = (s: string): PartyId => s as PartyId
export const asBoardId = (s: string): BoardId => s as BoardId
/** Casts a trusted string (a Y.Map key, a route parameter already checked) to a comment id. */
export const asCommentId = (s: string): CommentId => s as CommentId
/** Casts a trusted string (a Y.Map key, a route parameter already checked) to a decision id. */
export const asDecisionId = (s: string): DecisionId => s as DecisionId
