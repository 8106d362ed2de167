import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const BIOME = join(ROOT, 'node_modules/.bin/biome')

/**
 * Lints source text as if it were the file at `path` of this repo: in a temporary folder with the
 * repo's biome.json, so that nothing is written into the source tree.
 */
function lint(path: string, source: string): { code: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gebiedsbord-lint-'))
  copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'))
  mkdirSync(join(dir, dirname(path)), { recursive: true })
  writeFileSync(join(dir, path), source)
  const r = spawnSync(BIOME, ['lint', '--vcs-enabled=false', path], { cwd: dir, encoding: 'utf8' })
  return { code: r.status, output: r.stdout + r.stderr }
}

// The layers of the architecture: model → geo → barcode → (server | client), enforced by `pnpm lint`.
describe('import direction (biome noRestrictedImports)', () => {
  it.each([
    [
      'packages/model/src/probe.ts',
      "import { checkPlan } from '@gebiedsbord/barcode'\nexport const x = checkPlan\n",
    ],
    [
      'packages/model/src/probe.ts',
      "import { planToGeoJSON } from '@gebiedsbord/geo'\nexport const x = planToGeoJSON\n",
    ],
    [
      'packages/geo/src/probe.ts',
      "import { checkPlan } from '@gebiedsbord/barcode'\nexport const x = checkPlan\n",
    ],
    [
      'packages/barcode/src/probe.ts',
      "import { startServer } from '@gebiedsbord/server'\nexport const x = startServer\n",
    ],
    [
      'packages/barcode/src/probe.ts',
      "import { x as y } from '../../../client/src/main.tsx'\nexport const x = y\n",
    ],
    ['packages/cli/src/probe.ts', "import { x as y } from '@gebiedsbord/client'\nexport const x = y\n"],
    [
      'packages/bid/src/probe.ts',
      "import { startServer } from '@gebiedsbord/server'\nexport const x = startServer\n",
    ],
    ['packages/barcode/src/probe.ts', "import { bidPdf } from '@gebiedsbord/bid'\nexport const x = bidPdf\n"],
    [
      'packages/barcode/src/probe.ts',
      "import { x as y } from '../../server/src/index.ts'\nexport const x = y\n",
    ],
    ['packages/geo/src/probe.ts', "import { bidPdf } from '@gebiedsbord/bid'\nexport const x = bidPdf\n"],
  ])('%s may not import %s', (path, source) => {
    const r = lint(path, source)
    expect(r.output).toContain('noRestrictedImports')
    expect(r.code).not.toBe(0)
  })

  it.each([
    [
      'packages/geo/src/probe.ts',
      "import { ringArea } from '@gebiedsbord/model'\nexport const x = ringArea\n",
    ],
    [
      'packages/barcode/src/probe.ts',
      "import { planToGeoJSON } from '@gebiedsbord/geo'\nexport const x = planToGeoJSON\n",
    ],
    ['server/src/probe.ts', "import { checkPlan } from '@gebiedsbord/barcode'\nexport const x = checkPlan\n"],
    [
      'packages/bid/src/probe.ts',
      "import { checkPlan } from '@gebiedsbord/barcode'\nexport const x = checkPlan\n",
    ],
    ['server/src/probe.ts', "import { bidPdf } from '@gebiedsbord/bid'\nexport const x = bidPdf\n"],
  ])('%s may import downwards: %s', (path, source) => {
    const r = lint(path, source)
    expect(r.output).not.toContain('noRestrictedImports')
  })
})
