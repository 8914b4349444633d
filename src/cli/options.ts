/**
 * Command line → typed options. The options themselves (name, type, default,
 * help) are declared once in src/core/options.ts, which also applies defaults
 * and checks values for the API; this module parses argv and renders the usage
 * text from the same table. Nothing downstream reads argv or process.env.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findConfig } from '../core/config.js'
import { BblError, ExitCode } from '../core/error.js'
import { COMMANDS, type BuildCommand, type CheckCommand, type CommandName, type ImagesCommand, type Context, OPTIONS, type OptionSpec, type PdfCommand, type PptxCommand, resolveCommand, type ServeCommand, type Values } from '../core/options.js'

export type { BuildCommand, CheckCommand, CommandName, ImagesCommand, CommonOptions, Context, Env, PdfCommand, PptxCommand, ServeCommand } from '../core/options.js'

export type Resolved =
  | BuildCommand
  | PdfCommand
  | PptxCommand
  | CheckCommand
  | ImagesCommand
  | ServeCommand
  | { command: 'help'; topic?: CommandName }
  | { command: 'version' }

export function resolveOptions(argv: string[], ctx: Context): Resolved {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined
    if (topic !== undefined && !(topic in COMMANDS)) throw new BblError(`unknown command "${topic}"; see bbl --help`, ExitCode.USAGE)
    return { command: 'help', topic: topic as CommandName | undefined }
  }
  if (first === '--version' || first === '-v') return { command: 'version' }
  if (!(first in COMMANDS)) {
    throw new BblError(`unknown command "${first}"; commands are ${Object.keys(COMMANDS).join(', ')} (see bbl --help)`, ExitCode.USAGE)
  }
  const command = first as CommandName
  const allowed = COMMANDS[command].options
  const config = Object.fromEntries(
    allowed.map((name) => {
      const o: OptionSpec = OPTIONS[name]
      return [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]
    }),
  )
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: rest, options: config, allowPositionals: true, strict: true })
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '')
    throw new BblError(`${msg}; see bbl ${command} --help`, ExitCode.USAGE)
  }
  const v = parsed.values as Values
  if (v['help']) return { command: 'help', topic: command }
  const project = ctx.config ?? findConfig(configStart(parsed.positionals, ctx.cwd))
  return resolveCommand(command, v, parsed.positionals, { ...ctx, ...(project ? { config: project } : {}) })
}

/** Where the project file is looked for: the first notes file's folder, else decks/ (the default notes), else the current folder. */
function configStart(positionals: string[], cwd: string): string {
  if (positionals[0] !== undefined) return path.dirname(path.resolve(cwd, positionals[0]))
  const decks = path.join(cwd, 'decks')
  return existsSync(decks) ? decks : cwd
}

export function renderUsage(topic?: CommandName): string {
  if (topic) {
    const c = COMMANDS[topic]
    const rows = c.options.map((name) => {
      const o: OptionSpec = OPTIONS[name]
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`
      return `  ${flag.padEnd(34)} ${o.help}${o.default !== undefined ? ` (default: ${o.default})` : ''}`
    })
    return `bbl ${topic} [NOTES.adoc ...] [options]\n\n${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.\nWith no notes file, every .adoc in decks/ is used.\n\nOptions:\n${rows.join('\n')}\n`
  }
  const cmds = (Object.keys(COMMANDS) as CommandName[]).map((k) => `  ${k.padEnd(8)} ${COMMANDS[k].summary}`)
  return `bbl: conference notes (AsciiDoc) → slide decks, PDF slides and handouts

Usage: bbl <command> [NOTES.adoc ...] [options]

Commands:
${cmds.join('\n')}

  bbl <command> --help   options of a command
  bbl --version          print the version

Exit codes: 0 ok, 1 bug, 2 usage, 3 bad notes, 4 warnings (--strict, bbl check),
5 no browser found, 6 browser failed or page hung, 7 port in use,
8 a file cannot be read or written (permission, disk full), 130 interrupted.
`
}
