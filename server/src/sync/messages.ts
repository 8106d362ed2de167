import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { MessageType, SyncStep } from './protocol.ts'

/** A document update that decoded cleanly, with its parsed structs and delete set. */
export interface DecodedUpdate {
  readonly bytes: Uint8Array
  readonly structs: ReturnType<typeof Y.decodeUpdate>['structs']
  readonly ds: ReturnType<typeof Y.decodeUpdate>['ds']
}

/** An inbound message that passed every structural check and may be handed to a room. */
export type InboundMessage =
  | { readonly kind: 'syncStep1'; readonly stateVector: Uint8Array }
  | { readonly kind: 'syncUpdate'; readonly step: 'step2' | 'update'; readonly update: DecodedUpdate }
  | { readonly kind: 'awareness'; readonly update: Uint8Array; readonly entries: readonly AwarenessEntry[] }
  | { readonly kind: 'queryAwareness' }

export type ParseResult = { ok: true; message: InboundMessage } | { ok: false; reason: string }

/**
 * Deepest nesting allowed in an awareness state. Presence is a flat object with a cursor or a
 * selection; deep nesting only serves to overflow the recursive JSON.stringify of the relay (on
 * this server and on every client that receives it).
 */
export const MAX_AWARENESS_DEPTH = 16

const fail = (reason: string): ParseResult => ({ ok: false, reason })

/**
 * Parses one binary frame of the y-websocket protocol without trusting any of it: truncated
 * varints, unknown types, trailing bytes, undecodable updates and malformed awareness all come
 * back as `{ ok: false }` with a reason, never as an exception.
 */
export function parseMessage(frame: Uint8Array): ParseResult {
  try {
    const d = decoding.createDecoder(frame)
    const type = decoding.readVarUint(d)
    let result: ParseResult
    switch (type) {
      case MessageType.sync:
        result = parseSync(d)
        break
      case MessageType.awareness:
        result = parseAwareness(decoding.readVarUint8Array(d))
        break
      case MessageType.queryAwareness:
        result = { ok: true, message: { kind: 'queryAwareness' } }
        break
      default:
        return fail(`unknown message type ${type}`)
    }
    if (result.ok && decoding.hasContent(d)) return fail('trailing bytes after the message')
    return result
  } catch (err) {
    return fail(`undecodable message: ${errorText(err)}`)
  }
}

function parseSync(d: decoding.Decoder): ParseResult {
  const step = decoding.readVarUint(d)
  const payload = decoding.readVarUint8Array(d)
  switch (step) {
    case SyncStep.step1:
      // Decoding checks the state vector's shape; the room will compute a diff against it.
      Y.decodeStateVector(payload)
      return { ok: true, message: { kind: 'syncStep1', stateVector: payload } }
    case SyncStep.step2:
    case SyncStep.update: {
      const update = decodeUpdate(payload)
      if (!update) return fail('invalid Yjs update')
      return {
        ok: true,
        message: { kind: 'syncUpdate', step: step === SyncStep.step2 ? 'step2' : 'update', update },
      }
    }
    default:
      return fail(`unknown sync step ${step}`)
  }
}

/** Fully decodes a Yjs update (v1 encoding) or returns undefined when it is not one. */
export function decodeUpdate(bytes: Uint8Array): DecodedUpdate | undefined {
  try {
    const { structs, ds } = Y.decodeUpdate(bytes)
    return { bytes, structs, ds }
  } catch {
    return undefined
  }
}

/** One client's state in an awareness update: whose, its clock, and whether it removes the state. */
export interface AwarenessEntry {
  readonly client: number
  readonly clock: number
  readonly removes: boolean
}

/** Checks an awareness update the way y-protocols will read it, so that applying it cannot throw. */
function parseAwareness(update: Uint8Array): ParseResult {
  const d = decoding.createDecoder(update)
  const count = decoding.readVarUint(d)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    const state: unknown = JSON.parse(decoding.readVarString(d))
    entries.push({ client, clock, removes: state === null })
    if (depth(state) > MAX_AWARENESS_DEPTH) return fail('awareness state nested too deeply')
  }
  if (decoding.hasContent(d)) return fail('trailing bytes after the awareness update')
  return { ok: true, message: { kind: 'awareness', update, entries } }
}

/** Nesting depth of a JSON value, computed without recursion so that hostile input cannot overflow the stack. */
function depth(value: unknown): number {
  let max = 0
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, level] = stack.pop() as [unknown, number]
    if (level > max) max = level
    if (max > MAX_AWARENESS_DEPTH) return max
    if (v !== null && typeof v === 'object')
      for (const child of Object.values(v as object)) stack.push([child, level + 1])
  }
  return max
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
