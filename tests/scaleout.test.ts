import { seededRandom } from '@gebiedsbord/model'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '../server/src/sync/protocol.ts'
import { COMPACT_INTERVAL_MS } from '../server/src/sync/rooms.ts'
import type { ChildServer } from '../server/src/testing/childServer.ts'
import { type StockClient, stockClient, synced } from '../server/src/testing/clients.ts'
import { randomEdit } from '../server/src/testing/edits.ts'
import {
  Cluster,
  docContent,
  missingFrom,
  PrivateRedis,
  RedisProxy,
  recordUpdates,
  scaleoutServices,
  withPostgres,
} from '../server/src/testing/scaleout.ts'
import { testSeed } from '../server/src/testing/seed.ts'
import type { CreatedBoardBody } from '../server/src/testing/testServer.ts'
import { sleep, waitFor } from '../server/src/testing/wait.ts'

/**
 * Scale-out (issue 9): several real server processes on one PostgreSQL schema and one Redis
 * prefix per test, with stock y-websocket clients spread over them. Needs DATABASE_URL_TEST and
 * REDIS_URL_TEST (`.ci/run` sets both); without them the suite says so and is skipped.
 */
const services = scaleoutServices()

/** Generous: three servers, their clients and PostgreSQL share two cores with the other suites. */
const SCALEOUT_TIMEOUT_MS = 180_000
const CONVERGE_MS = 60_000

/** Edits a random client of `clients` every `everyMs` until stopped: clients keep editing while something breaks. */
function keepEditing(
  clients: readonly StockClient[],
  random: () => number,
  everyMs: number,
): { stop(): number } {
  let edits = 0
  const timer = setInterval(() => {
    const client = clients[Math.floor(random() * clients.length)] as StockClient
    randomEdit(client.doc, random)
    edits++
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return edits
    },
  }
}

const converged = (clients: readonly StockClient[]): boolean => {
  const first = docContent((clients[0] as StockClient).doc)
  return clients.every((c) => docContent(c.doc) === first)
}

