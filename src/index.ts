/**
 * bbl's library API: what the command line does, callable from a script.
 *
 *   import { build, pdf } from 'bbl'
 *   const [manifest] = await build({ notes: ['decks/dataxday-2018.adoc'], out: 'dist' })
 *
 * Options take the same names, defaults and checks as the command line's flags
 * (src/core/options.ts declares them once); an option a function does not take is
 * a BblError (exit code 2), as an unknown flag is; relative paths are taken from `cwd`
 * (default: the process's current folder). Each call finds, starts and always
 * closes its own browser. Failures the user can act on are thrown as `BblError`
 * (with `exitCode` and a one-line message); warnings go to `onWarning` and stay in
 * each manifest's `warnings`.
 */
import type { Problem } from './check/check.js'
import { OUTPUT_KINDS, type OutputKind } from './core/config.js'
import { BblError, ExitCode } from './core/error.js'
import type { Manifest } from './core/manifest.js'
import { type CommandFor, type CommandName, type Env, resolveCommand, type Values } from './core/options.js'
import type { Reporter } from './core/report.js'
import type { Warning } from './core/warning.js'
import { runBuild, runCheck, runImages, runPdf, runPptx } from './run.js'

export { BblError, ExitCode, isBblError } from './core/error.js'
export type { DeckEntry, Manifest, PdfEntry, PptxEntry, SlidePicturesEntry } from './core/manifest.js'
export type { DeckKind, ImageStatus } from './core/manifest.js'
export type { Problem, ProblemCode, ProblemLevel } from './check/check.js'
export type { Warning, WarningCode } from './core/warning.js'
export type { Env } from './core/options.js'
export type { OutputKind } from './core/config.js'

export interface CommonApiOptions {
  /** Notes files (default: every .adoc in `decks/` of `cwd`). */
  notes?: string[]
  /** Read the notes as conference notes or as a plain deck (default: notes when talks are found). */
  as?: 'deck' | 'notes'
  /** Folder relative paths are taken from (default: process.cwd()). */
  cwd?: string
  /** `bbl`, a reveal.js theme name, `themes/NAME` or a .css file (default: bbl). */
  theme?: string
  /** Straighten photos of projected slides (default: auto); off shows them as taken. */
  photos?: 'auto' | 'off'
  /** Chrome/Chromium/Edge to use (default: found as the CLI finds it). */
  browser?: string
  /** Seconds a page may take before bbl gives up (default: 60). */
  timeout?: number
  /** Attributes set from outside the notes, as the CLI's `-a name=value`: `{ 'bbl-talks': '3' }`. */
  attributes?: Record<string, string>
  /** The folder the notes may include files from, as the CLI's `--root` (default: each notes file's folder). */
  root?: string
  /** Environment read for PUPPETEER_EXECUTABLE_PATH, CHROME_PATH, SOURCE_DATE_EPOCH (default: process.env). */
  env?: Env
  /** Called for each warning, with the notes file it is about. */
  onWarning?: (file: string, warning: Warning) => void
  /** Progress lines (what the CLI prints unless --quiet). */
  onInfo?: (message: string) => void
  /** Stops the work: the browser is closed and earlier output kept (BblError, exit code 130). */
  signal?: AbortSignal
}

export interface BuildApiOptions extends CommonApiOptions {
  /** Output folder (default: dist). */
  out?: string
  /** Only this talk's deck (the recap is always built). */
  talk?: string
  /** Fail (BblError, exit code 4) on any warning, keeping the earlier output. */
  strict?: boolean
  /** Keep pictures' EXIF/XMP/IPTC (location, device); removed by default. */
  keepMetadata?: boolean
  /** Write decks without their Content-Security-Policy, so remote embeds load when opened. */
  allowRemote?: boolean
}

export interface PdfApiOptions extends BuildApiOptions {
  /** Slides per handout page (default: 2). */
  layout?: 1 | 2 | 3 | 6
  /** Handout paper (default: a4). */
  paper?: 'a4' | 'letter'
  /** One PDF per talk (default: true). */
  talks?: boolean
  /** The handout (default: true). */
  handout?: boolean
}

export interface PptxApiOptions extends BuildApiOptions {
  /** One PowerPoint file per talk (default: true). */
  talks?: boolean
}

export interface ImagesApiOptions extends CommonApiOptions, Pick<BuildApiOptions, 'out' | 'talk' | 'strict'> {
  /** png (default), webp or jpeg. */
  format?: 'png' | 'webp' | 'jpeg'
  /** Image size as a multiple of 1280×720 (default: 1). */
  scale?: number
}

export interface BuildWithOutputsApiOptions extends PdfApiOptions, Pick<ImagesApiOptions, 'format' | 'scale'> {
  /** What to make besides the decks, in the same run: `['pdf', 'pptx', 'images']` (default: none). `talks` is the PDFs' and PowerPoint files'. */
  outputs?: OutputKind[]
}

export interface CheckApiOptions extends CommonApiOptions {
  /** Output folder whose fitting cache is read, never written (default: dist). */
  out?: string
}

export interface ServeApiOptions extends CommonApiOptions {
  /** Port (default: 8000; 0 takes any free one). */
  port?: number
  /** Address to bind (default: 127.0.0.1). */
  host?: string
  /** Open the landing page in the default browser. */
  open?: boolean
  /** Each line the server prints (addresses, rebuilds). */
  onLog?: (line: string) => void
}

/**
 * Builds the decks of each notes file into `out/<notes-name>/`; returns their manifests.
 * With `outputs`, also makes the PDFs, PowerPoint files and slide pictures, as
 * pdf(), pptx() and images() do, from the same build, in one run.
 */
