import { describe, expect, it } from 'vitest'
import * as ws from 'ws'
import { SharedFrames } from './sharedFrames.ts'

// `ws` exports its frame parser too (undeclared in @types/ws): the frames are read back by it.
const { Receiver } = ws as unknown as {
  Receiver: new (options: {
    isServer: boolean
  }) => NodeJS.WritableStream & { on(event: 'message', f: (data: Buffer, isBinary: boolean) => void): void }
}

/** Reads frames as a client's `ws` would, and returns the messages it got. */
function parse(frames: Buffer[]): { data: Buffer; isBinary: boolean }[] {
  const receiver = new Receiver({ isServer: false })
  const got: { data: Buffer; isBinary: boolean }[] = []
  receiver.on('message', (data, isBinary) => got.push({ data: Buffer.from(data), isBinary }))
  for (const f of frames) receiver.write(f)
  return got
}

function payload(length: number, fill: number): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 7 + fill) % 256)
}

describe('SharedFrames', () => {
  it('frames binary messages of every length class so that a WebSocket client reads them back intact', () => {
    const frames = new SharedFrames()
    // 7-bit, 16-bit and 64-bit payload lengths (RFC 6455 §5.2) and the edges between them.
    const messages = [0, 1, 125, 126, 127, 16_384, 65_535, 65_536, 70_000].map((n) => payload(n, n))
    const got = parse(messages.map((m) => frames.of(m)))
    expect(got.map((m) => m.isBinary)).toEqual(messages.map(() => true))
    expect(got.map((m) => m.data.length)).toEqual(messages.map((m) => m.length))
    for (const [i, m] of messages.entries()) expect(got[i]?.data.equals(m)).toBe(true)
  })

  it('frames a message once while it goes to reader after reader, and anew for the next one', () => {
    const frames = new SharedFrames()
    const first = payload(40, 1)
    const second = payload(40, 2)
    const a = frames.of(first)
    expect(frames.of(first)).toBe(a)
    const b = frames.of(second)
    expect(b).not.toBe(a)
    expect(parse([a, b]).map((m) => [...m.data])).toEqual([[...first], [...second]])
  })

  it('frames a view into a larger buffer as the view, not the whole buffer', () => {
    const whole = payload(300, 3)
    const view = whole.subarray(100, 150)
    expect([...(parse([new SharedFrames().of(view)])[0]?.data ?? [])]).toEqual([...view])
  })
})
