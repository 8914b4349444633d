/**
 * The typed options every command runs on, resolved once (by src/cli/options.ts
 * from argv, or by the API from an object). Nothing downstream reads argv or process.env.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { type FoundConfig, OUTPUT_KINDS, type OutputKind } from './config.js'
import { BblError, ExitCode } from './error.js'

export interface Env {
  [key: string]: string | undefined
}

export interface CommonOptions {
  inputs: string[]
  cwd: string
  theme: string
  /** Whether --theme or the project file chose the theme (not bbl's default): it then wins over a plain deck's own. */
  themeChosen?: boolean
  /** Straighten photos of projected slides (auto) or show them as taken (off). */
  photos: 'auto' | 'off'
  browser?: string
  timeoutMs: number
  quiet: boolean
  debug: boolean
  env: Env
  /** Progress lines (\r) only on a terminal. */
  progress: boolean
  color: boolean
  /** Read the notes as conference notes or as a plain deck; undefined: decided from the notes (talks found or not). */
  as?: 'deck' | 'notes'
  /**
   * Attributes set from outside the notes: the project file's, soft-set (stored as
   * Asciidoctor's `value@`: the notes' own settings win), then `-a name=value`, as
   * Asciidoctor's `-a` sets them: they win over the notes' and the project file's.
   */
  attributes?: Record<string, string>
  /** The folder the notes may include files from (`--root`, absolute); each notes file's own folder when not given. */
  root?: string
}

export interface BuildCommand extends CommonOptions {
  command: 'build'
  outDir: string
  talk?: string
  strict: boolean
  keepMetadata: boolean
  allowRemote: boolean
  /** The outputs made with the decks, in one run (none: the decks only). */
  outputs: OutputKind[]
  /** The PDFs' and PowerPoint files' options, as bbl pdf's and bbl pptx's (read with --pdf, --pptx). */
  layout: 1 | 2 | 3 | 6
  paper: 'a4' | 'letter'
  talks: boolean
  handout: boolean
  /** The slide pictures' options, as bbl images's (read with --images). */
  format: 'png' | 'webp' | 'jpeg'
  scale: number
}

export interface PdfCommand extends CommonOptions {
  command: 'pdf'
  outDir: string
  talk?: string
  strict: boolean
  keepMetadata: boolean
  allowRemote: boolean
  layout: 1 | 2 | 3 | 6
  paper: 'a4' | 'letter'
  talks: boolean
  handout: boolean
}

export interface CheckCommand extends CommonOptions {
  command: 'check'
  /** Where the fitting cache is read from (never written). */
  outDir: string
  format: 'text' | 'json'
}

export interface ImagesCommand extends CommonOptions {
  command: 'images'
  outDir: string
  talk?: string
  strict: boolean
  format: 'png' | 'webp' | 'jpeg'
  /** Device pixels per CSS pixel: 2 gives 2560×1440 images. */
  scale: number
}

export interface PptxCommand extends CommonOptions {
  command: 'pptx'
  outDir: string
  talk?: string
  strict: boolean
  keepMetadata: boolean
  allowRemote: boolean
  /** One PowerPoint file per talk deck too (default: true). */
  talks: boolean
}

export interface ServeCommand extends CommonOptions {
  command: 'serve'
  port: number
  host: string
  open: boolean
}

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  /** Given several times (`-a x=1 -a y=2`). */
  multiple?: boolean
  value?: string
  default?: string
  help: string
}

