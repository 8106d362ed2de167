import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { memoryLogger } from '../logger.ts'
import { SqliteStorage } from '../storage/sqlite.ts'
import { tempDir } from '../testing/testServer.ts'
import { CHECKPOINT_INTERVAL_MS, MAX_SESSION_NAME, SessionLog } from './sessionLog.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function setUp() {
  const dir = tempDir()
  dirs.push(dir)
  const storage = new SqliteStorage(join(dir, 'db.sqlite'))
  await storage.createBoard(
    {
      id: 'b',
      name: 'b',
      createdAt: 0,
      editTokenHash: new Uint8Array(32),
      viewTokenHash: new Uint8Array(32),
    },
    new Uint8Array([0, 0]),
  )
  let now = 1_000_000
  const log = new SessionLog('b', storage, memoryLogger(), () => now)
  return { storage, log, tick: (ms: number) => (now += ms) }
}

const state = (n: number) => () => new Uint8Array([n])

describe('SessionLog', () => {
  it('checkpoints before the first change, then at most once per interval, and at unload after a change', async () => {
    const { storage, log, tick } = await setUp()
    await log.beforeChange(state(0))
    await log.afterChange(state(1))
    tick(1_000)
    await log.beforeChange(state(1))
    await log.afterChange(state(2))
    tick(CHECKPOINT_INTERVAL_MS)
    await log.afterChange(state(3))
    tick(1_000)
    await log.afterChange(state(4))
    await log.unloading(state(4))
    const at = await storage.listCheckpoints('b', 0, Number.MAX_SAFE_INTEGER)
    const data = await Promise.all(
      at.map(async (t) => [...((await storage.checkpointAtOrBefore('b', t))?.data ?? [])]),
    )
    expect(data).toEqual([[0], [3], [4]])
    // Unloading without a change since the last checkpoint stores nothing more.
    await log.unloading(state(4))
    expect(await storage.listCheckpoints('b', 0, Number.MAX_SAFE_INTEGER)).toHaveLength(3)
    await storage.close()
  })

  it('records a participant once, by a trimmed and clipped name, and only with a known access', async () => {
    const { storage, log, tick } = await setUp()
    const anna = { access: 'edit' as const, sessionName: undefined as string | undefined }
    log.joined(anna, '  Anna  ')
    log.joined(anna, 'Anna again')
    tick(10)
    log.left(anna)
    log.joined({ access: undefined, sessionName: undefined }, 'Nobody')
    log.joined({ access: 'view', sessionName: undefined }, '   ')
    const long = { access: 'view' as const, sessionName: undefined as string | undefined }
    log.joined(long, 'x'.repeat(500))
    await new Promise((r) => setImmediate(r))
    const events = await storage.listEvents('b', 0, Number.MAX_SAFE_INTEGER, 100)
    expect(events.map((e) => [e.kind, e.name.length > 20 ? e.name.length : e.name, e.access])).toEqual([
      ['joined', 'Anna', 'edit'],
      ['left', 'Anna', 'edit'],
      ['joined', MAX_SESSION_NAME, 'view'],
    ])
    await storage.close()
  })

  it("records norm-set changes under the sender's name; a server-side change has none", async () => {
    const { storage, log, tick } = await setUp()
    const anna = { access: 'edit' as const, sessionName: undefined as string | undefined }
    log.joined(anna, 'Anna')
    log.normSetsChanged(anna, [{ to: 'amsterdam-40-40-20' }, { from: 'x', area: 'noord', areaName: 'Noord' }])
    tick(10)
    log.normSetsChanged(undefined, [{ from: 'amsterdam-40-40-20', to: 'nl-reference' }])
    await new Promise((r) => setImmediate(r))
    const events = await storage.listEvents('b', 0, Number.MAX_SAFE_INTEGER, 100)
    expect(events.map(({ at: _, ...e }) => e)).toEqual([
      { kind: 'joined', name: 'Anna', access: 'edit' },
      { kind: 'norm-set', name: 'Anna', access: 'edit', to: 'amsterdam-40-40-20' },
      { kind: 'norm-set', name: 'Anna', access: 'edit', from: 'x', area: 'noord', areaName: 'Noord' },
      { kind: 'norm-set', name: '', access: 'edit', from: 'amsterdam-40-40-20', to: 'nl-reference' },
    ])
    await storage.close()
  })
})
