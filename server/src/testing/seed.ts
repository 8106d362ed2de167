import { onTestFailed } from 'vitest'

/** Environment variable that replays a failing seeded test: `GEBIEDSBORD_SEED=1234 npx vitest run server`. */
export const SEED_ENV = 'GEBIEDSBORD_SEED'

/**
 * The seed for a randomised test: the replay seed from the environment when set, otherwise
 * `fallback`. A failure prints the seed and how to replay it.
 */
export function testSeed(fallback: number): number {
  const fromEnv = process.env[SEED_ENV]
  const seed = fromEnv ? Number(fromEnv) : fallback
  onTestFailed(() => {
    process.stderr.write(`\nseed ${seed}: replay with ${SEED_ENV}=${seed}\n`)
  })
  return seed
}