export const OPTIONS = {
  out: { type: 'string', short: 'o', value: 'DIR', default: 'dist', help: 'output folder' },
  talk: { type: 'string', value: 'TITLE-OR-SLUG', help: 'only this talk\'s deck (the recap is always built)' },
  theme: { type: 'string', value: 'NAME|PATH', default: 'bbl', help: 'bbl, a reveal.js theme (white, black...), themes/NAME, or a .css file' },
  strict: { type: 'boolean', help: 'fail (exit 4) on any warning, keeping the earlier output' },
  'keep-metadata': { type: 'boolean', help: 'keep pictures\' EXIF/XMP/IPTC (GPS position, camera); removed by default' },
  'allow-remote': { type: 'boolean', help: 'let decks load from the network when opened (no Content-Security-Policy)' },
  browser: { type: 'string', value: 'PATH', help: 'Chrome/Chromium/Edge to use (else PUPPETEER_EXECUTABLE_PATH, CHROME_PATH, then found)' },
  timeout: { type: 'string', value: 'SECONDS', default: '60', help: 'give up on a page that takes longer than this' },
  layout: { type: 'string', value: '1|2|3|6', default: '2', help: 'slides per handout page' },
  paper: { type: 'string', value: 'a4|letter', default: 'a4', help: 'handout paper size' },
  pdf: { type: 'boolean', help: 'also export slide PDFs and a handout, as bbl pdf does, in the same run' },
  pptx: { type: 'boolean', help: 'also make PowerPoint files, as bbl pptx does, in the same run' },
  images: { type: 'boolean', help: 'also make slide pictures and thumbnails, as bbl images does, in the same run' },
  'no-talks': { type: 'boolean', help: 'skip the per-talk files (PDFs, PowerPoint)' },
  'no-handout': { type: 'boolean', help: 'skip the handout' },
  format: { type: 'string', value: 'FORMAT', help: 'check: text (file:line: level: message, the default) or json; images: png (the default), webp or jpeg' },
  scale: { type: 'string', value: 'N', default: '1', help: 'image size as a multiple of 1280×720 (0.25 to 4)' },
  port: { type: 'string', short: 'p', value: 'N', default: '8000', help: 'port to serve on' },
  host: { type: 'string', value: 'H', default: '127.0.0.1', help: 'address to bind (0.0.0.0 shares with the room)' },
  open: { type: 'boolean', help: 'open the landing page in the default browser' },
  attribute: { type: 'string', short: 'a', multiple: true, value: 'NAME=VALUE', help: 'set a notes attribute, as Asciidoctor\'s -a does (repeatable), e.g. -a bbl-talks=3' },
  root: { type: 'string', value: 'DIR', help: 'let the notes include files from anywhere under DIR (default: the notes\' own folder)' },
  as: { type: 'string', value: 'deck|notes', help: 'read the notes as a plain deck or as conference notes (default: notes when talks are found)' },
  photos: { type: 'string', value: 'auto|off', default: 'auto', help: 'straighten photos of projected slides (off: show every photo as taken)' },
  quiet: { type: 'boolean', short: 'q', help: 'only errors and warnings' },
  debug: { type: 'boolean', help: 'timings and browser details on stderr' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
} satisfies Record<string, OptionSpec>

export type OptionName = keyof typeof OPTIONS

const COMMON: OptionName[] = ['attribute', 'root', 'as', 'theme', 'photos', 'browser', 'timeout', 'quiet', 'debug', 'help']

export const COMMANDS = {
  build: {
    summary: 'turn notes into a recap deck and one deck per talk; with --pdf --pptx --images, every output in one run',
    options: ['out', 'talk', 'pdf', 'pptx', 'images', 'layout', 'paper', 'no-talks', 'no-handout', 'format', 'scale', 'strict', 'keep-metadata', 'allow-remote', ...COMMON] as OptionName[],
  },
  pdf: {
    summary: 'build the decks, then export slide PDFs and a handout',
    options: ['out', 'talk', 'layout', 'paper', 'no-talks', 'no-handout', 'strict', 'keep-metadata', 'allow-remote', ...COMMON] as OptionName[],
  },
  check: {
    summary: 'report every problem in the notes with its line, writing nothing',
    options: ['format', 'out', ...COMMON] as OptionName[],
  },
  pptx: {
    summary: 'build the decks, then an editable PowerPoint file of the recap and of each talk',
    options: ['out', 'talk', 'no-talks', 'strict', 'keep-metadata', 'allow-remote', ...COMMON] as OptionName[],
  },
  images: {
    summary: 'build the decks, then a picture of every slide and a thumbnail of each deck',
    options: ['out', 'talk', 'format', 'scale', 'strict', ...COMMON] as OptionName[],
  },
  serve: {
    summary: 'live preview: rebuild and reload on every save',
    options: ['port', 'host', 'open', ...COMMON] as OptionName[],
  },
} as const

export type CommandName = keyof typeof COMMANDS

/** Every .adoc under decks/ in the current folder, sorted. */
function defaultInputs(cwd: string): string[] {
  const dir = path.join(cwd, 'decks')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.adoc') || f.endsWith('.asciidoc') || f.endsWith('.asc'))
    .sort()
    .map((f) => path.join('decks', f))
}

function defaults(command: CommandName): Values {
  return Object.fromEntries(COMMANDS[command].options.flatMap((name) => {
    const d = (OPTIONS[name] as OptionSpec).default
    return d === undefined ? [] : [[name, d]]
  }))
}

/** Values as `util.parseArgs` gives them, keyed by option name; what is missing takes its default. */
export type Values = Partial<Record<OptionName, string | boolean | string[] | undefined>>

export interface Context {
  cwd: string
  env: Env
  stderrIsTTY: boolean
  /** The project file found (src/core/config.ts): its values come between the defaults and the flags. */
  config?: FoundConfig
}

/**
 * One command's options from option values and notes files: defaults applied,
 * every value checked (BblError USAGE naming the flag). The CLI and the API both
 * come through here, so they cannot disagree.
 */
export function resolveCommand<C extends CommandName>(command: C, given: Values, positionals: string[], ctx: Context): CommandFor<C> {
  const v: Values = { ...defaults(command), ...configValues(command, ctx.config), ...Object.fromEntries(Object.entries(given).filter(([, x]) => x !== undefined)) }
  const read: Read = {
    str: (k) => (v[k] === undefined ? undefined : String(v[k])),
    bool: (k) => v[k] === true,
    list: (k) => (Array.isArray(v[k]) ? (v[k] as string[]) : v[k] === undefined ? [] : [String(v[k])]),
  }
  const specific: (common: CommonOptions, r: Read) => CommandFor<C> = SPECIFIC[command]
  const common = commonOptions(command, read, positionals, ctx)
  const attributes = projectAttributes(ctx.config?.config.attributes, common.attributes)
  const themeChosen = given.theme !== undefined || configValues(command, ctx.config).theme !== undefined
  return specific({ ...common, ...(attributes ? { attributes } : {}), ...(themeChosen ? { themeChosen } : {}) }, read)
}

/** The project file's attributes soft-set (`value@`, so the notes' own settings win), then the flags' (`-a`), which win over both. */
function projectAttributes(project: Record<string, string> | undefined, flags: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!project) return flags
  return { ...Object.fromEntries(Object.entries(project).map(([k, v]) => [k, `${v}@`])), ...flags }
}

