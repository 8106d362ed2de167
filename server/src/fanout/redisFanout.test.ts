import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { memoryLogger } from '../logger.ts'
import { Metrics } from '../metrics.ts'
import { SqliteStorage } from '../storage/sqlite.ts'
import type { FanoutMessage } from '../sync/fanout.ts'
import { metricValue } from '../testing/memory.ts'
import { PrivateRedis } from '../testing/scaleout.ts'
import { tempDir } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { RedisFanout } from './redisFanout.ts'

/** The machine's Redis for these tests; `.ci/run` sets it. */
const redisUrl = process.env.REDIS_URL_TEST
if (!redisUrl) process.stderr.write('redis fan-out: SKIPPED — REDIS_URL_TEST not set\n')

describe.runIf(redisUrl)('RedisFanout (against REDIS_URL_TEST)', () => {
  const fanouts: RedisFanout[] = []
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const f of fanouts.splice(0)) await f.close()
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  /** One instance's fan-out (with metrics of its own) on `url` under `prefix`. */
  async function instance(
    prefix: string,
    url = redisUrl as string,
  ): Promise<{ fanout: RedisFanout; metrics: Metrics }> {
    const dir = tempDir()
    const storage = new SqliteStorage(join(dir, 'metrics.sqlite'), 'NORMAL')
    cleanups.push(async () => {
      await storage.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const metrics = new Metrics(storage)
    const fanout = new RedisFanout({ url, prefix, logger: memoryLogger(), metrics })
    fanouts.push(fanout)
    return { fanout, metrics }
  }

  const prefix = () => `gbtest:${randomBytes(5).toString('hex')}:`

  /** Collects what a fan-out delivers for a key. */
  async function listen(fanout: RedisFanout, key: string): Promise<FanoutMessage[]> {
    const got: FanoutMessage[] = []
    expect(await fanout.subscribe(key, (m) => got.push(m))).toBe(true)
    return got
  }

  it('delivers a message to the other instances on the same key, never back to its sender', async () => {
    const p = prefix()
    const a = await instance(p)
    const b = await instance(p)
    await Promise.all([a.fanout.waitUntilConnected(), b.fanout.waitUntilConnected()])
    const atA = await listen(a.fanout, 'board1')
    const atB = await listen(b.fanout, 'board1')
    a.fanout.publish('board1', 'update', Uint8Array.of(1, 2, 3))
    b.fanout.publish('board1', 'awareness', Uint8Array.of(9))
    await waitFor(() => atB.length === 1 && atA.length === 1, 'each to hear the other')
    expect(atB).toEqual([expect.objectContaining({ kind: 'update', payload: Uint8Array.of(1, 2, 3) })])
    expect(atA).toEqual([expect.objectContaining({ kind: 'awareness', payload: Uint8Array.of(9) })])
    expect(await metricValue(a.metrics, 'gebiedsbord_fanout_published_total', { kind: 'update' })).toBe(1)
    expect(await metricValue(b.metrics, 'gebiedsbord_fanout_received_total', { kind: 'update' })).toBe(1)
    expect(await metricValue(a.metrics, 'gebiedsbord_redis_connected')).toBe(1)
  })

  it('keeps keys and prefixes apart, and stops delivering once unsubscribed', async () => {
    const p = prefix()
    const a = await instance(p)
    const b = await instance(p)
    const elsewhere = await instance(prefix())
    await Promise.all([a, b, elsewhere].map((x) => x.fanout.waitUntilConnected()))
    const one = await listen(b.fanout, 'one')
    const two = await listen(b.fanout, 'one/discussion')
    const other = await listen(elsewhere.fanout, 'one')
    a.fanout.publish('one/discussion', 'control', Uint8Array.of(1))
    await waitFor(() => two.length === 1, 'the discussion key to hear its message')
    await b.fanout.unsubscribe('one/discussion')
    a.fanout.publish('one/discussion', 'control', Uint8Array.of(2))
    // A message on a subscribed key after it shows that the earlier one had its chance to arrive.
    a.fanout.publish('one', 'update', Uint8Array.of(3))
    await waitFor(() => one.length === 1, 'the plan key to hear its message')
    expect(two).toHaveLength(1)
    expect(other).toEqual([])
  })

  it('fails publishes while Redis is down, then renews its subscriptions and reports the recovery', async () => {
    const redis = await PrivateRedis.start()
    cleanups.push(() => redis.stop())
    const p = prefix()
    const a = await instance(p, redis.url)
    const b = await instance(p, redis.url)
    let recovered = 0
    b.fanout.onRecovered(() => recovered++)
    await Promise.all([a.fanout.waitUntilConnected(), b.fanout.waitUntilConnected()])
    const before = await listen(b.fanout, 'kept')

    await redis.stop()
    await waitFor(() => !a.fanout.connected && !b.fanout.connected, 'both to notice')
    expect(await metricValue(b.metrics, 'gebiedsbord_redis_connected')).toBe(0)
    a.fanout.publish('kept', 'update', Uint8Array.of(1))
    // At once when the publisher already knows Redis is gone; when only the subscriber noticed so
    // far (`connected` is false then too), once the publish is rejected or times out.
    await waitFor(
      async () => (await metricValue(a.metrics, 'gebiedsbord_fanout_publish_failures_total')) === 1,
      'the publish to be counted as failed',
    )
    // Subscribed during the outage: made on recovery.
    const during: FanoutMessage[] = []
    expect(await b.fanout.subscribe('new', (m) => during.push(m))).toBe(false)

    const seen = recovered
    await redis.resume()
    await waitFor(
      () => a.fanout.connected && b.fanout.connected && recovered > seen,
      'the recovery to be reported',
    )
    a.fanout.publish('kept', 'update', Uint8Array.of(2))
    a.fanout.publish('new', 'update', Uint8Array.of(3))
    await waitFor(() => before.length === 1 && during.length === 1, 'both subscriptions to deliver again')
    expect(before[0]?.payload).toEqual(Uint8Array.of(2))
  })

  it('leaves nothing in Redis: no keys, and no channels once closed', async () => {
    const p = prefix()
    const a = await instance(p)
    await a.fanout.waitUntilConnected()
    await listen(a.fanout, 'x')
    a.fanout.publish('x', 'update', Uint8Array.of(1))
    const probe = new Redis(redisUrl as string)
    try {
      await waitFor(
        async () => ((await probe.pubsub('CHANNELS', `${p}*`)) as string[]).length === 1,
        'the channel to be subscribed',
      )
      await a.fanout.close()
      fanouts.splice(fanouts.indexOf(a.fanout), 1)
      await waitFor(
        async () => ((await probe.pubsub('CHANNELS', `${p}*`)) as string[]).length === 0,
        'the channel to be gone',
      )
      expect(await probe.keys(`${p}*`)).toEqual([])
    } finally {
      probe.disconnect()
    }
  })
})
