import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { benchServer } from '../server/bench/fanout.ts'
import { benchBarcode } from './barcode.ts'
import type { Figure } from './stats.ts'

// `pnpm bench [--quick]`: runs every benchmark, prints one table and writes JSON to bench/results/
// (git-ignored). Record notable runs in docs/benchmarks.md.
const quick = process.argv.includes('--quick')

async function main(): Promise<void> {
  const figures: Figure[] = []
  const started = new Date()
  console.log(
    `Gebiedsbord benchmarks (${quick ? 'quick' : 'full'} profile) on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  )
  figures.push(...benchBarcode({ quick }))
  figures.push(...(await benchServer({ quick })))
  const width = Math.max(...figures.map((f) => f.name.length))
  console.log('')
  for (const f of figures)
    console.log(
      `${f.name.padEnd(width)}  ${f.value.toFixed(3).padStart(10)} ${f.unit.padEnd(4)} ${f.target ? `target ${f.target}` : ''}`,
    )
  const dir = join(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(
    file,
    JSON.stringify(
      { date: started.toISOString(), quick, cores: cpus().length, memoryBytes: totalmem(), figures },
      null,
      2,
    ),
  )
  console.log(`\nwritten ${file}`)
}

await main()