/**
 * A project file's settings as the option values of a command (those it takes):
 * paths relative to the file's folder, `talks: false` and `handout: false` as
 * their flags.
 */
export function configValues(command: CommandName, found: FoundConfig | undefined): Values {
  if (!found) return {}
  const c = found.config
  const here = (p: string) => path.resolve(path.dirname(found.file), p)
  const all: Values = {
    out: c.out === undefined ? undefined : here(c.out),
    // A theme's name stays a name; a path is the file's.
    theme: c.theme === undefined ? undefined : /[\\/]|\.css$/i.test(c.theme) ? here(c.theme) : c.theme,
    paper: c.paper,
    layout: c.layout === undefined ? undefined : String(c.layout),
    photos: c.photos,
    timeout: c.timeout === undefined ? undefined : String(c.timeout),
    strict: c.strict,
    'no-talks': c.talks === undefined ? undefined : !c.talks,
    'no-handout': c.handout === undefined ? undefined : !c.handout,
    ...Object.fromEntries((c.outputs ?? []).map((k) => [k, true])),
  }
  const allowed = new Set<OptionName>(COMMANDS[command].options)
  return Object.fromEntries(Object.entries(all).filter(([k, x]) => x !== undefined && allowed.has(k as OptionName)))
}

export type Command = BuildCommand | PdfCommand | PptxCommand | CheckCommand | ImagesCommand | ServeCommand
/** The options type of one command: `CommandFor<'pdf'>` is PdfCommand. */
export type CommandFor<C extends CommandName> = Extract<Command, { command: C }>

interface Read {
  str(k: OptionName): string | undefined
  bool(k: OptionName): boolean
  list(k: OptionName): string[]
}

/** `-a name=value` (or `-a name`, set empty), each checked as Asciidoctor names attributes. */
function attributesOf(given: string[]): Record<string, string> | undefined {
  if (given.length === 0) return undefined
  const out: Record<string, string> = {}
  for (const a of given) {
    const m = /^([A-Za-z0-9_][\w-]*)(?:=(.*))?$/s.exec(a)
    if (!m) throw new BblError(`-a takes NAME=VALUE (a name of letters, digits, - and _), not "${a}"`, ExitCode.USAGE)
    out[m[1]!] = m[2] ?? ''
  }
  return out
}

function commonOptions(command: CommandName, { str, bool, list }: Read, positionals: string[], ctx: Context): CommonOptions {
  const attributes = attributesOf(list('attribute'))
  const root = rootOf(str('root'), ctx.cwd)
  const timeout = Number(str('timeout'))
  if (!Number.isFinite(timeout) || timeout <= 0) throw new BblError(`--timeout takes a number of seconds, not "${str('timeout')}"`, ExitCode.USAGE)
  const as = str('as')
  if (as !== undefined && as !== 'deck' && as !== 'notes') throw new BblError(`--as takes deck or notes, not "${as}"`, ExitCode.USAGE)
  const photos = str('photos')!.toLowerCase()
  if (photos !== 'auto' && photos !== 'off') throw new BblError(`--photos takes auto or off, not "${str('photos')}"`, ExitCode.USAGE)
  const env = ctx.env
  return {
    inputs: notesFiles(command, positionals, ctx.cwd),
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
    ...(as ? { as } : {}),
    ...(attributes ? { attributes } : {}),
    ...(root ? { root } : {}),
  }
}

