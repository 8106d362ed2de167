import { ConfigError, configFromEnv } from './config.ts'
import { jsonLogger } from './logger.ts'
import { startServer } from './server.ts'

/** A shutdown that takes longer than this (a hung storage) ends the process anyway. */
const SHUTDOWN_TIMEOUT_MS = 15_000

/** Exit code for an unusable configuration, as sysexits' EX_CONFIG. */
const EXIT_CONFIG = 78

async function main(): Promise<void> {
  let config: ReturnType<typeof configFromEnv>
  try {
    config = configFromEnv()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`Gebiedsbord cannot start; check these environment variables:\n${err.message}\n`)
    process.exit(EXIT_CONFIG)
  }
  const logger = jsonLogger(config.logLevel)
  const server = await startServer(config, logger)
  process.stdout.write(`Gebiedsbord listening on ${server.url}\n`)

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal })
    setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, SHUTDOWN_TIMEOUT_MS).unref()
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { error: String(err) })
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  process.stderr.write(`Gebiedsbord failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
