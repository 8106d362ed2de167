import { describe, expect, it } from 'vitest'
import { ID_LENGTH, newId, type RandomBytes, seededBytes, seededRandom } from './index.ts'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A byte source that plays back fixed bytes, cycling. */
const playback =
  (bytes: readonly number[]): RandomBytes =>
  (length) => {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = bytes[i % bytes.length] as number
    return out
  }

describe('newId', () => {
  it('is 16 letters of [0-9A-Za-z]', () => {
    const random = seededBytes(seededRandom(1))
    expect(ID_LENGTH).toBe(16)
    for (let i = 0; i < 1000; i++) expect(newId(random)).toMatch(/^[0-9A-Za-z]{16}$/)
  })

  it('is deterministic under a seeded source', () => {
    const a = seededBytes(seededRandom(42))
    const b = seededBytes(seededRandom(42))
    const c = seededBytes(seededRandom(43))
    const fromA = Array.from({ length: 50 }, () => newId(a))
    expect(Array.from({ length: 50 }, () => newId(b))).toEqual(fromA)
    expect(Array.from({ length: 50 }, () => newId(c))).not.toEqual(fromA)
  })

  it('has no collisions among 100 000 ids from a seeded source', () => {
    const random = seededBytes(seededRandom(2024))
    const ids = new Set<string>()
    for (let i = 0; i < 100_000; i++) ids.add(newId(random))
    expect(ids.size).toBe(100_000)
  })

  it('maps bytes onto the alphabet and skips bytes ≥ 248, which would bias it', () => {
    expect(newId(playback([0, 61, 62, 123, 124, 185, 186, 247]))).toBe('0z0z0z0z0z0z0z0z')
    // Bytes 248..255 are rejected wherever they come, also when a whole draw is rejected.
    let calls = 0
    const mostlyRejected: RandomBytes = (length) => {
      calls++
      return new Uint8Array(length).fill(calls < 3 ? 255 : 1)
    }
    expect(newId(mostlyRejected)).toBe('1111111111111111')
    expect(calls).toBe(3)
    expect(newId(playback([248, 5, 255, 6]))).toBe('5656565656565656')
  })

  it('uses every letter about equally often', () => {
    const random = seededBytes(seededRandom(7))
    const counts = new Map<string, number>()
    const n = 20_000
    for (let i = 0; i < n; i++) for (const ch of newId(random)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
    expect([...counts.keys()].sort().join('')).toBe([...ALPHABET].sort().join(''))
    const expected = (n * ID_LENGTH) / ALPHABET.length
    // Standard deviation is about √expected ≈ 72; 5 % is over 5 σ.
    for (const [ch, count] of counts) expect(Math.abs(count - expected) / expected, ch).toBeLessThan(0.05)
  })
})

describe('seededRandom and seededBytes', () => {
  it('replays the same stream for the same seed, in [0, 1)', () => {
    const a = seededRandom(123)
    const b = seededRandom(123)
    for (let i = 0; i < 1000; i++) {
      const x = a()
      expect(b()).toBe(x)
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
  })

  it('is mulberry32', () => {
    // Reference values of mulberry32 for seed 0 (first outputs × 2³²).
    const r = seededRandom(0)
    expect([r(), r(), r()].map((x) => Math.round(x * 2 ** 32))).toEqual(reference(0, 3))
  })

  it('gives bytes in 0..255 of the requested length', () => {
    const bytes = seededBytes(seededRandom(9))(4096)
    expect(bytes).toHaveLength(4096)
    expect(new Set(bytes).size).toBe(256)
  })
})

/** The textbook mulberry32, written independently of the one under test. */
function reference(seed: number, n: number): number[] {
  let a = seed | 0
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out.push((t ^ (t >>> 14)) >>> 0)
  }
  return out
}
