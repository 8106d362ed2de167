// `pnpm dev`: the server under `tsx watch` (restarts on change) and the Vite dev server for the
// client, which proxies /api and /sync to the server (client/vite.config.ts). Ctrl-C stops both.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const client = join(root, 'client')
const port = process.env.PORT ?? '8080'

const children = []
function start(name, args, cwd, env = {}) {
  const child = spawn(process.execPath, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } })
  child.on('exit', (code, signal) => {
    console.error(`gebiedsbord dev: ${name} stopped (${signal ?? code})`)
    stop(code ?? 1)
  })
  children.push(child)
}

let stopping = false
function stop(code) {
  if (stopping) return
  stopping = true
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
  process.exitCode = code
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

const tsx = createRequire(join(root, 'package.json')).resolve('tsx/cli')
start('server', [tsx, 'watch', '--clear-screen=false', 'server/src/main.ts'], root, { PORT: port })
if (existsSync(join(client, 'index.html'))) {
  const vite = join(
    dirname(createRequire(join(client, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  )
  start('vite', [vite], client, { GEBIEDSBORD_SERVER: `http://127.0.0.1:${port}` })
}
