import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A server the benchmark started as a child process on 127.0.0.1. */
export interface ServerProcess {
  readonly pid: number
  readonly port: number
  /** Resolves once the process has ended. */
  readonly exited: Promise<void>
  /** Sends a signal to this pid (never by name) and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>
  /** Everything the process wrote to stderr, for failure messages. */
  stderr(): string
}

const live = new Set<ChildProcess>()
const dirs = new Set<string>()

/** Kills every child still running and removes every temp dir; also runs at process exit. */
export function cleanUpAll(): void {
  for (const child of live) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL')
  live.clear()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs.clear()
}
process.once('exit', cleanUpAll)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    cleanUpAll()
    process.exit(130)
  })

/** A fresh temp directory, removed by `removeDir` or at exit at the latest. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.add(dir)
  return dir
}

/** Removes a temp directory made by `tempDir`. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  dirs.delete(dir)
}

/**
 * Starts `node --import tsx <script>` with `env` (PORT=0 so it picks a free port) and waits until
 * its stdout matches `ready`, whose first group is the port.
 */
export async function startProcess(
  script: string,
  cwd: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS passes flags to the servers under test, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000)
  })
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child)
      resolve()
    }),
  )
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in time:\n${err}`)), timeoutMs)
    const check = () => {
      const m = out.match(ready)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    child.stdout?.on('data', check)
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`${script} exited before it was ready:\n${err}`))
    })
  })
  const pid = child.pid as number
  return {
    pid,
    port,
    exited,
    stderr: () => err,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, signal)
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL')
      }, 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

const CLOCK_TICKS = 100 // USER_HZ on Linux
const NS_PER_S = 1e9

/**
 * CPU seconds (user + system) a process has used so far. From the scheduler's run time of each of
 * its threads (/proc/<pid>/task/<tid>/schedstat, nanoseconds): /proc/<pid>/stat counts in clock
 * ticks of 10 ms, too coarse for a round of a second. Falls back to /proc/<pid>/stat where the
 * kernel has no schedstat.
 */
export function cpuSeconds(pid: number): number {
  try {
    let ns = 0
    for (const tid of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
    if (Number.isFinite(ns)) return ns / NS_PER_S
  } catch {
    // No schedstat (or a thread ended while being read): use the coarser counters.
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = status.match(/^VmRSS:\s+(\d+) kB/m)?.[1]
  return Number(kb ?? Number.NaN) * 1024
}
