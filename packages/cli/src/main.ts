import { randomFillSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parseArgs, styleText } from 'node:util'
import { builtinNormSets, type Lang } from '@gebiedsbord/barcode'
import { checkGeoJson, ExitCode, UnreadableInputError } from './check.ts'
import { type Paint, plain, renderTable } from './table.ts'

const USAGE = `Usage:
  gebiedsbord check <plan.geojson> [--norms <id|file.json>] [--format table|json] [--lang en|nl]
  gebiedsbord norms [<id>]        list the built-in norm sets, or print one as JSON (a template for your own)

Exit codes: 0 every rule passes · 1 a rule warns or fails, or a feature is invalid · 2 the input could not be read`

const fail = (message: string): never => {
  process.stderr.write(`gebiedsbord: ${message}\n`)
  process.exit(ExitCode.Unreadable)
}

function terminalPaint(): Paint {
  if (!process.stdout.isTTY || process.env.NO_COLOR) return plain
  return (style, text) => styleText(style, text)
}

function runCheck(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      norms: { type: 'string' },
      format: { type: 'string', default: 'table' },
      lang: { type: 'string', default: 'en' },
    },
  })
  const file = positionals[0]
  if (!file || positionals.length > 1) return fail(`check takes one plan file\n${USAGE}`)
  if (values.format !== 'table' && values.format !== 'json')
    return fail(`--format must be table or json, got "${values.format}"`)
  if (values.lang !== 'en' && values.lang !== 'nl')
    return fail(`--lang must be en or nl, got "${values.lang}"`)
  const lang: Lang = values.lang
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    return fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  const { result, exitCode } = checkGeoJson(text, {
    ...(values.norms !== undefined ? { norms: values.norms } : {}),
    lang,
    sourceName: file,
    random: (n) => randomFillSync(new Uint8Array(n)),
    readFile: (p) => readFileSync(p, 'utf8'),
  })
  process.stdout.write(
    values.format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : `${renderTable(result, lang, terminalPaint())}\n`,
  )
  return exitCode
}

function runNorms(args: string[]): number {
  const registry = builtinNormSets()
  const id = args[0]
  if (id === undefined) {
    for (const s of registry.list())
      process.stdout.write(
        `${s.id}\t${s.version}\t${s.date}\t${s.name.en} / ${s.name.nl} (${s.rules.length} rules)\n`,
      )
    return ExitCode.Pass
  }
  const set = registry.get(id)
  if (!set)
    return fail(
      `unknown norm set "${id}" (known: ${registry
        .list()
        .map((s) => s.id)
        .join(', ')})`,
    )
  process.stdout.write(`${JSON.stringify(set, null, 2)}\n`)
  return ExitCode.Pass
}

function main(argv: string[]): number {
  const [command, ...rest] = argv
  try {
    if (command === 'check') return runCheck(rest)
    if (command === 'norms') return runNorms(rest)
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${USAGE}\n`)
      return ExitCode.Pass
    }
    return fail(command ? `unknown command "${command}"\n${USAGE}` : USAGE)
  } catch (e) {
    // Bad input is a message, never a stack trace; anything else is a bug worth its stack.
    if (e instanceof UnreadableInputError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      return fail((e as Error).message)
    throw e
  }
}

process.exitCode = main(process.argv.slice(2))
