import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { ID_LENGTH, newId, type RandomBytes } from '@gebiedsbord/model'
import type { Access, BoardRecord } from './storage/storage.ts'

/** 32 random bytes: 256 bits, far beyond guessing, as 43 base64url characters. */
export const TOKEN_BYTES = 32

/** Secure random bytes for ids and tokens; the model's `RandomBytes` shape. */
export const cryptoRandomBytes: RandomBytes = (length) => new Uint8Array(randomBytes(length))

/** A new secret token (edit, view or admin), URL-safe. */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url')
}

/** A new random board id (the model's id alphabet, ≈95 bits). */
export function newBoardId(): string {
  return newId(cryptoRandomBytes)
}

/** Board ids as `newBoardId` makes them; anything else cannot name a board and is refused early. */
export const BOARD_ID_PATTERN = new RegExp(`^[0-9A-Za-z]{${ID_LENGTH}}$`)

/** The SHA-256 of a token: what storage keeps, so that a leaked database grants no access. */
export function hashToken(token: string): Uint8Array {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** Compares a presented token with a stored hash in constant time (hashing first equalises lengths). */
export function tokenMatches(token: string, hash: Uint8Array): boolean {
  const presented = hashToken(token)
  return presented.length === hash.length && timingSafeEqual(presented, hash)
}

/**
 * The access a token grants to a board, or undefined. Both hashes are always compared, so the
 * time taken does not tell an edit token from a view token.
 */
export function accessFor(board: BoardRecord, token: string | undefined): Access | undefined {
  if (!token) return undefined
  const edit = tokenMatches(token, board.editTokenHash)
  const view = tokenMatches(token, board.viewTokenHash)
  return edit ? 'edit' : view ? 'view' : undefined
}
