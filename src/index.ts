/**
 * bbl's library API: what the command line does, callable from a script.
 *
 *   import { build, pdf } from 'bbl'
 *   const [manifest] = await build({ notes: ['decks/dataxday-2018.adoc'], out: 'dist' })
 *
 * Options take the same names, defaults and checks as the command line's flags
 * (src/core/options.ts declares them once); relative paths are taken from `cwd`
 * (default: the process's current folder). Each call finds, starts and always
 * closes its own browser. Failures the user can act on are thrown as `BblError`
 * (with `exitCode` and a one-line message); warnings go to `onWarning` and stay in
 * each manifest's `warnings`.
 */
import { browserFor, type BrowserManager } from './browser/manager.js'
import { build as buildDecks } from './build/build.js'
import type { Problem } from './build/check.js'
import { BblError, ExitCode } from './core/error.js'
import type { Manifest } from './core/manifest.js'
import { type BuildCommand, type CheckCommand, type CommandFor, type CommandName, type ImagesCommand, type Env, type PdfCommand, type PptxCommand, resolveCommand, type Values } from './core/options.js'
import type { Reporter } from './core/report.js'
import type { Warning } from './core/warning.js'

export { BblError, ExitCode, isBblError } from './core/error.js'
export type { DeckEntry, Manifest, PdfEntry, PptxEntry } from './core/manifest.js'
export type { Reporter } from './core/report.js'
export type { BuildCommand, CheckCommand, ImagesCommand, PdfCommand, PptxCommand, ServeCommand } from './core/options.js'
export type { Problem, ProblemLevel } from './build/check.js'
export type { Warning, WarningCode } from './core/warning.js'

export interface CommonApiOptions {
  /** Notes files (default: every .adoc in `decks/` of `cwd`). */
  notes?: string[]
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

export interface ImagesApiOptions extends BuildApiOptions {
  /** png (default), webp or jpeg. */
  format?: 'png' | 'webp' | 'jpeg'
  /** Image size as a multiple of 1280×720 (default: 1). */
  scale?: number
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

/** Builds the decks of each notes file into `out/<notes-name>/`; returns their manifests. */
export async function build(options: BuildApiOptions = {}): Promise<Manifest[]> {
  return runBuild(resolve('build', options, buildValues(options)), reporter(options), options.signal)
}

/** Builds the decks, then their PDFs (slides, handout, one per talk); returns the manifests, PDFs listed. */
export async function pdf(options: PdfApiOptions = {}): Promise<Manifest[]> {
  const o = resolve('pdf', options, {
    ...buildValues(options),
    layout: text(options.layout),
    paper: options.paper,
    'no-talks': options.talks === false,
    'no-handout': options.handout === false,
  })
  return runPdf(o, reporter(options), options.signal)
}

/**
 * Builds the decks, then an editable PowerPoint file of the recap and of each talk
 * (`<notes-name>.pptx`, `<talk-slug>.pptx`); returns the manifests, files listed in `pptx`.
 */
export async function pptx(options: PptxApiOptions = {}): Promise<Manifest[]> {
  return runPptx(resolve('pptx', options, { ...buildValues(options), 'no-talks': options.talks === false }), reporter(options), options.signal)
}

/** Builds the decks, then a picture of every slide and a thumbnail of each deck's title slide; returns the manifests. */
export async function images(options: ImagesApiOptions = {}): Promise<Manifest[]> {
  const o = resolve('images', options, { out: options.out, talk: options.talk, strict: options.strict, format: options.format, scale: text(options.scale) })
  return runImages(o, reporter(options), options.signal)
}

/**
 * Checks the notes as a build would, writing nothing; returns every problem with
 * its file and line (`level` error: notes unreadable; warning: what a build warns
 * about; info: hints). `checkExitCode` gives the CLI's exit code for them.
 */
export async function check(options: CheckApiOptions = {}): Promise<Problem[]> {
  return runCheck(resolve('check', options, { out: options.out }), reporter(options), options.signal)
}

export { checkExitCode, formatProblems } from './build/check.js'

/** The live preview: serves and rebuilds until `signal` aborts; resolves with the exit code (0 on a normal stop). */
export async function serve(options: ServeApiOptions & { signal: AbortSignal }): Promise<number> {
  const o = resolve('serve', options, { port: text(options.port), host: options.host, open: options.open })
  const { serve: run } = await import('./serve/serve.js')
  return run(o, reporter(options), options.signal, { log: options.onLog ?? (() => {}) })
}

/** API options → the command's typed options, through the same checks as the CLI's flags. */
function resolve<C extends CommandName>(command: C, options: CommonApiOptions, values: Values): CommandFor<C> {
  const common: Values = {
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

/** The flags `build` shares with `pdf`, as option values. */
function buildValues(options: BuildApiOptions): Values {
  return { out: options.out, talk: options.talk, strict: options.strict, 'keep-metadata': options.keepMetadata, 'allow-remote': options.allowRemote }
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

/** `build` on options already resolved (the CLI's way in). */
export function runBuild(o: BuildCommand, report: Reporter, signal?: AbortSignal): Promise<Manifest[]> {
  return withBrowser(o, report, signal, async (browser) => (await buildDecks(o, browser, report)).map((b) => b.manifest))
}

/** `pdf` on options already resolved (the CLI's way in). */
export async function runPdf(o: PdfCommand, report: Reporter, signal?: AbortSignal): Promise<Manifest[]> {
  const { exportPdfs } = await import('./pdf/export.js')
  return withBrowser(o, report, signal, async (browser) => (await exportPdfs(o, browser, report)).map((b) => b.manifest))
}

/** `pptx` on options already resolved (the CLI's way in). */
export async function runPptx(o: PptxCommand, report: Reporter, signal?: AbortSignal): Promise<Manifest[]> {
  const { exportPptx } = await import('./pptx/export.js')
  return withBrowser(o, report, signal, async (browser) => (await exportPptx(o, browser, report)).map((b) => b.manifest))
}

/** `images` on options already resolved (the CLI's way in). */
export async function runImages(o: ImagesCommand, report: Reporter, signal?: AbortSignal): Promise<Manifest[]> {
  const { exportImages } = await import('./images/export.js')
  return withBrowser(o, report, signal, async (browser) => (await exportImages(o, browser, report)).map((b) => b.manifest))
}

/** `check` on options already resolved (the CLI's way in). */
export async function runCheck(o: CheckCommand, report: Reporter, signal?: AbortSignal): Promise<Problem[]> {
  const { check: run } = await import('./build/check.js')
  return withBrowser(o, report, signal, (browser) => run(o, browser, report))
}

/** One browser for the whole run, always closed: everything is written by then, so it is killed, not asked to save its profile. */
async function withBrowser<T>(o: BuildCommand | PdfCommand | PptxCommand | CheckCommand | ImagesCommand, report: Reporter, signal: AbortSignal | undefined, work: (browser: BrowserManager) => Promise<T>): Promise<T> {
  const browser = browserFor(o, report.debug)
  try {
    // A browser that dies under the work is exit 6 at once, not after --timeout.
    return await interruptible(browser.watch(work(browser)), signal)
  } finally {
    await browser.close({ fast: true, final: true })
  }
}

/** Reject with INTERRUPTED when the signal aborts, so `finally` blocks close the browser. */
export function interruptible<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      const stop = () => reject(new BblError('interrupted', ExitCode.INTERRUPTED))
      if (signal.aborted) stop()
      else signal.addEventListener('abort', stop, { once: true })
    }),
  ])
}
