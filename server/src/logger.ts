/** Structured fields of a log line; never put tokens or document content here. */
export type LogFields = Record<string, string | number | boolean | undefined>

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** The server's only way to say something: injected everywhere, so that tests can capture or mute it. */
export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 }

/**
 * A logger that writes one JSON object per line (time, level, msg, fields), the format log
 * collectors read without configuration. Lines below `level` are dropped.
 */
export function jsonLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const at =
    (l: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields?: LogFields): void => {
      if (rank[l] < rank[level]) return
      write(`${JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields })}\n`)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A logger that keeps its lines in memory. */
export interface MemoryLogger extends Logger {
  readonly lines: { level: string; msg: string; fields?: LogFields }[]
}

/** A logger that keeps its lines in memory, for tests that assert on what was logged. */
export function memoryLogger(): MemoryLogger {
  const lines: MemoryLogger['lines'] = []
  const at =
    (level: string) =>
    (msg: string, fields?: LogFields): void => {
      lines.push({ level, msg, ...(fields ? { fields } : {}) })
    }
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
