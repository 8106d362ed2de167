import type { RandomBytes } from './ids.ts'

/**
 * A small seeded PRNG (mulberry32) for tests, fuzzers and benchmarks that must replay exactly.
 * Not for secrets: apps inject crypto.getRandomValues instead.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Random bytes from a seeded PRNG, for deterministic ids in tests. */
export function seededBytes(random: () => number): RandomBytes {
  return (length) => {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256)
    return out
  }
}