export async function build(options: BuildWithOutputsApiOptions = {}): Promise<Manifest[]> {
  known('build', options, [...BUILD_KEYS, 'outputs', 'layout', 'paper', 'talks', 'handout', 'format', 'scale'])
  const outputs = options.outputs ?? []
  if (!Array.isArray(outputs) || !outputs.every((k) => OUTPUT_KINDS.includes(k))) {
    throw new BblError(`build(): outputs takes a list of ${OUTPUT_KINDS.map((k) => `"${k}"`).join(', ')}, not ${JSON.stringify(options.outputs)}`, ExitCode.USAGE)
  }
  const o = resolve('build', options, {
    ...buildValues(options),
    ...pdfValues(options),
    format: options.format,
    scale: text(options.scale),
    ...Object.fromEntries(outputs.map((k) => [k, true])),
  })
  return runBuild(o, reporter(options), options.signal)
}

/** Builds the decks, then their PDFs (slides, handout, one per talk); returns the manifests, PDFs listed. */
export async function pdf(options: PdfApiOptions = {}): Promise<Manifest[]> {
  known('pdf', options, [...BUILD_KEYS, 'layout', 'paper', 'talks', 'handout'])
  const o = resolve('pdf', options, { ...buildValues(options), ...pdfValues(options) })
  return runPdf(o, reporter(options), options.signal)
}

/**
 * Builds the decks, then an editable PowerPoint file of the recap and of each talk
 * (`<notes-name>.pptx`, `<talk-slug>.pptx`); returns the manifests, files listed in `pptx`.
 */
export async function pptx(options: PptxApiOptions = {}): Promise<Manifest[]> {
  known('pptx', options, [...BUILD_KEYS, 'talks'])
  return runPptx(resolve('pptx', options, { ...buildValues(options), 'no-talks': options.talks === false }), reporter(options), options.signal)
}

/** Builds the decks, then a picture of every slide and a thumbnail of each deck's title slide; returns the manifests. */
export async function images(options: ImagesApiOptions = {}): Promise<Manifest[]> {
  known('images', options, [...COMMON_KEYS, 'out', 'talk', 'strict', 'format', 'scale'])
  const o = resolve('images', options, { out: options.out, talk: options.talk, strict: options.strict, format: options.format, scale: text(options.scale) })
  return runImages(o, reporter(options), options.signal)
}

/**
 * Checks the notes as a build would, writing nothing; returns every problem with
 * its file and line (`level` error: notes unreadable; warning: what a build warns
 * about; info: hints). `checkExitCode` gives the CLI's exit code for them.
 */
export async function check(options: CheckApiOptions = {}): Promise<Problem[]> {
  known('check', options, [...COMMON_KEYS, 'out'])
  return runCheck(resolve('check', options, { out: options.out }), reporter(options), options.signal)
}

export { checkExitCode, formatProblems } from './check/check.js'

/** The live preview: serves and rebuilds until `signal` aborts; resolves with the exit code (0 on a normal stop). */
export async function serve(options: ServeApiOptions & { signal: AbortSignal }): Promise<number> {
  known('serve', options, [...COMMON_KEYS, 'port', 'host', 'open', 'onLog'])
  const o = resolve('serve', options, { port: text(options.port), host: options.host, open: options.open })
  const { serve: run } = await import('./serve/serve.js')
  return run(o, reporter(options), options.signal, { log: options.onLog ?? (() => {}) })
}

/** API options → the command's typed options, through the same checks as the CLI's flags. */
function resolve<C extends CommandName>(command: C, options: CommonApiOptions, values: Values): CommandFor<C> {
  const common: Values = {
    as: options.as,
    theme: options.theme,
    photos: options.photos,
    browser: options.browser,
    timeout: text(options.timeout),
    quiet: !options.onInfo,
    attribute: Object.entries(options.attributes ?? {}).map(([k, v]) => `${k}=${v}`),
    root: options.root,
  }
  return resolveCommand(command, { ...common, ...values }, options.notes ?? [], {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    stderrIsTTY: false,
  })
}

const COMMON_KEYS: Array<keyof CommonApiOptions> = ['notes', 'as', 'attributes', 'root', 'cwd', 'theme', 'photos', 'browser', 'timeout', 'env', 'onWarning', 'onInfo', 'signal']
const BUILD_KEYS: Array<keyof BuildApiOptions> = [...COMMON_KEYS, 'out', 'talk', 'strict', 'keepMetadata', 'allowRemote']

/** An option the function does not take is a mistake to say, not to ignore (a script in JavaScript has no type check). */
function known(fn: string, options: object, keys: string[]): void {
  const unknown = Object.keys(options).filter((k) => !keys.includes(k))
  if (unknown.length > 0) {
    throw new BblError(`${fn}() takes no option ${unknown.map((k) => `"${k}"`).join(', ')}; its options are ${keys.join(', ')}`, ExitCode.USAGE)
  }
}

/** The flags `build` shares with `pdf`, as option values. */
function buildValues(options: BuildApiOptions): Values {
  return { out: options.out, talk: options.talk, strict: options.strict, 'keep-metadata': options.keepMetadata, 'allow-remote': options.allowRemote }
}

/** The PDFs' options, as option values. */
function pdfValues(options: PdfApiOptions): Values {
  return { layout: text(options.layout), paper: options.paper, 'no-talks': options.talks === false, 'no-handout': options.handout === false }
}

/** A number option as the command line would give it. */
const text = (n: number | undefined) => (n === undefined ? undefined : String(n))

function reporter(options: CommonApiOptions): Reporter {
  return {
    info: (msg) => options.onInfo?.(msg),
    warn: (file, w) => options.onWarning?.(file, w),
    debug: () => {},
  }
}
