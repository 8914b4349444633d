/**
 * Running PDF jobs on the one browser's page pool (src/browser/page-pool.ts:
 * BBL_MEASURE_PAGES pages, or the cores, at most 4); each job printed, finished
 * (outline, information) and written, bounded by the timeout; the first
 * failure stops the others. Browser failures become one line naming the deck.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { browserFault } from '../browser/faults.js'
import type { BrowserManager } from '../browser/manager.js'
import { withTimeout } from '../browser/clocks.js'
import { type Lease, PagePool, type Seen } from '../browser/page-pool.js'
import { BblError, ExitCode, isBblError } from '../core/error.js'
import type { PdfEntry } from '../core/manifest.js'
import type { Reporter } from '../core/report.js'
import type { Warning } from '../core/warning.js'
import { slidesChanged } from '../notes/author-scripts.js'
import { finishPdf } from './file.js'
import type { Job } from './jobs.js'

export interface RunOptions {
  browser: BrowserManager
  /** Pages printing at once (a share of the browser's when several notes files print side by side). */
  pages: number
  report: Reporter
  timeoutMs: number
  progress: boolean
  /** The notes file, for messages. */
  source: string
  /** The line of its first passthrough script, if any: a deck whose slides change when it loads is blamed on it. */
  scriptLine?: number | undefined
  /** A job's file as the user sees it (relative to the current folder). */
  shown: (file: string) => string
}

export interface JobResult {
  entry: PdfEntry
  warnings: Warning[]
}

/** Runs every job into `tmp`; the results come back in the jobs' order, whichever finished first. */
export async function runJobs(tmp: string, jobs: Job[], r: RunOptions): Promise<JobResult[]> {
  // A page is reused from PDF to PDF; requests and errors go to the job it serves.
  const pool = new PagePool(r.browser, { root: tmp })
  try {
    const results = await pool.run(jobs, (job, lease) => runJob(tmp, job, lease, r), {
      size: r.pages,
      failed: (e, job, page) => browserFailure(e, whatOf(job), r.source, !page.browser().connected),
    })
    return results.filter((x) => x !== undefined)
  } finally {
    await pool.close()
  }
}

const whatOf = (job: Job) => `exporting ${job.what} to PDF`

/** Print, finish and write one PDF; undefined when the run was stopped meanwhile. */
async function runJob(tmp: string, job: Job, lease: Lease, r: RunOptions): Promise<JobResult | undefined> {
  const { page, signal } = lease
  const t0 = Date.now()
  const what = whatOf(job)
  let crash: (e: unknown) => void = () => undefined
  const crashed = new Promise<never>((_, reject) => {
    crash = (e) => reject(new BblError(`the browser page crashed while ${what} (${(e as Error).message})`, ExitCode.BROWSER))
  })
  crashed.catch(() => undefined)
  page.on('error', crash)
  try {
    const out = await withTimeout(Promise.race([job.run(page), crashed]), r.timeoutMs, what)
    const printed = Date.now()
    const done = await finishPdf(out.bytes, job.info, out.outline)
    if (out.slides !== undefined && done.pages !== out.slides) {
      throw slidesChanged({ file: r.source, scriptLine: r.scriptLine, what: job.what, found: done.pages, planned: out.slides })
    }
    if (signal.aborted) return undefined
    await writeFile(path.join(tmp, job.file), done.bytes)
    if (r.progress) r.report.info(`${r.shown(job.file)} (${done.pages} pages)`)
    r.report.debug(`${r.shown(job.file)}: ${done.pages} pages in ${Date.now() - t0} ms (finished in ${Date.now() - printed} ms)`)
    const unfinished: Warning[] = done.unfinished ? [{ code: 'PDF_UNFINISHED', message: `${job.what}: written without outline and information: ${done.unfinished}` }] : []
    return {
      entry: { kind: job.kind, file: job.file, pages: done.pages, title: job.title },
      warnings: [...pageWarnings(job, lease), ...(out.warnings ?? []), ...unfinished],
    }
  } finally {
    page.off('error', crash)
  }
}

function pageWarnings(job: Job, seen: Seen): Warning[] {
  return [
    ...[...seen.blocked].map((u): Warning => ({ code: 'NETWORK_REQUEST', message: `${job.what}: blocked a request outside the deck folder: ${u}` })),
    // Errors of the deck's own scripts: content the notes passed through.
    ...[...seen.errors].map((e): Warning => ({ code: 'PAGE_ERROR', message: `${job.what}: ${e}` })),
  ]
}

/** Browser-side failures become one line naming the deck (exit 6); anything else is a bug and keeps its stack. (bbl pptx's too.) */
export function browserFailure(e: unknown, what: string, file: string, browserGone: boolean): unknown {
  if (isBblError(e)) return e.where.file ? e : new BblError(e.message, e.exitCode, { file })
  if (browserGone) return new BblError(`the browser quit (crashed or was killed) while ${what}`, ExitCode.BROWSER, { file })
  const fault = browserFault(e)
  if (!fault) return e
  const msg = (e as Error).message.split('\n')[0]!
  const line = {
    timeout: `${what} did not finish in time; the page hangs or the browser is stuck`,
    gone: `the browser failed while ${what}: ${msg}`,
    protocol: `the browser failed while ${what}: ${msg}`,
    page: `${what} failed in the page: ${msg}`,
  }[fault]
  return new BblError(line, ExitCode.BROWSER, { file })
}
