import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * What one server instance tells the others about a doc: an update it stored, an awareness change
 * of one of its clients, or a control message (see `ControlCode`).
 */
export type FanoutKind = 'update' | 'awareness' | 'control'

/** One message from another instance, as the room of its doc receives it. */
export interface FanoutMessage {
  readonly kind: FanoutKind
  readonly payload: Uint8Array
}

/**
 * The payload of a control message: one code. Both make the receiving room read storage rather
 * than trust the message, so that a control message missed during an outage is made good by the
 * catch-up that follows it.
 */
export const ControlCode = {
  /** A board's tokens or settings changed: re-read the board, close connections whose token no longer opens it. */
  recheck: 1,
  /** The sender was away from Redis (its messages of that time are lost): read the doc back from storage. */
  resync: 2,
} as const
export type ControlCode = (typeof ControlCode)[keyof typeof ControlCode]

/**
 * The transport between server instances that share one storage (Redis pub/sub, see
 * `fanout/redisFanout.ts`). Delivery is best effort: a message may be lost while the transport is
 * down, which is why it reports a recovery (`onRecovered`), after which every loaded doc is read
 * back from storage. The sync core depends on this interface only.
 */
export interface Fanout {
  /**
   * Starts delivering the doc's messages from other instances to `deliver` (never this
   * instance's own). Resolves true once the subscription is active, false when it could not be
   * made now (the transport is down); it is then made on recovery, before `onRecovered` fires.
   */
  subscribe(key: string, deliver: (message: FanoutMessage) => void): Promise<boolean>
  /** Stops delivering a doc's messages. */
  unsubscribe(key: string): Promise<void>
  /** Sends a message about a doc to the other instances; dropped (and counted) while the transport is down. */
  publish(key: string, kind: FanoutKind, payload: Uint8Array): void
  /**
   * Called whenever the transport is (again) connected with every subscription in place: what
   * was published meanwhile may be lost, so loaded docs must catch up from storage.
   */
  onRecovered(listener: () => void): void
  /** Whether messages flow now (for /healthz). */
  readonly connected: boolean
  close(): Promise<void>
}

/** Version of the frame layout: a frame of another version is dropped, not misread. */
const FRAME_VERSION = 1

/** Frame codes of the kinds; never renumber, instances of two releases may share a channel. */
const KIND_CODES: Record<FanoutKind, number> = { update: 1, awareness: 2, control: 3 }
const KINDS = new Map(Object.entries(KIND_CODES).map(([kind, code]) => [code, kind as FanoutKind]))

/** A decoded frame: who sent it and what. */
export interface FanoutFrame extends FanoutMessage {
  readonly instance: Uint8Array
}

/**
 * Encodes a message in the compact binary frame instances exchange: version, sender's instance
 * id, kind and payload (lib0 varints and length-prefixed bytes).
 */
export function encodeFrame(instance: Uint8Array, kind: FanoutKind, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, FRAME_VERSION)
  encoding.writeVarUint8Array(e, instance)
  encoding.writeVarUint(e, KIND_CODES[kind])
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** Decodes a frame; a string says why it cannot be read (another version, unknown kind, truncated). */
export function decodeFrame(bytes: Uint8Array): FanoutFrame | string {
  try {
    const d = decoding.createDecoder(bytes)
    const version = decoding.readVarUint(d)
    if (version !== FRAME_VERSION) return `frame version ${version}; this server reads ${FRAME_VERSION}`
    const instance = decoding.readVarUint8Array(d)
    const code = decoding.readVarUint(d)
    const kind = KINDS.get(code)
    if (!kind) return `unknown message kind ${code}`
    const payload = decoding.readVarUint8Array(d)
    if (decoding.hasContent(d)) return 'bytes after the payload'
    return { instance, kind, payload }
  } catch {
    return 'truncated frame'
  }
}

/** A control message's payload. */
export const controlPayload = (code: ControlCode): Uint8Array => Uint8Array.of(code)

/** The control code of a payload, or undefined for one this server does not know. */
export function controlCodeOf(payload: Uint8Array): ControlCode | undefined {
  const code = payload.length === 1 ? payload[0] : undefined
  return code === ControlCode.recheck || code === ControlCode.resync ? code : undefined
}
