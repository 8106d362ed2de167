import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { blocksMap, seededRandom } from '@gebiedsbord/model'
import type { Client } from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { configFromEnv } from '../config.ts'
import { memoryLogger } from '../logger.ts'
import { CloseCode } from '../sync/protocol.ts'
import {
  type ChildServer,
  createBoardOn,
  endChildServers,
  killMidStream,
  startChildServer,
} from '../testing/childServer.ts'
import { type StockClient, stockClient, synced } from '../testing/clients.ts'
import { addNumberedBlock } from '../testing/edits.ts'
import { withPostgres } from '../testing/scaleout.ts'
import { testSeed } from '../testing/seed.ts'
import { tempDir } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { storageContract, testBoard } from './contract.ts'
import { openStorage } from './open.ts'
import { type PostgresOptions, PostgresStorage } from './postgres.ts'
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from './postgresSchema.ts'
import { SQLITE_FILE_NAME } from './sqlite.ts'

/** The database these tests may create and drop schemas in; `.ci/run` sets it. */
const url = process.env.DATABASE_URL_TEST
if (!url) process.stderr.write('postgres storage: SKIPPED — DATABASE_URL_TEST is not set\n')

const bytes = (...b: number[]) => new Uint8Array(b)
const plain = (u: Uint8Array | undefined) => (u ? [...u] : undefined)

/** Runs `work` on a connection of its own, outside any storage under test. */
const admin = <T>(work: (c: Client) => Promise<T>): Promise<T> => withPostgres(url as string, work)

/** A fresh schema (and connection name) per test, so that tests never see each other's boards. */
function isolated(): { schema: string; options: PostgresOptions } {
  const schema = `gbtest_${randomBytes(6).toString('hex')}`
  return {
    schema,
    options: { connectionString: url as string, schema, applicationName: `gebiedsbord-test-${schema}` },
  }
}

const dropSchema = (schema: string) => admin((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))

