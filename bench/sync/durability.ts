import { connectAll, type SyncClient, until } from './client.ts'
import { removeDir, tempDir } from './process.ts'
import { endpoint, type ServerUnderTest } from './servers.ts'
import { sleep } from './stored.ts'

/** What the SIGKILL profile measured. */
export interface DurabilityResult {
  /** Updates the reader had received from the server when it was killed. */
  readonly received: number
  /** Of those, how many a fresh client did not get after the restart. */
  readonly lost: number
}

/**
 * Durability under SIGKILL: a writer appends numbers to a Y.Array at `rate` per second, a second
 * client records what reaches it; after `seconds` the server is killed with SIGKILL and both
 * clients are dropped (so they cannot re-send). The server is restarted on the same data and a
 * fresh client counts which received numbers are gone.
 */
export async function runDurability(
  sut: ServerUnderTest,
  seconds: number,
  rate = 100,
): Promise<DurabilityResult> {
  const dataDir = tempDir(`bench-${sut.name}-`)
  let server = await sut.start(dataDir)
  try {
    const access = await sut.createBoard(server, 'durability')
    // Reconnects a connection that never answers, as the fan-out profiles do (see `connectAll`).
    const [writer, reader] = (await connectAll([
      endpoint(sut, server, access.writer),
      endpoint(sut, server, access.reader),
    ])) as [SyncClient, SyncClient]
    const seq = writer.doc.getArray<number>('seq')
    let n = 0
    const timer = setInterval(() => writer.change(() => seq.push([++n])), 1000 / rate)
    await sleep(seconds * 1000)
    process.kill(server.pid, 'SIGKILL')
    clearInterval(timer)
    const received = reader.doc.getArray<number>('seq').toArray()
    writer.destroy()
    reader.destroy()
    await server.exited

    server = await sut.start(dataDir)
    const [fresh] = (await connectAll([endpoint(sut, server, access.reader)])) as [SyncClient]
    try {
      // The classic y-websocket server loads from LevelDB after answering: wait until it settles.
      const restored = fresh.doc.getArray<number>('seq')
      let last = -1
      await until(
        () => {
          const same = restored.length === last
          last = restored.length
          return same
        },
        'the restored board to settle',
        10_000,
        500,
      )
      const kept = new Set(restored.toArray())
      return { received: received.length, lost: received.filter((x) => !kept.has(x)).length }
    } finally {
      fresh.destroy()
    }
  } finally {
    await server.stop()
    removeDir(dataDir)
  }
}
