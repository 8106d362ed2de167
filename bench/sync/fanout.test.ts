import { describe, expect, it } from 'vitest'
import { percentile } from '../stats.ts'
import { runFanout } from './fanout.ts'
import { SERVERS } from './servers.ts'

describe('a fan-out run', () => {
  it("records every delivery, and each write's first delivery once, never later than the rest", async () => {
    const profile = { boards: 2, readers: 3, rate: 20, warmupSeconds: 0.2, rounds: 2, seconds: 0.5 }
    const result = await runFanout(SERVERS.gebiedsbord, profile)
    const writesPerRound = profile.boards * profile.rate * profile.seconds
    expect(result.rounds).toHaveLength(profile.rounds)
    for (const round of result.rounds) {
      expect(round.delivered).toBe(round.offered)
      expect(round.latencies).toHaveLength(writesPerRound * profile.readers)
      expect(round.firstLatencies).toHaveLength(writesPerRound)
      // Each write's first delivery is at most each of its deliveries: so is every percentile.
      for (const p of [50, 95, 100])
        expect(percentile(round.firstLatencies, p)).toBeLessThanOrEqual(percentile(round.latencies, p))
    }
  }, 60_000)
})
