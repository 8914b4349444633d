/**
 * Each command on options already resolved (src/core/options.ts): what the
 * command line (src/cli/main.ts) and the library API (src/index.ts) both call.
 * One browser per run, always closed; a file-system failure becomes the
 * BblError the CLI reports (exit 8), for API callers too.
 */
import type { BrowserManager } from './browser/manager.js'
import type { BuiltNotes } from './build/built.js'
import { reuseAll } from './build/reuse.js'
import type { OutputKind } from './core/config.js'
import type { Problem } from './check/check.js'
import { BblError, ExitCode } from './core/error.js'
import { fromFsError } from './core/fs-error.js'
import type { Manifest } from './core/manifest.js'
import type { BuildCommand, CheckCommand, ImagesCommand, PdfCommand, PptxCommand } from './core/options.js'
import type { Reporter } from './core/report.js'
import { stopNotesThread, warmNotesThread } from './notes/worker.js'

/** `build` on options already resolved (the CLI's way in); with outputs (`--pdf --pptx --images`), they are made in the same run. */
export async function runBuild(o: BuildCommand, report: Reporter, signal?: AbortSignal): Promise<Manifest[]> {
  // Unchanged notes and no other output asked for: their last build, without loading the parser or the browser (src/build/up-to-date.ts).
  const reuse = o.outputs.length === 0 ? await reuseAll(o, report).catch((e: unknown) => {
    throw fromFsError(e, o.cwd) ?? e
  }) : undefined
  if (reuse?.kept) return reuse.kept.map((b) => b.manifest)
  return withBrowser(o, report, signal, async (browser) => (await buildWithOutputs(o, browser, report, reuse?.checked)).map((b) => b.manifest))
}

/**
 * The decks, built once, and each output asked for made from them in the
 * build's temporary folder, one kind after another, with one browser: what
 * `bbl pdf`, `bbl pptx` and `bbl images` make, byte for byte, in one run.
 */
async function buildWithOutputs(o: BuildCommand, browser: BrowserManager, report: Reporter, checked?: ReadonlyMap<string, BuiltNotes | undefined>): Promise<BuiltNotes[]> {
  const { build: buildDecks } = await import('./build/build.js')
  const outputs = await Promise.all(o.outputs.map((kind) => outputFor(kind, o, browser, report)))
  if (outputs.length === 0) return buildDecks(o, browser, report, checked ? { checked } : {})
  browser.warm()
  const built = await buildDecks(o, browser, report, {
    beforeSwap: async (tmp, b, pages) => {
      for (const out of outputs) await out.make(tmp, b, pages)
    },
    sideBySide: o.outputs.every((kind) => kind === 'pdf'),
  })
  for (const b of built) for (const out of outputs) report.info(out.summary(b, o.cwd))
  return built
}

interface Output {
  make: (tmp: string, built: BuiltNotes, pages: number) => Promise<void>
  summary: (built: BuiltNotes, cwd: string) => string
}

async function outputFor(kind: OutputKind, o: BuildCommand, browser: BrowserManager, report: Reporter): Promise<Output> {
  if (kind === 'pdf') {
    const m = await import('./pdf/export.js')
    return { make: m.pdfHook(o, browser, report), summary: m.pdfSummary }
  }
  if (kind === 'pptx') {
    const m = await import('./pptx/export.js')
    return { make: m.pptxHook(o, browser, report), summary: m.pptxSummary }
  }
  const m = await import('./images/export.js')
  return { make: m.imagesHook(o, browser, report), summary: m.imagesSummary }
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
  const { check: run } = await import('./check/check.js')
  return withBrowser(o, report, signal, (browser) => run(o, browser, report))
}

/** One browser for the whole run, always closed: everything is written by then, so it is killed, not asked to save its profile. */
async function withBrowser<T>(o: BuildCommand | PdfCommand | PptxCommand | CheckCommand | ImagesCommand, report: Reporter, signal: AbortSignal | undefined, work: (browser: BrowserManager) => Promise<T>): Promise<T> {
  // Every command here parses notes: the parser loads in its thread while the rest of bbl does.
  warmNotesThread()
  const { browserFor } = await import('./browser/manager.js')
  const browser = browserFor(o, report.debug)
  try {
    // A browser that dies under the work is exit 6 at once, not after --timeout.
    return await interruptible(browser.watch(work(browser)), signal)
  } catch (e) {
    throw fromFsError(e, o.cwd) ?? e
  } finally {
    await browser.close({ fast: true, final: true })
  }
}

/** Reject with INTERRUPTED when the signal aborts, so `finally` blocks close the browser. */
function interruptible<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work
  let stop = () => {}
  const aborted = new Promise<never>((_, reject) => {
    stop = () => {
      // Notes being parsed (synchronous work, seconds on large notes) stop now, not when the parse ends.
      stopNotesThread()
      reject(new BblError('interrupted', ExitCode.INTERRUPTED))
    }
    if (signal.aborted) stop()
    else signal.addEventListener('abort', stop, { once: true })
  })
  // The listener goes with the work: a long-lived signal (bbl serve's, a caller's) keeps none of ours.
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', stop))
}
