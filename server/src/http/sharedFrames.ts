import * as ws from 'ws'

/** The options of `ws`'s `Sender.frame` used here (binary, final, unmasked, uncompressed). */
interface FrameOptions {
  readonly fin: boolean
  readonly opcode: number
  readonly mask: boolean
  readonly readOnly: boolean
  readonly rsv1: boolean
}

// `ws` exports its `Sender` (ws/wrapper.mjs) but @types/ws does not declare it.
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }

/** WebSocket opcode of a binary data frame (RFC 6455 §5.2). */
const OPCODE_BINARY = 0x2

/** A server's frames are final, unmasked (RFC 6455 §5.1) and, without permessage-deflate, uncompressed. */
const BINARY_FRAME: FrameOptions = {
  fin: true,
  opcode: OPCODE_BINARY,
  mask: false,
  readOnly: true,
  rsv1: false,
}

/**
 * Messages up to this size are framed once and the frame is written as is to every reader;
 * larger ones (a board's sync step 2, a big paste) go through `ws.send`, which writes header and
 * payload without copying the payload: for them the per-send work is small beside the bytes.
 */
export const MAX_SHARED_FRAME_BYTES = 16 * 1024

/**
 * The WebSocket frame of the message last sent, kept while the same message goes to the next
 * reader. A relay is sent to every reader of a board in one loop, so one entry is enough: the
 * frame (header and payload in one buffer) is built once per relay instead of once per reader, and
 * each reader costs one socket write. That per-reader work (`ws.send`'s option objects, a header
 * buffer, cork and a two-buffer write) was the largest part of the server's own CPU when fanning out.
 */
export class SharedFrames {
  #message: Uint8Array | undefined
  #frame: Buffer | undefined

  /** The frame of a binary message; messages are never changed once sent, so identity is enough. */
  of(message: Uint8Array): Buffer {
    if (message === this.#message && this.#frame) return this.#frame
    const payload = Buffer.from(message.buffer, message.byteOffset, message.byteLength)
    const frame = Buffer.concat(Sender.frame(payload, BINARY_FRAME))
    this.#message = message
    this.#frame = frame
    return frame
  }
}