/** `--root DIR`: an existing folder, made absolute. */
function rootOf(given: string | undefined, cwd: string): string | undefined {
  if (given === undefined) return undefined
  const dir = path.resolve(cwd, given)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BblError(`--root takes an existing folder, not "${given}"`, ExitCode.USAGE)
  return dir
}

/** The notes files given, or every one in decks/; none at all is a usage error with a hint. */
function notesFiles(command: CommandName, positionals: string[], cwd: string): string[] {
  const inputs = positionals.length ? positionals : defaultInputs(cwd)
  if (inputs.length > 0) return inputs
  const here = existsSync(cwd) ? readdirSync(cwd).filter((f) => /\.(adoc|asciidoc|asc)$/.test(f)).sort() : []
  const hint = here.length ? ` (here: bbl ${command} ${here[0]})` : ''
  throw new BblError(`no notes to build: pass a notes file${hint}, or put .adoc files in decks/`, ExitCode.USAGE)
}

/** What the commands that build decks share. */
function deckSettings(common: CommonOptions, { str, bool }: Read): Omit<PptxCommand, 'command' | 'talks'> {
  return { ...common, outDir: str('out')!, talk: str('talk'), strict: bool('strict'), keepMetadata: bool('keep-metadata'), allowRemote: bool('allow-remote') }
}

/** The PDFs' settings (bbl pdf, bbl build --pdf), checked; `talks` is the PowerPoint files' too. */
function pdfSettings({ str, bool }: Read): Pick<PdfCommand, 'layout' | 'paper' | 'talks' | 'handout'> {
  const layout = Number(str('layout'))
  if (![1, 2, 3, 6].includes(layout)) throw new BblError(`--layout takes 1, 2, 3 or 6 slides per page, not "${str('layout')}"`, ExitCode.USAGE)
  const paper = str('paper')!.toLowerCase()
  if (paper !== 'a4' && paper !== 'letter') throw new BblError(`--paper takes a4 or letter, not "${str('paper')}"`, ExitCode.USAGE)
  return { layout: layout as 1 | 2 | 3 | 6, paper, talks: !bool('no-talks'), handout: !bool('no-handout') }
}

/** The slide pictures' settings (bbl images, bbl build --images), checked. */
function pictureSettings({ str }: Read): Pick<ImagesCommand, 'format' | 'scale'> {
  const format = (str('format') ?? 'png').toLowerCase().replace(/^jpg$/, 'jpeg')
  if (format !== 'png' && format !== 'webp' && format !== 'jpeg') throw new BblError(`--format takes png, webp or jpeg, not "${str('format')}"`, ExitCode.USAGE)
  const scale = Number(str('scale'))
  if (!Number.isFinite(scale) || scale < 0.25 || scale > 4) throw new BblError(`--scale takes a number from 0.25 to 4, not "${str('scale')}"`, ExitCode.USAGE)
  return { format, scale }
}

/** What each command adds to the common options, checked. */
const SPECIFIC: { [C in CommandName]: (common: CommonOptions, r: Read) => CommandFor<C> } = {
  build: (common, r) => ({ ...deckSettings(common, r), command: 'build', outputs: OUTPUT_KINDS.filter((k) => r.bool(k)), ...pdfSettings(r), ...pictureSettings(r) }),
  pdf: (common, r) => ({ ...deckSettings(common, r), command: 'pdf', ...pdfSettings(r) }),
  pptx: (common, r) => ({ ...deckSettings(common, r), command: 'pptx', talks: !r.bool('no-talks') }),
  images: (common, r) => ({ ...common, command: 'images', outDir: r.str('out')!, talk: r.str('talk'), strict: r.bool('strict'), ...pictureSettings(r) }),
  check: (common, { str }) => {
    const format = (str('format') ?? 'text').toLowerCase()
    if (format !== 'text' && format !== 'json') throw new BblError(`--format takes text or json, not "${str('format')}"`, ExitCode.USAGE)
    return { ...common, command: 'check', outDir: str('out')!, format }
  },
  serve: (common, { str, bool }) => {
    const port = Number(str('port'))
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BblError(`--port takes a port number (0-65535), not "${str('port')}"`, ExitCode.USAGE)
    return { ...common, command: 'serve', port, host: str('host')!, open: bool('open') }
  },
}
