import { describe, expect, it } from 'vitest'
import {
  ControlCode,
  controlCodeOf,
  controlPayload,
  decodeFrame,
  encodeFrame,
  type FanoutKind,
} from './fanout.ts'

const instance = Uint8Array.from({ length: 16 }, (_, i) => i + 1)

describe('fan-out frames', () => {
  it.each<FanoutKind>(['update', 'awareness', 'control'])('carry sender, kind and payload (%s)', (kind) => {
    const payload = Uint8Array.of(0, 1, 2, 255)
    const frame = encodeFrame(instance, kind, payload)
    // Version, 16-byte id with its length, kind, payload with its length: no envelope beyond that.
    expect(frame.length).toBe(1 + 1 + 16 + 1 + 1 + payload.length)
    expect(decodeFrame(frame)).toEqual({ instance, kind, payload })
  })

  it('keep an empty payload and a large one intact', () => {
    expect(decodeFrame(encodeFrame(instance, 'update', new Uint8Array()))).toMatchObject({
      payload: new Uint8Array(),
    })
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => i % 251)
    const decoded = decodeFrame(encodeFrame(instance, 'update', big))
    expect(typeof decoded === 'string' ? decoded : Buffer.compare(decoded.payload, big)).toBe(0)
  })

  it('say why a frame cannot be read instead of misreading it', () => {
    const good = encodeFrame(instance, 'awareness', Uint8Array.of(7))
    const otherVersion = Uint8Array.from(good)
    otherVersion[0] = 2
    expect(decodeFrame(otherVersion)).toMatch(/frame version 2/)
    const unknownKind = Uint8Array.from(good)
    unknownKind[18] = 9
    expect(decodeFrame(unknownKind)).toMatch(/unknown message kind 9/)
    expect(decodeFrame(good.subarray(0, good.length - 1))).toBe('truncated frame')
    expect(decodeFrame(Uint8Array.of(...good, 0))).toBe('bytes after the payload')
    expect(decodeFrame(new Uint8Array())).toBe('truncated frame')
  })
})

describe('control payloads', () => {
  it('round-trip the known codes and refuse others', () => {
    for (const code of Object.values(ControlCode)) expect(controlCodeOf(controlPayload(code))).toBe(code)
    expect(controlCodeOf(Uint8Array.of(0))).toBeUndefined()
    expect(controlCodeOf(Uint8Array.of(ControlCode.recheck, 0))).toBeUndefined()
    expect(controlCodeOf(new Uint8Array())).toBeUndefined()
  })
})