describe.runIf(services)(
  'scale-out: instances on one PostgreSQL and Redis (DATABASE_URL_TEST, REDIS_URL_TEST)',
  () => {
    const svc = services as NonNullable<typeof services>
    const clusters: Cluster[] = []
    const clients: StockClient[] = []
    const redises: PrivateRedis[] = []
    const proxies: RedisProxy[] = []
    afterEach(async () => {
      for (const c of clients.splice(0)) c.destroy()
      for (const cluster of clusters.splice(0)) await cluster.cleanup()
      for (const r of redises.splice(0)) await r.stop()
      for (const p of proxies.splice(0)) await p.close()
    })

    async function cluster(
      count: number,
      redisUrl?: string,
      env: Record<string, string> = {},
    ): Promise<{ cluster: Cluster; instances: ChildServer[] }> {
      const made = new Cluster(svc, redisUrl, env)
      clusters.push(made)
      return { cluster: made, instances: await made.start(count) }
    }

    /** `perInstance` stock clients on each instance, synced. */
    async function spread(instances: readonly ChildServer[], board: CreatedBoardBody, perInstance: number) {
      const made = instances.flatMap((i) =>
        Array.from({ length: perInstance }, () => stockClient(i.syncUrl, board.id, board.editToken)),
      )
      clients.push(...made)
      await Promise.all(made.map((c) => synced(c)))
      return made
    }

    /** All clients equal, and so is what every live instance serves and what storage holds. */
    async function expectOneBoard(
      c: Cluster,
      live: readonly ChildServer[],
      board: CreatedBoardBody,
      all: StockClient[],
      withinMs = CONVERGE_MS,
    ) {
      await waitFor(() => converged(all), 'every client to converge', withinMs)
      const content = docContent((all[0] as StockClient).doc)
      for (const instance of live) expect(docContent(await c.served(instance, board))).toBe(content)
      expect(docContent(await c.stored(board.id))).toBe(content)
    }

    it(
      'clients spread over 3 instances converge under seeded random edits and compactions; every instance serves and stores that board',
      async () => {
        const random = seededRandom(testSeed(9_301))
        // Frequent compactions, so that instances compact a log the others keep appending to.
        const { cluster: c, instances } = await cluster(3, undefined, { COMPACT_AFTER_UPDATES: '25' })
        const board = await c.createBoard(instances[0] as ChildServer)
        const all = await spread(instances, board, 2)
        const seen = all.map((client) => recordUpdates(client.doc))
        for (let i = 0; i < 300; i++) {
          randomEdit((all[Math.floor(random() * all.length)] as StockClient).doc, random)
          // Let messages interleave with edits, as people's do.
          if (i % 10 === 0) await sleep(5)
        }
        await expectOneBoard(c, instances, board, all)
        for (const [k, client] of all.entries()) expect(missingFrom(client.doc, seen[k] ?? [])).toBe(0)
        // The updates crossed instances over Redis: each instance received and published some.
        for (const instance of instances) {
          expect(await c.metric(instance, 'gebiedsbord_fanout_received_total')).toBeGreaterThan(0)
          expect(await c.metric(instance, 'gebiedsbord_fanout_published_total')).toBeGreaterThan(0)
          expect(await c.metric(instance, 'gebiedsbord_redis_connected')).toBe(1)
          // Each compaction first took in what the others had stored.
          expect(await c.metric(instance, 'gebiedsbord_compactions_total')).toBeGreaterThan(0)
          expect(
            await c.metric(instance, 'gebiedsbord_fanout_catchups_total', 'reason="compaction"'),
          ).toBeGreaterThan(0)
        }
        // Pub/sub keeps nothing in Redis, and shut-down instances leave no subscription behind.
        clusters.splice(clusters.indexOf(c), 1)
        for (const client of clients.splice(0)) client.destroy()
        expect(await c.cleanup()).toEqual({ channels: [], keys: [] })
      },
      SCALEOUT_TIMEOUT_MS,
    )

    it(
      'presence set on one instance reaches clients of the others, and so does its removal',
      async () => {
        const { cluster: c, instances } = await cluster(3)
        const board = await c.createBoard(instances[0] as ChildServer)
        const [anna, , , , other] = await spread(instances, board, 2)
        const a = anna as StockClient
        const o = other as StockClient
        a.provider.awareness.setLocalStateField('user', { name: 'Anna', colour: '#c00' })
        const annaId = a.doc.clientID
        await waitFor(
          () =>
            (o.provider.awareness.getStates().get(annaId) as { user?: { name?: string } } | undefined)?.user
              ?.name === 'Anna',
          'a client of instance 3 to see the presence of a client of instance 1',
        )
        a.destroy()
        await waitFor(
          () => !o.provider.awareness.getStates().has(annaId),
          'the presence to go when its client left',
        )
      },
      SCALEOUT_TIMEOUT_MS,
    )

    it(
      'a token rotated through one instance closes the connections that used it on the others',
      async () => {
        const { cluster: c, instances } = await cluster(2)
        const board = await c.createBoard(instances[0] as ChildServer)
        const viewer = stockClient((instances[1] as ChildServer).syncUrl, board.id, board.viewToken)
        const editor = stockClient((instances[1] as ChildServer).syncUrl, board.id, board.editToken)
        clients.push(viewer, editor)
        await Promise.all([synced(viewer), synced(editor)])
        const res = await fetch(`${(instances[0] as ChildServer).url}/api/boards/${board.id}/tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${board.editToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ which: 'view' }),
        })
        expect(res.status).toBe(200)
        await waitFor(
          () => viewer.closes.some((e) => e.code === CloseCode.Unauthorized),
          'the viewer on the other instance to be closed with 4401',
        )
        // The edit token was not rotated: its connection stays.
        expect(editor.closes).toEqual([])
        expect(editor.provider.wsconnected).toBe(true)
      },
      SCALEOUT_TIMEOUT_MS,
    )

    it(
      'kill -9 of an instance mid-stream loses nothing any client received; its clients resync on the others',
      async () => {
        const random = seededRandom(testSeed(9_302))
        const { cluster: c, instances } = await cluster(3)
        const [first, victim, third] = instances as [ChildServer, ChildServer, ChildServer]
        const board = await c.createBoard(first)
        const all = await spread(instances, board, 2)
        const seen = all.map((client) => recordUpdates(client.doc))
        const editing = keepEditing(all, random, 10)
        await waitFor(() => seen.every((s) => s.length >= 5), 'every client to have taken in some updates')
        await c.kill(victim)
        // Its clients reconnect to the other instances, as a load balancer would send them.
        const orphans = all.slice(2, 4)
        orphans.forEach((client, k) => {
          client.provider.serverUrl = (k === 0 ? first : third).syncUrl
        })
        await waitFor(
          () =>
            orphans.every(
              (o) =>
                o.closes.length > 0 &&
                o.provider.wsconnected &&
                o.provider.synced &&
                !o.provider.url.startsWith(victim.syncUrl),
            ),
          'the orphans to lose their instance and resync with another',
        )
        await sleep(500)
        const edits = editing.stop()
        expect(edits).toBeGreaterThan(20)
        await expectOneBoard(c, [first, third], board, all)
        const stored = await c.stored(board.id)
        for (const [k, client] of all.entries()) {
          expect(missingFrom(client.doc, seen[k] ?? [])).toBe(0)
          expect(missingFrom(stored, seen[k] ?? [])).toBe(0)
        }
        // An instance started in its place serves the same board from storage.
        const restarted = (await c.start(1))[0] as ChildServer
        const late = stockClient(restarted.syncUrl, board.id, board.viewToken)
        clients.push(late)
        await synced(late)
        expect(docContent(late.doc)).toBe(docContent((all[0] as StockClient).doc))
      },
      SCALEOUT_TIMEOUT_MS,
    )

    it(
      'while Redis is down each instance serves its own clients; when it is back they catch up and converge',
      async () => {
        const random = seededRandom(testSeed(9_303))
        const redis = await PrivateRedis.start()
        redises.push(redis)
        const { cluster: c, instances } = await cluster(3, redis.url)
        const board = await c.createBoard(instances[0] as ChildServer)
        const all = await spread(instances, board, 2)
        const [a0, b0, a1, b1] = all as [StockClient, StockClient, StockClient, StockClient]
        for (let i = 0; i < 20; i++) randomEdit(a0.doc, random)
        await waitFor(() => converged(all), 'every client to converge before the outage')

        await redis.stop()
        const health = async (i: ChildServer) =>
          (await (await fetch(`${i.url}/healthz`)).json()) as { status: string; redis?: string }
        for (const i of instances)
          await waitFor(
            async () => (await health(i)).redis === 'disconnected',
            'every instance to notice Redis is gone',
          )
        expect(await health(instances[0] as ChildServer)).toMatchObject({
          status: 'degraded',
          redis: 'disconnected',
        })
        for (let i = 0; i < 30; i++) {
          randomEdit(a0.doc, random)
          randomEdit(a1.doc, random)
        }
        // Each instance still relays between its own clients…
        await waitFor(() => docContent(b0.doc) === docContent(a0.doc), 'instance 1 to serve its own clients')
        await waitFor(() => docContent(b1.doc) === docContent(a1.doc), 'instance 2 to serve its own clients')
        // …but nothing crosses instances without Redis.
        expect(docContent(a0.doc)).not.toBe(docContent(a1.doc))

        await redis.resume()
        // Within less than the periodic compaction's interval (which also catches up): the
        // convergence is the recovery's.
        await expectOneBoard(c, instances, board, all, COMPACT_INTERVAL_MS / 2)
        for (const i of instances) {
          await waitFor(
            async () => (await health(i)).status === 'ok',
            'every instance to report Redis connected',
          )
          expect(
            await c.metric(i, 'gebiedsbord_fanout_catchups_total', 'reason="recovered"'),
          ).toBeGreaterThan(0)
          expect(await c.metric(i, 'gebiedsbord_fanout_catchups_total', 'reason="compaction"')).toBe(0)
        }
      },
      SCALEOUT_TIMEOUT_MS,
    )

    it(
      'an instance cut off from Redis alone catches up when it is back, and the others take in what it stored meanwhile',
      async () => {
        const random = seededRandom(testSeed(9_305))
        const proxy = await RedisProxy.start(svc.redisUrl)
        proxies.push(proxy)
        const made = new Cluster(svc)
        clusters.push(made)
        const near = (await made.start(1))[0] as ChildServer
        const far = (await made.start(1, { REDIS_URL: proxy.url }))[0] as ChildServer
        const instances = [near, far]
        const board = await made.createBoard(near)
        const all = await spread(instances, board, 1)
        const [a, b] = all as [StockClient, StockClient]
        randomEdit(a.doc, random)
        await waitFor(() => converged(all), 'both clients to converge first')

        proxy.cut()
        await waitFor(
          async () => (await made.metric(far, 'gebiedsbord_redis_connected')) === 0,
          'the far instance to lose Redis',
        )
        for (let i = 0; i < 20; i++) {
          randomEdit(a.doc, random)
          randomEdit(b.doc, random)
        }
        await sleep(200)
        expect(docContent(a.doc)).not.toBe(docContent(b.doc))
        proxy.restore()
        // The near instance never lost Redis: only the far one's resync message makes it read back
        // what the far one stored meanwhile (within less than the periodic compaction's interval).
        await expectOneBoard(made, instances, board, all, COMPACT_INTERVAL_MS / 2)
        expect(
          await made.metric(far, 'gebiedsbord_fanout_catchups_total', 'reason="recovered"'),
        ).toBeGreaterThan(0)
        expect(
          await made.metric(near, 'gebiedsbord_fanout_catchups_total', 'reason="resync"'),
        ).toBeGreaterThan(0)
      },
      SCALEOUT_TIMEOUT_MS,
    )

    it(
      'PostgreSQL connections dropped mid-append: the senders are closed and resync, nothing acknowledged is lost, the instances go on',
      async () => {
        const random = seededRandom(testSeed(9_304))
        const { cluster: c, instances } = await cluster(2)
        const board = await c.createBoard(instances[0] as ChildServer)
        const all = await spread(instances, board, 2)
        const [a0, , a1] = all as [StockClient, StockClient, StockClient, StockClient]
        const seen = all.map((client) => recordUpdates(client.doc))
        for (let i = 0; i < 10; i++) randomEdit(a0.doc, random)
        await waitFor(() => converged(all), 'every client to converge first')

        // Hold the log table so that the next appends are in flight when their connections die.
        await withPostgres(svc.databaseUrl, async (admin) => {
          await admin.query('BEGIN')
          await admin.query(`LOCK TABLE "${c.schema}".updates IN ACCESS EXCLUSIVE MODE`)
          randomEdit(a0.doc, random)
          randomEdit(a1.doc, random)
          await waitFor(
            async () =>
              (
                await admin.query(
                  `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
                  [c.applicationName],
                )
              ).rows[0].n >= 2,
            'an append of each instance to wait for the table',
          )
          expect(await c.terminateBackends()).toBeGreaterThanOrEqual(2)
          await admin.query('ROLLBACK')
        })
        await waitFor(
          () => [a0, a1].every((s) => s.closes.some((e) => e.code === CloseCode.InternalError)),
          'both senders to be closed with 1011 (their update could not be stored)',
        )
        await expectOneBoard(c, instances, board, all)
        for (const [k, client] of all.entries()) expect(missingFrom(client.doc, seen[k] ?? [])).toBe(0)
        for (const i of instances)
          expect(await c.metric(i, 'gebiedsbord_updates_rejected_total')).toBeGreaterThanOrEqual(1)

        // The instances go on with new connections.
        for (let i = 0; i < 20; i++) randomEdit((all[i % all.length] as StockClient).doc, random)
        await expectOneBoard(c, instances, board, all)
        for (const i of instances) expect((await fetch(`${i.url}/healthz`)).status).toBe(200)
      },
      SCALEOUT_TIMEOUT_MS,
    )
  },
)
