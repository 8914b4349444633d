/**
 * Running PDF jobs on the one browser: as many pages as the machine has cores
 * (at most 4), each reused from job to job; each job printed, finished
 * (outline, information) and written, bounded by the timeout; the first
 * failure stops the others. Browser failures become one line naming the deck.
 */
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'puppeteer-core'
import { browserFault } from '../browser/faults.js'
import { type BrowserManager, withTimeout } from '../browser/manager.js'
import { BblError, ExitCode, isBblError } from '../core/error.js'
import type { PdfEntry } from '../core/manifest.js'
import type { Reporter } from '../core/report.js'
import type { Warning } from '../core/warning.js'
import { slidesChanged } from '../notes/author-scripts.js'
import { finishPdf } from './file.js'
import type { Job } from './jobs.js'

export interface RunOptions {
  browser: BrowserManager
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

/** A worker's page, reused from job to job, and what it saw while serving the current one. */
interface Slot {
  page?: Page
  blocked: Set<string>
  errors: Set<string>
}

/** Runs every job into `tmp`; the results come back in the jobs' order, whichever finished first. */
export async function runJobs(tmp: string, jobs: Job[], r: RunOptions): Promise<JobResult[]> {
  const entries = new Map<Job, JobResult>()
  // One page per worker, reused from PDF to PDF: a new page costs a renderer
  // process (~0.1 s each). Requests and errors go to the job it serves.
  const slots: Slot[] = []
  try {
    await pool(jobs, poolSize(), async (job, signal, w) => {
      slots[w] ??= { blocked: new Set(), errors: new Set() }
      const slot = slots[w]
      const result = await runJob(tmp, job, await pageFor(slot, tmp, r.browser), slot, signal, r)
      if (result) entries.set(job, result)
    })
  } finally {
    await Promise.all(slots.map((s) => s.page && closePage(s.page)))
  }
  return jobs.flatMap((j) => entries.get(j) ?? [])
}

async function pageFor(slot: Slot, tmp: string, browser: BrowserManager): Promise<Page> {
  slot.page ??= await browser.page(tmp, {
    onBlocked: (url) => slot.blocked.add(url),
    onError: (msg) => {
      // Blocked requests are reported once, as warnings, not as each console error they cause.
      if (!/ERR_BLOCKED_BY_CLIENT/.test(msg)) slot.errors.add(msg)
    },
  })
  slot.blocked.clear()
  slot.errors.clear()
  return slot.page
}

/** Print, finish and write one PDF; undefined when the run was stopped meanwhile. */
async function runJob(tmp: string, job: Job, page: Page, slot: Slot, signal: AbortSignal, r: RunOptions): Promise<JobResult | undefined> {
  const t0 = Date.now()
  const what = `exporting ${job.what} to PDF`
  const stop = () => void page.close().catch(() => undefined)
  let crash: (e: unknown) => void = () => undefined
  const crashed = new Promise<never>((_, reject) => {
    crash = (e) => reject(new BblError(`the browser page crashed while ${what} (${(e as Error).message})`, ExitCode.BROWSER))
  })
  crashed.catch(() => undefined)
  signal.addEventListener('abort', stop, { once: true })
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
      warnings: [...pageWarnings(job, slot), ...(out.warnings ?? []), ...unfinished],
    }
  } catch (e) {
    // A page that failed (hung, crashed) is not used again.
    slot.page = undefined
    await closePage(page)
    throw browserFailure(e, what, r.source, !page.browser().connected)
  } finally {
    signal.removeEventListener('abort', stop)
    page.off('error', crash)
  }
}

function pageWarnings(job: Job, slot: Slot): Warning[] {
  return [
    ...[...slot.blocked].map((u): Warning => ({ code: 'NETWORK_REQUEST', message: `${job.what}: blocked a request outside the deck folder: ${u}` })),
    // Errors of the deck's own scripts: content the notes passed through.
    ...[...slot.errors].map((e): Warning => ({ code: 'PAGE_ERROR', message: `${job.what}: ${e}` })),
  ]
}

const poolSize = () => Math.max(1, Math.min(4, os.availableParallelism()))

/**
 * Run `work` over `items`, `size` at a time (`worker` says which of the
 * `size` runs it). The first failure stops the others (their signal aborts)
 * and is thrown once all have settled; each job is bounded by its own
 * timeout, so settling never hangs.
 */
async function pool<T>(items: T[], size: number, work: (item: T, signal: AbortSignal, worker: number) => Promise<void>): Promise<void> {
  const ctl = new AbortController()
  let next = 0
  let failure: { e: unknown } | undefined
  const worker = async (w: number) => {
    while (!ctl.signal.aborted && next < items.length) {
      const item = items[next++]!
      try {
        await work(item, ctl.signal, w)
      } catch (e) {
        if (!failure) {
          failure = { e }
          ctl.abort()
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, (_, w) => worker(w)))
  if (failure) throw failure.e
}

/** A page whose renderer hangs may not close politely; the browser is closed at the end of the run anyway. */
async function closePage(page: Page): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    page.close().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 2000)
    }),
  ])
  clearTimeout(timer)
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
