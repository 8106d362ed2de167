import { describe, expect, it } from 'vitest'
import { comparisonFigures, QUICK_PROFILE, type ServerResults } from './compare.ts'
import type { FanoutResult } from './fanout.ts'

/** Results of one server in which every measured quantity is `x` (latencies, CPU, memory, …). */
function resultsOf(x: number): ServerResults {
  const fanout: FanoutResult = {
    rounds: [
      {
        latencies: [x],
        firstLatencies: [x],
        offered: 10,
        delivered: 10,
        deliveredPerSecond: 10,
        cpuSeconds: x,
      },
    ],
    rssBytes: x,
  }
  return {
    many: fanout,
    crowd: fanout,
    memory: { boards: 1, bytesPerBoard: x, rssIdleBytes: 0, rssLoadedBytes: x },
    cold: { loadMs: [x], storedBytes: x },
    durability: { received: 10, lost: 0 },
  }
}

const cpuFigure = 'server CPU per 1 s round, 10 boards × 20 clients'

describe('the comparison table', () => {
  it('judges ratios to the best peer when every peer asked for has results', () => {
    const figures = comparisonFigures(QUICK_PROFILE, {
      gebiedsbord: resultsOf(7),
      hocuspocus: resultsOf(10),
      'y-websocket': resultsOf(20),
    })
    const cpu = figures.find((f) => f.name === cpuFigure)
    expect([cpu?.ratio, cpu?.met, cpu?.target]).toEqual([0.7, true, '≤ 0.8× best peer'])
  })

  it('leaves ratios to the best peer unjudged when a peer asked for failed', () => {
    const figures = comparisonFigures(QUICK_PROFILE, {
      gebiedsbord: resultsOf(7),
      'y-websocket': resultsOf(20),
    })
    const cpu = figures.find((f) => f.name === cpuFigure)
    expect(cpu?.met).toBeUndefined()
    expect(cpu?.target).toBe('≤ 0.8× best peer (not judged: hocuspocus failed)')
    // Targets of this server alone are still judged.
    const lost = figures.find((f) => f.name === 'SIGKILL: updates relayed, then lost after restart')
    expect(lost?.met).toBe(true)
  })

  it('judges against the peers asked for when others were left out on purpose (--only)', () => {
    const figures = comparisonFigures(
      QUICK_PROFILE,
      { gebiedsbord: resultsOf(7), 'y-websocket': resultsOf(20) },
      ['gebiedsbord', 'y-websocket'],
    )
    expect(figures.find((f) => f.name === cpuFigure)?.met).toBe(true)
  })
})
