/**
 * bbl pdf: build the decks, then export, next to them, the recap deck's slide
 * PDF, the handout and one PDF per talk. The export runs in the build's
 * temporary folder before it replaces the output, so a failure (no browser, a
 * hanging page, --strict and a warning) leaves the earlier output, PDFs
 * included, untouched. One browser for the whole run; its pages export in
 * parallel, as many as the machine has cores (at most 4).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { build, type BuiltNotes } from '../build/build.js'
import { pdfSource } from '../build/carry-over.js'
import type { PdfEntry } from '../core/manifest.js'
import type { BrowserManager } from '../browser/manager.js'
import { BblError, ExitCode } from '../core/error.js'
import type { PdfCommand } from '../core/options.js'
import { posix } from '../core/paths.js'
import type { Reporter } from '../core/report.js'
import { pageAssets } from '../slides/render.js'
import { pdfJobs } from './jobs.js'
import { runJobs } from './runner.js'

export async function exportPdfs(o: PdfCommand, browser: BrowserManager, report: Reporter): Promise<BuiltNotes[]> {
  const pdfs = pdfHook(o, browser, report)
  // Every run needs the browser: start it while the notes are parsed.
  browser.warm()
  const built = await build(o, browser, report, { beforeSwap: pdfs, sideBySide: true })
  for (const b of built) report.info(pdfSummary(b, o.cwd))
  return built
}

/** What the PDF export reads of a command's options (bbl pdf's, or bbl build --pdf's). */
export type PdfOptions = Pick<PdfCommand, 'cwd' | 'env' | 'handout' | 'talks' | 'paper' | 'layout' | 'strict' | 'timeoutMs' | 'progress'>

/** The export of a notes file's PDFs into the build's temporary folder (a BuildHooks.beforeSwap). */
export function pdfHook(o: PdfOptions, browser: BrowserManager, report: Reporter): (tmp: string, built: BuiltNotes, pages: number) => Promise<void> {
  const date = sourceDate(o.env['SOURCE_DATE_EPOCH'])
  return (tmp, b, pages) => exportNotes(tmp, b, { o, browser, report, date, pages })
}

/** The line that says which PDFs a notes file got. */
export function pdfSummary(b: BuiltNotes, cwd: string): string {
  const talks = b.manifest.pdfs.filter((p) => p.kind === 'talk')
  const each = b.manifest.pdfs.filter((p) => p.kind !== 'talk').map((p) => `${p.file} (${p.pages} pages)`)
  if (talks.length) each.push(`${talks.length} talk PDF${talks.length === 1 ? '' : 's'} (${talks.reduce((n, p) => n + p.pages, 0)} pages)`)
  return `  PDF → ${posix(path.relative(cwd, b.dir) || b.dir)}/: ${each.join(', ')}`
}

/** A PDF's entry with what it was made from: the handout's options, and the hash a later run compares (src/build/carry-over.ts). */
async function stamped(entry: PdfEntry, built: BuiltNotes, o: PdfOptions): Promise<PdfEntry> {
  const e: PdfEntry = entry.kind === 'handout' ? { ...entry, layout: o.layout, paper: o.paper } : entry
  const { deck, what } = pdfSource(e)
  return { ...e, hash: await built.hashOf(deck, what) }
}

/** SOURCE_DATE_EPOCH (reproducible builds): the PDFs' dates, so that two runs give the same bytes. */
export function sourceDate(value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value.trim())) {
    throw new BblError(`SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01, not "${value}"`, ExitCode.USAGE)
  }
  return new Date(Number(value.trim()) * 1000)
}

interface Ctx {
  o: PdfOptions
  browser: BrowserManager
  report: Reporter
  date?: Date
  /** Pages printing at once. */
  pages: number
}

async function exportNotes(tmp: string, built: BuiltNotes, ctx: Ctx): Promise<void> {
  const { o, report } = ctx
  const source = built.manifest.source
  const assets = pageAssets({
    revealTheme: existsSync(path.join(tmp, 'assets', 'reveal-theme.css')),
    highlight: existsSync(path.join(tmp, 'assets', 'reveal', 'plugin', 'highlight')),
  })
  const jobs = pdfJobs(tmp, built, { o, assets, date: ctx.date, warn: (w) => report.warn(source, w) })
  const shown = (file: string) => posix(path.relative(o.cwd, path.join(built.dir, file)))
  const results = await runJobs(tmp, jobs, { browser: ctx.browser, pages: ctx.pages, report, timeoutMs: o.timeoutMs, progress: o.progress, source, scriptLine: built.scriptLine, shown })
  // In the jobs' order, whichever finished first: the manifest is the same from run to run.
  const warnings = results.flatMap((r) => r.warnings)
  for (const w of warnings) report.warn(source, w)
  built.manifest.warnings.push(...warnings)
  built.manifest.pdfs.push(...(await Promise.all(results.map((r) => stamped(r.entry, built, o)))))
  if (o.strict && warnings.length > 0) {
    const kept = `The earlier output in ${posix(path.relative(o.cwd, built.dir)) || built.dir} is kept.`
    throw new BblError(`${warnings.length} warning(s) while exporting PDFs and --strict is set; fix them, or drop --strict. ${kept}`, ExitCode.STRICT, { file: source })
  }
}

