import { existsSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { SqliteStorage } from './sqlite.ts'
import { WalFlusher } from './walFlusher.ts'

/** Files this process holds open at `path` (Linux: /proc/self/fd). */
function openFilesAt(path: string): number {
  let n = 0
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) n++
    } catch {
      // The directory's own fd is gone by the time it is read.
    }
  }
  return n
}

const linux = existsSync('/proc/self/fd')

describe('flushing the write-ahead log in the background', () => {
  it('does nothing while there is no log yet', () => {
    const flusher = new WalFlusher(join(tempDir(), 'none.sqlite-wal'))
    flusher.wrote()
    expect(flusher.flushing).toBe(false)
    expect(flusher.flushes).toBe(0)
    flusher.close()
  })

  it('flushes every few commits, one flush at a time, and at once after a large write', async () => {
    const wal = join(tempDir(), 'db.sqlite-wal')
    writeFileSync(wal, Buffer.alloc(64 * 1024, 1))
    const flusher = new WalFlusher(wal, { everyCommits: 3 })
    flusher.wrote()
    flusher.wrote()
    expect(flusher.flushing).toBe(false)
    flusher.wrote()
    expect(flusher.flushing).toBe(true)
    flusher.wrote() // still running: not a second one
    await waitFor(() => !flusher.flushing, 'the first flush')
    expect(flusher.flushes).toBe(1)

    // The commit made during the flush counts towards the next one.
    flusher.wrote()
    expect(flusher.flushing).toBe(false)
    flusher.wrote()
    expect(flusher.flushing).toBe(true)
    await waitFor(() => flusher.flushes === 2, 'the second flush')

    flusher.wrote(true)
    expect(flusher.flushing).toBe(true)
    await waitFor(() => flusher.flushes === 3, 'the flush after a snapshot')
    flusher.close()
    flusher.wrote(true)
    expect(flusher.flushing).toBe(false)
  })

  it.runIf(linux)('closes the log once a flush that was running when it closed has finished', async () => {
    const wal = join(tempDir(), 'db.sqlite-wal')
    writeFileSync(wal, Buffer.alloc(64 * 1024, 1))
    const flusher = new WalFlusher(wal)
    flusher.wrote(true)
    expect(openFilesAt(wal)).toBe(1)
    flusher.close()
    await waitFor(() => !flusher.flushing, 'the flush')
    expect(openFilesAt(wal)).toBe(0)
  })

  it.runIf(linux)(
    'runs under SQLite storage: appends are stored and closing lets go of the log',
    async () => {
      const path = join(tempDir(), 'gebiedsbord.sqlite')
      const storage = new SqliteStorage(path, 'NORMAL', { everyCommits: 2 })
      await storage.createBoard(
        {
          id: 'b1',
          name: 'Merwede',
          createdAt: 0,
          editTokenHash: new Uint8Array(32),
          viewTokenHash: new Uint8Array(32),
        },
        new Uint8Array([0, 0]),
      )
      const seqs = []
      for (let i = 0; i < 20; i++) seqs.push(await storage.appendUpdate('b1', new Uint8Array([i])))
      expect(openFilesAt(`${path}-wal`)).toBeGreaterThan(0)
      await storage.close()
      await waitFor(() => openFilesAt(`${path}-wal`) === 0, 'every file of the log to be closed')

      const reopened = new SqliteStorage(path)
      const state = await reopened.loadState('b1')
      expect(state?.updates.map((u) => u.seq)).toEqual(seqs)
      await reopened.close()
    },
  )
})