/** Kills every connection of one storage, as a PostgreSQL restart or an administrator would. */
const terminate = (applicationName: string) =>
  admin(async (c) => {
    const { rowCount } = await c.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1`,
      [applicationName],
    )
    return rowCount ?? 0
  })

describe.runIf(url)('PostgresStorage (against DATABASE_URL_TEST)', () => {
  storageContract('PostgresStorage', async () => {
    const { schema, options } = isolated()
    return {
      storage: await PostgresStorage.open(options),
      reopen: () => PostgresStorage.open(options),
      cleanup: () => dropSchema(schema).then(() => {}),
    }
  })

  const storages: PostgresStorage[] = []
  const schemas: string[] = []
  afterEach(async () => {
    for (const s of storages.splice(0)) await s.close()
    for (const s of schemas.splice(0)) await dropSchema(s)
  })

  async function open(extra: Partial<PostgresOptions> = {}, base = isolated()) {
    if (!schemas.includes(base.schema)) schemas.push(base.schema)
    const storage = await PostgresStorage.open({ ...base.options, ...extra })
    storages.push(storage)
    return { storage, ...base }
  }

  describe('migrations', () => {
    it('migrates a new schema once when several servers start on it together', async () => {
      const base = isolated()
      await Promise.all([1, 2, 3, 4].map(() => open({}, base)))
      const { rows } = await admin((c) =>
        c.query<{ version: number }>(
          `SELECT version FROM "${base.schema}".schema_migrations ORDER BY version`,
        ),
      )
      expect(rows.map((r) => r.version)).toEqual(
        Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1),
      )
      const health = await admin((c) => c.query(`SELECT count(*)::integer AS n FROM "${base.schema}".health`))
      expect(health.rows[0]).toEqual({ n: 1 })
    })

    it('migrates a version 1 schema: snapshots kept without a state vector, compaction then stores one', async () => {
      const base = isolated()
      schemas.push(base.schema)
      const b = testBoard('a')
      const doc = new Y.Doc()
      doc.getArray<number>('n').push([1])
      const first = Y.encodeStateAsUpdate(doc)
      await admin(async (c) => {
        await c.query(`CREATE SCHEMA "${base.schema}"`)
        await c.query(`SET search_path TO "${base.schema}"`)
        await c.query(POSTGRES_MIGRATIONS[0] as string)
        await c.query(
          'CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
        )
        await c.query('INSERT INTO schema_migrations (version) VALUES (1)')
        await c.query(
          'INSERT INTO boards (id, name, created_at, edit_token_hash, view_token_hash) VALUES ($1, $2, $3, $4, $5)',
          [b.id, b.name, b.createdAt, b.editTokenHash, b.viewTokenHash],
        )
        await c.query(
          "INSERT INTO snapshots (board_id, doc, data, through_seq) VALUES ('a', 'plan', $1, 0)",
          [first],
        )
      })
      const { storage } = await open({}, base)
      const state = await storage.loadState('a')
      expect(plain(state?.snapshot)).toEqual(plain(first))
      expect(state?.stateVector).toBeUndefined()
      // A snapshot no process of this run wrote: the compaction checks that the new one holds it.
      const before = Y.encodeStateVector(doc)
      doc.getArray<number>('n').push([2])
      const seq = await storage.appendUpdate('a', Y.encodeStateAsUpdate(doc, before))
      await storage.compact('a', Y.encodeStateAsUpdate(doc), seq, Y.encodeStateVector(doc))
      expect(plain((await storage.loadState('a'))?.stateVector)).toEqual(plain(Y.encodeStateVector(doc)))
      const { rows } = await admin((c) =>
        c.query<{ version: number }>(
          `SELECT max(version) AS version FROM "${base.schema}".schema_migrations`,
        ),
      )
      expect(rows[0]?.version).toBe(POSTGRES_SCHEMA_VERSION)
    })

    it('refuses a schema a newer server migrated, and leaves it as it is', async () => {
      const { schema, options } = await open()
      await admin((c) => c.query(`INSERT INTO "${schema}".schema_migrations (version) VALUES (99)`))
      await expect(PostgresStorage.open(options)).rejects.toThrow(
        new RegExp(`schema ${schema} has version 99; this server reads up to ${POSTGRES_SCHEMA_VERSION}`),
      )
    })

    it('refuses a schema name it would have to quote, before connecting', async () => {
      await expect(
        PostgresStorage.open({ connectionString: 'postgres://nowhere.invalid/x', schema: 'Bord"; DROP' }),
      ).rejects.toThrow(/invalid PostgreSQL schema name "Bord\\"; DROP"/)
    })
  })

  it('loses nothing when compaction fails halfway: snapshot and log change together or not at all', async () => {
    const { storage, schema } = await open()
    await storage.createBoard(testBoard('a'), bytes(0))
    const seq = await storage.appendUpdate('a', bytes(1))
    // The log deletion, the last statement of compaction, fails.
    await admin(async (c) => {
      await c.query(`CREATE FUNCTION "${schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'disk gone'; END $$`)
      await c.query(`CREATE TRIGGER no_delete BEFORE DELETE ON "${schema}".updates
        FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse()`)
    })
    await expect(storage.compact('a', bytes(5), seq)).rejects.toThrow('disk gone')
    const state = await storage.loadState('a')
    expect([[...(state?.snapshot ?? [])], state?.updates.map((u) => [...u.data])]).toEqual([[0], [[1]]])
    await admin((c) => c.query(`DROP TRIGGER no_delete ON "${schema}".updates`))
    await storage.compact('a', bytes(5), seq)
    expect((await storage.loadState('a'))?.updates).toEqual([])
  })

  describe('two servers on one board', () => {
    it.each([1, 2, 3])(
      'lose no stored update while both append and compact at once (seed %i)',
      async (fallback) => {
        const random = seededRandom(testSeed(fallback))
        const base = isolated()
        const servers = [await open({}, base), await open({}, base)].map(({ storage }) => ({
          storage,
          /** The server's doc, as its room holds it. */
          doc: new Y.Doc(),
          /** Updates the other server stored and relayed that have not arrived here yet (fan-out lag). */
          inbox: [] as { seq: number; update: Uint8Array }[],
          /** The room's `lastSeq`: its own newest append. */
          lastSeq: 0,
        }))
        type Server = (typeof servers)[number]
        const [a, b] = servers as [Server, Server]
        await a.storage.createBoard(testBoard('x'), Y.encodeStateAsUpdate(a.doc))
        /** Every update whose append has resolved: storage must hold each from then on. */
        const stored: Uint8Array[] = []
        let made = 0
        /** Compactions by a server that lacked an update with a lower number than its own newest. */
        let behind = 0

        /** The board as a server loading it now would build it, and with `more` applied after. */
        async function loaded(more: readonly Uint8Array[] = []): Promise<{ doc: Y.Doc; withMore: Y.Doc }> {
          const state = await a.storage.loadState('x')
          const build = (extra: readonly Uint8Array[]) => {
            const doc = new Y.Doc()
            if (state?.snapshot) Y.applyUpdate(doc, state.snapshot)
            for (const u of state?.updates ?? []) Y.applyUpdate(doc, u.data)
            for (const u of extra) Y.applyUpdate(doc, u)
            return doc
          }
          return { doc: build([]), withMore: build(more) }
        }
        const content = (doc: Y.Doc) => [doc.getText('t').toString(), doc.getMap('m').toJSON()]

        async function step(self: Server, other: Server): Promise<void> {
          const r = random()
          if (r < 0.6) {
            // A client of this server edits: the update is stored, then applied, then relayed.
            const client = new Y.Doc()
            Y.applyUpdate(client, Y.encodeStateAsUpdate(self.doc))
            const before = Y.encodeStateVector(client)
            const text = client.getText('t')
            if (text.length > 3 && random() < 0.3) text.delete(Math.floor(random() * (text.length - 1)), 1)
            else
              text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + (made++ % 26)))
            client.getMap('m').set(`k${Math.floor(random() * 20)}`, made)
            const update = Y.encodeStateAsUpdate(client, before)
            client.destroy()
            const seq = await self.storage.appendUpdate('x', update)
            self.lastSeq = seq
            stored.push(update)
            Y.applyUpdate(self.doc, update)
            other.inbox.push({ seq, update })
          } else if (r < 0.75) {
            // Fan-out delivers the oldest waiting updates, in order.
            for (const { update } of self.inbox.splice(0, Math.ceil(random() * 3)))
              Y.applyUpdate(self.doc, update)
          } else {
            if (self.inbox.some((m) => m.seq < self.lastSeq)) behind++
            const mustHold = stored.slice()
            await self.storage.compact('x', Y.encodeStateAsUpdate(self.doc), self.lastSeq)
            // Every update stored before the compaction is still in storage after it.
            const { doc, withMore } = await loaded(mustHold)
            expect(content(doc)).toEqual(content(withMore))
          }
        }
        const run = async (self: Server, other: Server) => {
          for (let i = 0; i < 120; i++) await step(self, other)
        }
        await Promise.all([run(a, b), run(b, a)])

        // The case this test is about did occur, and compaction did shorten the log.
        expect(behind).toBeGreaterThan(0)
        expect((await a.storage.loadState('x'))?.updates.length).toBeLessThan(made / 2)
        const all = new Y.Doc()
        for (const u of stored) Y.applyUpdate(all, u)
        expect(content((await loaded()).doc)).toEqual(content(all))
      },
    )

    it('keeps a newer snapshot when a server with an older view compacts after it', async () => {
      const base = isolated()
      const { storage: first } = await open({}, base)
      const { storage: second } = await open({}, base)
      const doc = new Y.Doc()
      await first.createBoard(testBoard('x'), Y.encodeStateAsUpdate(doc))
      const stale = Y.encodeStateAsUpdate(doc)
      const before = Y.encodeStateVector(doc)
      doc.getText('t').insert(0, 'bewaard')
      const seq = await first.appendUpdate('x', Y.encodeStateAsUpdate(doc, before))
      await first.compact('x', Y.encodeStateAsUpdate(doc), seq, Y.encodeStateVector(doc))
      // The second server had not received the edit when it compacted its (empty) view.
      await second.compact('x', stale, seq, before)
      const state = await second.loadState('x')
      const rebuilt = new Y.Doc()
      Y.applyUpdate(rebuilt, state?.snapshot as Uint8Array)
      expect([rebuilt.getText('t').toString(), state?.updates]).toEqual(['bewaard', []])
      // The stored snapshot is a merge: neither server's state vector is its, so none is kept
      // (a stale one would tell clients the board lacks what it has, or has what it lacks).
      expect(state?.stateVector).toBeUndefined()
    })
  })

  describe('connection drops', () => {
    it('fails the call a killed connection was running, then works again', async () => {
      const { storage, schema, options } = await open()
      await storage.createBoard(testBoard('a'), bytes(0))
      const name = options.applicationName as string
      await admin(async (c) => {
        // Holds the append inside PostgreSQL until its connection is killed.
        await c.query('BEGIN')
        await c.query(`LOCK TABLE "${schema}".updates IN ACCESS EXCLUSIVE MODE`)
        // The expectation holds the rejection from the start, so that it is never unhandled.
        const failed = expect(storage.appendUpdate('a', bytes(1))).rejects.toThrow(/terminat/)
        await waitFor(async () => {
          const { rows } = await c.query(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
            [name],
          )
          return rows.length > 0
        }, 'the append to wait for the lock')
        expect(await terminate(name)).toBeGreaterThan(0)
        await failed
        await c.query('ROLLBACK')
      })
      const seq = await storage.appendUpdate('a', bytes(2))
      expect((await storage.loadState('a'))?.updates.map((u) => [u.seq, ...u.data])).toEqual([[seq, 2]])
    })

    it('survives its idle connections being killed (no crash) and opens new ones', async () => {
      const idleErrors: Error[] = []
      const { storage, options } = await open({ onIdleError: (err) => idleErrors.push(err) })
      await storage.createBoard(testBoard('a'), bytes(0))
      // Several connections in the pool, all idle now.
      await Promise.all([1, 2, 3].map((n) => storage.appendUpdate('a', bytes(n))))
      const killed = await terminate(options.applicationName as string)
      expect(killed).toBeGreaterThan(0)
      await waitFor(() => idleErrors.length === killed, 'the pool to report each killed idle connection')
      await storage.check()
      expect((await storage.loadState('a'))?.updates).toHaveLength(3)
    })
  })

  describe('the server with DATABASE_URL', () => {
    const children: ChildServer[] = []
    const dirs: string[] = []
    let clients: StockClient[] = []
    afterEach(() => endChildServers(clients, children, dirs))

    /** A server process on the test's schema, its connections named after it (for `terminate`). */
    async function start(schema: string, dataDir: string): Promise<ChildServer> {
      const connection = new URL(url as string)
      connection.searchParams.set('application_name', `gebiedsbord-server-${schema}`)
      const child = await startChildServer(dataDir, {
        DATABASE_URL: connection.toString(),
        DATABASE_SCHEMA: schema,
        UPDATE_RATE: '100000',
        UPDATE_BURST: '100000',
      })
      children.push(child)
      return child
    }

    it('stores every update it relayed before a kill -9 and serves the board after a restart', async () => {
      const { schema } = isolated()
      schemas.push(schema)
      const dataDir = tempDir()
      dirs.push(dataDir)
      const first = await start(schema, dataDir)
      const board = await createBoardOn(first, 'Gedeeld')
      const writer = stockClient(first.syncUrl, board.id, board.editToken)
      const witness = stockClient(first.syncUrl, board.id, board.viewToken)
      clients = [writer, witness]
      await Promise.all([synced(writer), synced(witness)])
      const { seen } = await killMidStream(first, writer, witness, 200)
      for (const c of clients) c.destroy()
      clients = []

      const second = await start(schema, dataDir)
      const reader = stockClient(second.syncUrl, board.id, board.viewToken)
      clients = [reader]
      await synced(reader)
      expect(seen.filter((id) => !blocksMap(reader.doc).has(id))).toEqual([])
      // PostgreSQL held the board: no SQLite file was made.
      expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(false)
      const health = await fetch(`${second.url}/healthz`)
      expect(health.status).toBe(200)
    })

    it('closes the writer whose update could not be stored; its client reconnects and the update is kept', async () => {
      const { schema } = isolated()
      schemas.push(schema)
      const dataDir = tempDir()
      dirs.push(dataDir)
      const server = await start(schema, dataDir)
      const board = await createBoardOn(server, 'Gedeeld')
      const writer = stockClient(server.syncUrl, board.id, board.editToken)
      clients = [writer]
      await synced(writer)
      const name = `gebiedsbord-server-${schema}`
      await admin(async (c) => {
        await c.query('BEGIN')
        await c.query(`LOCK TABLE "${schema}".updates IN ACCESS EXCLUSIVE MODE`)
        addNumberedBlock(writer.doc, 1)
        await waitFor(async () => {
          const { rows } = await c.query(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
            [name],
          )
          return rows.length > 0
        }, 'the server to wait for the lock while storing the update')
        await terminate(name)
        await c.query('ROLLBACK')
      })
      await waitFor(() => writer.closes.length > 0, 'the server to close the writer')
      expect(writer.closes[0]?.code).toBe(CloseCode.InternalError)
      // y-websocket reconnects and syncs: the update the server could not store arrives again.
      await waitFor(() => writer.provider.wsconnected && writer.provider.synced, 'the writer to reconnect')
      const reader = stockClient(server.syncUrl, board.id, board.viewToken)
      clients.push(reader)
      await waitFor(() => blocksMap(reader.doc).size === 1, 'a new reader to see the block')
      const state = await admin((c) => c.query(`SELECT count(*)::integer AS n FROM "${schema}".updates`))
      expect(state.rows[0]?.n).toBeGreaterThan(0)
    })
  })

  it('is what the server opens when DATABASE_URL is set', async () => {
    const { schema } = isolated()
    schemas.push(schema)
    const dataDir = join(tmpdir(), `gebiedsbord-unused-${schema}`)
    const config = configFromEnv({ DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_DIR: dataDir })
    const storage = await openStorage(config, memoryLogger())
    try {
      expect(storage).toBeInstanceOf(PostgresStorage)
      await storage.check()
      expect(existsSync(dataDir)).toBe(false)
    } finally {
      await storage.close()
    }
  })
})
