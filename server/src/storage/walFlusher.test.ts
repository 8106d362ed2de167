import { existsSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testServer.ts'
import { waitFor } from '../testing/wait.ts'
import { testBoard } from './contract.ts'
import { SqliteStorage } from './sqlite.ts'
import { WalFlusher } from './walFlusher.ts'

/**
 * Files this process holds open at `path` (Linux: /proc/self/fd), also once the file is deleted
 * (SQLite deletes its log when the last connection closes).
 */
function openFilesAt(path: string): number {
  let n = 0
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`)
      if (target === path || target === `${path} (deleted)`) n++
    } catch {
      // The directory's own fd is gone by the time it is read.
    }
  }
  return n
}

const linux = existsSync('/proc/self/fd')
/** An empty Y.Doc's update: a new board's first snapshot. */
const EMPTY_DOC = new Uint8Array([0, 0])

describe('flushing the write-ahead log in the background', () => {
  it('does nothing while there is no log yet, and tries again only after the next interval', () => {
    const wal = join(tempDir(), 'none.sqlite-wal')
    const flusher = new WalFlusher(wal, { everyCommits: 2 })
    flusher.wrote(true)
    expect([flusher.flushing, flusher.started, flusher.failures]).toEqual([false, 0, 0])
    // Now there is a log: one commit is not yet an interval, the second is.
    writeFileSync(wal, Buffer.alloc(1024, 1))
    flusher.wrote()
    expect(flusher.started).toBe(0)
    flusher.wrote()
    expect(flusher.started).toBe(1)
    flusher.close()
  })

  it('counts a log it cannot open as a failure', () => {
    // A path through a file: ENOTDIR, not a missing log.
    const file = join(tempDir(), 'a-file')
    writeFileSync(file, '')
    const flusher = new WalFlusher(join(file, 'db.sqlite-wal'))
    flusher.wrote(true)
    expect([flusher.started, flusher.failures]).toEqual([0, 1])
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
    expect([flusher.flushing, flusher.started]).toEqual([true, 1])
    // A commit during the flush counts towards the next one; it starts none while one runs.
    flusher.wrote()
    expect(flusher.started).toBe(1)
    await waitFor(() => !flusher.flushing, 'the first flush')
    expect([flusher.flushes, flusher.started]).toEqual([1, 1])
    flusher.wrote()
    expect(flusher.flushing).toBe(false)
    flusher.wrote()
    expect(flusher.started).toBe(2)
    await waitFor(() => flusher.flushes === 2, 'the second flush')

    // A large write while a flush runs: the next flush starts as soon as that one ends.
    flusher.wrote(true)
    expect(flusher.started).toBe(3)
    flusher.wrote(true)
    expect(flusher.started).toBe(3)
    await waitFor(() => flusher.flushes === 4, 'the flush after the second large write')
    expect([flusher.started, flusher.failures]).toEqual([4, 0])
    flusher.close()
    flusher.wrote(true)
    expect([flusher.flushing, flusher.started]).toEqual([false, 4])
  })

  it.runIf(linux)('closes the log once a flush that was running when it closed has finished', async () => {
    const wal = join(tempDir(), 'db.sqlite-wal')
    writeFileSync(wal, Buffer.alloc(64 * 1024, 1))
    const flusher = new WalFlusher(wal)
    flusher.wrote(true)
    expect(openFilesAt(wal)).toBe(1)
    flusher.close()
    // Still open while the thread pool may be using it.
    expect([flusher.flushing, openFilesAt(wal)]).toEqual([true, 1])
    await waitFor(() => !flusher.flushing, 'the flush')
    expect(openFilesAt(wal)).toBe(0)
  })

  it.runIf(linux)(
    'runs under SQLite storage: appends are stored and closing lets go of the log',
    async () => {
      const path = join(tempDir(), 'gebiedsbord.sqlite')
      const storage = new SqliteStorage(path, 'NORMAL', { everyCommits: 2 })
      await storage.createBoard(testBoard('b1'), EMPTY_DOC)
      const seqs = []
      for (let i = 0; i < 20; i++) seqs.push(await storage.appendUpdate('b1', new Uint8Array([i])))
      // SQLite's own handle and the flusher's.
      expect(openFilesAt(`${path}-wal`)).toBe(2)
      await storage.close()
      await waitFor(() => openFilesAt(`${path}-wal`) === 0, 'every file of the log to be closed')

      const reopened = new SqliteStorage(path)
      const state = await reopened.loadState('b1')
      expect(state?.updates.map((u) => u.seq)).toEqual(seqs)
      await reopened.close()
    },
  )

  it.runIf(linux)(
    'flushes with synchronous = NORMAL only: with FULL every commit syncs the log',
    async () => {
      const opened = async (mode: 'NORMAL' | 'FULL') => {
        const path = join(tempDir(), 'gebiedsbord.sqlite')
        const storage = new SqliteStorage(path, mode, { everyCommits: 1 })
        await storage.createBoard(testBoard('b1'), EMPTY_DOC)
        await storage.appendUpdate('b1', new Uint8Array([1]))
        const n = openFilesAt(`${path}-wal`)
        await storage.close()
        return n
      }
      expect(await opened('NORMAL')).toBe(2)
      expect(await opened('FULL')).toBe(1)
    },
  )
})
