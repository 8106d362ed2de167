// `pnpm start`: installs dependencies when they are missing (a fresh clone), builds the client
// when there is one, and then runs the server in this very process: one process serves the
// client at /, the API under /api and the sync WebSockets at /sync/:boardId.
// Environment: PORT (8080), HOST (127.0.0.1), DATA_DIR (./data) and more; see docs/server.md.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const client = join(root, 'client')

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`gebiedsbord: \`${[command, ...args].join(' ')}\` failed`)
    process.exit(result.status ?? 1)
  }
}

/** Whether every package the server and the build need resolves from where it is used. */
function installed() {
  const needs = [
    [root, 'tsx/esm/api'],
    [join(root, 'server'), 'hono'],
    [join(root, 'server'), 'better-sqlite3'],
  ]
  if (existsSync(join(client, 'index.html'))) needs.push([client, 'vite/package.json'])
  return needs.every(([from, name]) => {
    try {
      createRequire(join(from, 'package.json')).resolve(name)
      return true
    } catch {
      return false
    }
  })
}

if (!installed()) {
  // pnpm sets npm_execpath to itself when it runs a script; otherwise fetch pnpm 10 through npx.
  const pnpm = process.env.npm_execpath
  if (pnpm && /pnpm/.test(pnpm)) run(process.execPath, [pnpm, 'install', '--frozen-lockfile'], root)
  else
    run(
      process.platform === 'win32' ? 'npx.cmd' : 'npx',
      ['--yes', 'pnpm@10', 'install', '--frozen-lockfile'],
      root,
    )
}

if (existsSync(join(client, 'index.html'))) {
  const vite = join(
    dirname(createRequire(join(client, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  )
  run(process.execPath, [vite, 'build'], client)
} else {
  console.warn('gebiedsbord: client/index.html not found; serving the API without a client')
}

// Run the TypeScript server in this process through tsx, so that signals (SIGTERM, Ctrl-C) reach
// the server's own graceful shutdown directly.
const { register } = await import('tsx/esm/api')
register()
await import(pathToFileURL(join(root, 'server', 'src', 'main.ts')).href)
