/**
 * Command line + environment → typed options, resolved once. Options are
 * declared once below (name, type, default, help); the usage text is rendered
 * from the same table. Nothing downstream reads argv or process.env.
 */
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BblError, ExitCode } from '../core/error.js'
import type { BuildCommand, CommonOptions, Env, PdfCommand, ServeCommand } from '../core/options.js'

export type { BuildCommand, CommonOptions, Env, PdfCommand, ServeCommand } from '../core/options.js'

interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  value?: string
  default?: string
  help: string
}

const OPTIONS = {
  out: { type: 'string', short: 'o', value: 'DIR', default: 'dist', help: 'output folder' },
  talk: { type: 'string', value: 'TITLE-OR-SLUG', help: 'only this talk\'s deck (the recap is always built)' },
  theme: { type: 'string', value: 'NAME|PATH', default: 'bbl', help: 'bbl, a reveal.js theme (white, black...), themes/NAME, or a .css file' },
  strict: { type: 'boolean', help: 'fail (exit 4) on any warning, keeping the earlier output' },
  browser: { type: 'string', value: 'PATH', help: 'Chrome/Chromium/Edge to use (else PUPPETEER_EXECUTABLE_PATH, CHROME_PATH, then found)' },
  timeout: { type: 'string', value: 'SECONDS', default: '60', help: 'give up on a page that takes longer than this' },
  layout: { type: 'string', value: '1|2|3|6', default: '2', help: 'slides per handout page' },
  paper: { type: 'string', value: 'a4|letter', default: 'a4', help: 'handout paper size' },
  'no-talks': { type: 'boolean', help: 'skip the per-talk PDFs' },
  'no-handout': { type: 'boolean', help: 'skip the handout' },
  port: { type: 'string', short: 'p', value: 'N', default: '8000', help: 'port to serve on' },
  host: { type: 'string', value: 'H', default: '127.0.0.1', help: 'address to bind (0.0.0.0 shares with the room)' },
  open: { type: 'boolean', help: 'open the landing page in the default browser' },
  photos: { type: 'string', value: 'auto|off', default: 'auto', help: 'straighten photos of projected slides (off: show every photo as taken)' },
  quiet: { type: 'boolean', short: 'q', help: 'only errors and warnings' },
  debug: { type: 'boolean', help: 'timings and browser details on stderr' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
} satisfies Record<string, OptionSpec>

type OptionName = keyof typeof OPTIONS

const COMMON: OptionName[] = ['theme', 'photos', 'browser', 'timeout', 'quiet', 'debug', 'help']

export const COMMANDS = {
  build: {
    summary: 'turn notes into a recap deck and one deck per talk',
    options: ['out', 'talk', 'strict', ...COMMON] as OptionName[],
  },
  pdf: {
    summary: 'build the decks, then export slide PDFs and a handout',
    options: ['out', 'talk', 'layout', 'paper', 'no-talks', 'no-handout', 'strict', ...COMMON] as OptionName[],
  },
  serve: {
    summary: 'live preview: rebuild and reload on every save',
    options: ['port', 'host', 'open', ...COMMON] as OptionName[],
  },
} as const

export type CommandName = keyof typeof COMMANDS

export type Resolved =
  | BuildCommand
  | PdfCommand
  | ServeCommand
  | { command: 'help'; topic?: CommandName }
  | { command: 'version' }

export interface Context {
  cwd: string
  env: Env
  stderrIsTTY: boolean
}

/** Every .adoc under decks/ in the current folder, sorted. */
function defaultInputs(cwd: string): string[] {
  const dir = path.join(cwd, 'decks')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.adoc') || f.endsWith('.asciidoc') || f.endsWith('.asc'))
    .sort()
    .map((f) => path.join('decks', f))
}

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
      return [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.default !== undefined ? { default: o.default } : {}) }]
    }),
  )
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: rest, options: config, allowPositionals: true, strict: true })
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '')
    throw new BblError(`${msg}; see bbl ${command} --help`, ExitCode.USAGE)
  }
  const v = parsed.values as Record<string, string | boolean | undefined>
  if (v['help']) return { command: 'help', topic: command }

  const str = (k: OptionName) => v[k] as string | undefined
  const bool = (k: OptionName) => v[k] === true
  const timeout = Number(str('timeout'))
  if (!Number.isFinite(timeout) || timeout <= 0) throw new BblError(`--timeout takes a number of seconds, not "${str('timeout')}"`, ExitCode.USAGE)

  const photos = str('photos')!.toLowerCase()
  if (photos !== 'auto' && photos !== 'off') throw new BblError(`--photos takes auto or off, not "${str('photos')}"`, ExitCode.USAGE)
  const inputs = parsed.positionals.length ? parsed.positionals : defaultInputs(ctx.cwd)
  if (inputs.length === 0) {
    const here = existsSync(ctx.cwd) ? readdirSync(ctx.cwd).filter((f) => /\.(adoc|asciidoc|asc)$/.test(f)).sort() : []
    const hint = here.length ? ` (here: bbl ${command} ${here[0]})` : ''
    throw new BblError(`no notes to build: pass a notes file${hint}, or put .adoc files in decks/`, ExitCode.USAGE)
  }
  const env = ctx.env
  const common: CommonOptions = {
    inputs,
    cwd: ctx.cwd,
    theme: str('theme')!,
    photos,
    browser: str('browser'),
    timeoutMs: timeout * 1000,
    quiet: bool('quiet'),
    debug: bool('debug'),
    env,
    progress: ctx.stderrIsTTY && !bool('quiet') && !env['CI'],
    color: ctx.stderrIsTTY && !env['NO_COLOR'] && !env['CI'],
  }
  if (command === 'build') {
    return { ...common, command, outDir: str('out')!, talk: str('talk'), strict: bool('strict') }
  }
  if (command === 'pdf') {
    const layout = Number(str('layout'))
    if (![1, 2, 3, 6].includes(layout)) throw new BblError(`--layout takes 1, 2, 3 or 6 slides per page, not "${str('layout')}"`, ExitCode.USAGE)
    const paper = str('paper')!.toLowerCase()
    if (paper !== 'a4' && paper !== 'letter') throw new BblError(`--paper takes a4 or letter, not "${str('paper')}"`, ExitCode.USAGE)
    return {
      ...common,
      command,
      outDir: str('out')!,
      talk: str('talk'),
      strict: bool('strict'),
      layout: layout as 1 | 2 | 3 | 6,
      paper,
      talks: !bool('no-talks'),
      handout: !bool('no-handout'),
    }
  }
  const port = Number(str('port'))
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BblError(`--port takes a port number (0-65535), not "${str('port')}"`, ExitCode.USAGE)
  return { ...common, command, port, host: str('host')!, open: bool('open') }
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

Exit codes: 0 ok, 1 bug, 2 usage, 3 bad notes, 4 warnings with --strict,
5 no browser found, 6 browser failed or page hung, 7 port in use, 130 interrupted.
`
}
