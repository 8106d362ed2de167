import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { type Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { MessageType, SyncStep } from '../sync/protocol.ts'

/** A client's sync step 1 for its doc. */
export function step1Frame(doc: Y.Doc): Uint8Array {
  return frame(MessageType.sync, SyncStep.step1, Y.encodeStateVector(doc))
}

/** A client's sync step 2 carrying `update`. */
export function step2Frame(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncStep.step2, update)
}

/** A client's sync update carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncStep.update, update)
}

/** An awareness message with the states of `clients`. */
export function awarenessFrame(awareness: Awareness, clients = [awareness.clientID]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.awareness)
  encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(e)
}

function frame(type: number, step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  encoding.writeVarUint(e, step)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** A server message taken apart: its type, sync step (for sync messages) and payload. */
export interface ServerMessage {
  type: number
  step?: number
  payload: Uint8Array
}

/** Decodes a message the server sent (trusted: the server wrote it). */
export function readServerMessage(bytes: Uint8Array): ServerMessage {
  const d = decoding.createDecoder(bytes)
  const type = decoding.readVarUint(d)
  if (type === MessageType.sync) {
    const step = decoding.readVarUint(d)
    return { type, step, payload: decoding.readVarUint8Array(d) }
  }
  if (type === MessageType.awareness) return { type, payload: decoding.readVarUint8Array(d) }
  return { type, payload: decoding.readTailAsUint8Array(d) }
}

/** The document updates (step 2 and update messages) among the messages a socket received. */
export function updatesIn(messages: readonly Uint8Array[]): Uint8Array[] {
  return messages
    .map(readServerMessage)
    .filter((m) => m.type === MessageType.sync && m.step !== SyncStep.step1)
    .map((m) => m.payload)
}
