import * as encoding from 'lib0/encoding'

/**
 * The y-websocket wire protocol: every frame is a binary message that starts with a varUint type.
 * These are the values used by the stock `y-websocket` provider, so an unmodified client works.
 */
export const MessageType = {
  /** A y-protocols sync message: step 1, step 2 or update. */
  sync: 0,
  /** A y-protocols awareness update (presence, cursors). */
  awareness: 1,
  /** Server → client only: permission denied. */
  auth: 2,
  /** Asks the other side for all awareness states it knows. */
  queryAwareness: 3,
} as const

/** The second varUint of a sync message (see y-protocols/sync). */
export const SyncStep = {
  /** Carries a state vector; the reply is a step 2 with what the sender misses. */
  step1: 0,
  /** Carries a document update answering a step 1. */
  step2: 1,
  /** Carries a document update made after the sync. */
  update: 2,
} as const

/** y-protocols/auth's only message: permission denied, followed by a reason string. */
const AUTH_PERMISSION_DENIED = 0

/**
 * WebSocket close codes sent by the server. 4400–4499 mirror HTTP 4xx and tell a stock
 * y-websocket client not to reconnect (reconnecting cannot fix them); the standard 1xxx codes and
 * 4500–4599 make it retry with backoff.
 */
export const CloseCode = {
  /** Server shutting down (SIGTERM): reconnect later. */
  GoingAway: 1001,
  /** A storage failure; nothing was applied, so reconnecting and resending is safe. */
  InternalError: 1011,
  /** Capacity, not fault: the board has its maximum of connections, or this reader is too slow. */
  TryAgainLater: 1013,
  /** A frame that is not a well-formed y-websocket message (text, garbage, invalid update). */
  BadMessage: 4400,
  /** No token, a wrong token, or a token that was rotated away. */
  Unauthorized: 4401,
  /** Presence sent on behalf of a client that another connection speaks for. */
  Forbidden: 4403,
  /** No board with this id. */
  NotFound: 4404,
  /** A single message over the size limit. */
  MessageTooBig: 4413,
  /** Too many messages per second, or too many before the board had loaded. */
  RateLimited: 4429,
  /** Accepting the update would take the board over its size limit (compaction may free space). */
  BoardTooBig: 4507,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** Encodes a sync step 1 carrying the given state vector. */
export function syncStep1Message(stateVector: Uint8Array): Uint8Array {
  return syncMessage(SyncStep.step1, stateVector)
}

/** Encodes a sync step 2 carrying the given update. */
export function syncStep2Message(update: Uint8Array): Uint8Array {
  return syncMessage(SyncStep.step2, update)
}

/** Encodes a sync update message (the relay of an accepted edit). */
export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  return syncMessage(SyncStep.update, update)
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  encoding.writeVarUint(e, step)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** Encodes an awareness message around an encoded awareness update. */
export function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.awareness)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** Encodes a permission-denied message; the stock client logs the reason. */
export function permissionDeniedMessage(reason: string): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.auth)
  encoding.writeVarUint(e, AUTH_PERMISSION_DENIED)
  encoding.writeVarString(e, reason)
  return encoding.toUint8Array(e)
}
