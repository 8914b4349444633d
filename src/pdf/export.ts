/**
 * bbl pdf: build the decks, then export, next to them, the recap deck's slide
 * PDF, the handout and one PDF per talk. The export runs in the build's
 * temporary folder before it replaces the output, so a failure (no browser, a
 * hanging page, --strict and a warning) leaves the earlier output, PDFs
 * included, untouched. One browser for the whole run; its pages export in
 * parallel, as many as the machine has cores (at most 4).
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type Page, ProtocolError, TimeoutError } from 'puppeteer-core'
import { build, type BuiltNotes } from '../build/build.js'
import type { PdfEntry } from '../core/manifest.js'
import type { Reporter } from '../core/report.js'
import { type BrowserManager, withTimeout } from '../browser/manager.js'
import { BblError, ExitCode, isBblError } from '../core/error.js'
import { geometry, handoutModel } from './handout.js'
import { labelsFor } from '../notes/lang.js'
import { posix } from '../core/paths.js'
import type { Warning } from '../notes/model.js'
import type { PdfCommand } from '../core/options.js'
import { finishPdf, type OutlineEntry, type PdfInfo } from './file.js'
import { printHandout } from './handout-export.js'
import { printDeck, slidesOutline } from './slides.js'
import { pageAssets } from '../slides/render.js'
import { version } from '../core/version.js'

export async function exportPdfs(o: PdfCommand, browser: BrowserManager, report: Reporter): Promise<BuiltNotes[]> {
  const date = sourceDate(o.env['SOURCE_DATE_EPOCH'])
  // Every run needs the browser: start it while the notes are parsed.
  browser.warm()
  const built = await build(o, browser, report, {
    beforeSwap: (tmp, b) => exportNotes(tmp, b, { o, browser, report, date }),
  })
  for (const b of built) {
    const talks = b.manifest.pdfs.filter((p) => p.kind === 'talk')
    const each = b.manifest.pdfs.filter((p) => p.kind !== 'talk').map((p) => `${p.file} (${p.pages} pages)`)
    if (talks.length) each.push(`${talks.length} talk PDF${talks.length === 1 ? '' : 's'} (${talks.reduce((n, p) => n + p.pages, 0)} pages)`)
    report.info(`  PDF → ${posix(path.relative(o.cwd, b.dir) || b.dir)}/: ${each.join(', ')}`)
  }
  return built
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
  o: PdfCommand
  browser: BrowserManager
  report: Reporter
  date?: Date
}

interface Job {
  kind: PdfEntry['kind']
  file: string
  title: string
  /** What the job exports, for messages: the deck (or handout) path as the user sees it. */
  what: string
  run: (page: Page) => Promise<{ bytes: Uint8Array; outline: OutlineEntry[]; warnings?: Warning[]; slides?: number }>
  info: PdfInfo
}


async function exportNotes(tmp: string, built: BuiltNotes, ctx: Ctx): Promise<void> {
  const { o, browser, report } = ctx
  const conf = built.conference
  const labels = labelsFor(conf.lang)
  const recap = built.decks.find((d) => d.kind === 'recap')
  if (!recap) throw new Error(`${built.name}: no recap deck was built`)
  const shown = (file: string) => posix(path.relative(o.cwd, path.join(built.dir, file)))
  const base: Omit<PdfInfo, 'title'> = {
    ...(conf.author ? { author: conf.author } : {}),
    lang: conf.lang,
    creator: `bbl ${version}`,
    ...(ctx.date ? { date: ctx.date } : {}),
  }
  // The handout page links the deck's own stylesheets, as the build copied them.
  const assets = pageAssets({
    revealTheme: existsSync(path.join(tmp, 'assets', 'reveal-theme.css')),
    highlight: existsSync(path.join(tmp, 'assets', 'reveal', 'plugin', 'highlight')),
  })
  const jobs: Job[] = [
    {
      kind: 'slides',
      file: `${built.name}.pdf`,
      title: conf.titleText,
      what: shown(recap.file),
      info: { ...base, title: conf.titleText, subject: labels.recap, keywords: conf.talks.map((t) => t.titleText) },
      run: async (page) => {
        const p = await printDeck(page, path.join(tmp, recap.file))
        return { bytes: p.bytes, outline: slidesOutline(p.marks), slides: slideCount(built, recap.file) }
      },
    },
  ]
  if (o.handout) jobs.push(
    {
      kind: 'handout',
      file: `${built.name}-handout.pdf`,
      title: `${conf.titleText} · ${labels.handout}`,
      what: `the handout of ${shown(recap.file)}`,
      info: {
        ...base,
        title: `${conf.titleText} · ${labels.handout}`,
        subject: labels.handout,
        keywords: conf.talks.map((t) => t.titleText),
        paper: o.paper === 'a4' ? [595.28, 841.89] : [612, 792],
      },
      run: async (page) => {
        const model = handoutModel(conf, recap, built.fitted, labels)
        const geo = geometry(o.paper, o.layout)
        const p = await printHandout(page, tmp, model, geo, assets)
        const warnings: Warning[] = p.plan.clipped.map((i) => ({
          code: 'OVERFLOW',
          message: `handout: the speaker notes of "${model.slides[i]!.label}" hold a block taller than a page; it is cut. Split it into paragraphs.`,
        }))
        return { bytes: p.bytes, outline: p.outline, warnings }
      },
    },
  )
  const taken = new Set(jobs.map((j) => j.file))
  if (o.talks) {
    for (const d of built.decks) {
      if (d.kind !== 'talk' || !d.talk) continue
      const t = d.talk
      const file = d.file.replace(/\.html$/, '.pdf')
      if (taken.has(file)) {
        report.warn(built.manifest.source, { code: 'PDF_NAME', message: `talk "${t.titleText}": its PDF would be ${file}, a name taken by another PDF; no PDF for this talk` })
        continue
      }
      jobs.push({
        kind: 'talk',
        file,
        title: t.titleText,
        what: shown(d.file),
        info: {
          ...base,
          title: t.titleText,
          subject: [t.speakers.join(', '), t.company, conf.titleText].filter(Boolean).join(' · '),
          keywords: [...t.speakers, ...(t.company ? [t.company] : []), conf.titleText],
        },
        run: async (page) => {
          const p = await printDeck(page, path.join(tmp, d.file))
          return { bytes: p.bytes, outline: slidesOutline(p.marks), slides: slideCount(built, d.file) }
        },
      })
    }
  }

  const entries = new Map<Job, { entry: PdfEntry; warnings: Warning[] }>()
  const source = built.manifest.source
  // One page per worker, reused from PDF to PDF: a new page costs a renderer
  // process (~0.1 s each). Requests and errors go to the job it serves.
  const workers: Array<{ page?: Page; blocked: Set<string>; errors: Set<string> }> = []
  const pageOf = async (w: number) => {
    const slot = (workers[w] ??= { blocked: new Set(), errors: new Set() })
    slot.page ??= await browser.page(tmp, {
      onBlocked: (url) => slot.blocked.add(url),
      onError: (msg) => {
        // Blocked requests are reported once, below, not as each console error they cause.
        if (!/ERR_BLOCKED_BY_CLIENT/.test(msg)) slot.errors.add(msg)
      },
    })
    slot.blocked.clear()
    slot.errors.clear()
    return { slot, page: slot.page }
  }
  try {
    await pool(jobs, poolSize(), async (job, signal, w) => {
      const { slot, page } = await pageOf(w)
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
        const out = await withTimeout(Promise.race([job.run(page), crashed]), o.timeoutMs, what)
        const printed = Date.now()
        const done = await finishPdf(out.bytes, job.info, out.outline)
        if (out.slides !== undefined && done.pages !== out.slides) {
          throw new Error(`${job.what}: reveal.js printed ${done.pages} pages for ${out.slides} slides`)
        }
        if (signal.aborted) return
        await writeFile(path.join(tmp, job.file), done.bytes)
        entries.set(job, {
          entry: { kind: job.kind, file: job.file, pages: done.pages, title: job.title },
          warnings: [
            ...[...slot.blocked].map((u): Warning => ({ code: 'NETWORK_REQUEST', message: `${job.what}: blocked a request outside the deck folder: ${u}` })),
            // Errors of the deck's own scripts: content the notes passed through.
            ...[...slot.errors].map((e): Warning => ({ code: 'PAGE_ERROR', message: `${job.what}: ${e}` })),
            ...(out.warnings ?? []),
            ...(done.unfinished ? [{ code: 'PDF_UNFINISHED', message: `${job.what}: written without outline and information: ${done.unfinished}` } satisfies Warning] : []),
          ],
        })
        if (o.progress) report.info(`${shown(job.file)} (${done.pages} pages)`)
        report.debug(`${shown(job.file)}: ${done.pages} pages in ${Date.now() - t0} ms (finished in ${Date.now() - printed} ms)`)
      } catch (e) {
        // A page that failed (hung, crashed) is not used again.
        slot.page = undefined
        await closePage(page)
        throw browserFailure(e, what, source, !page.browser().connected)
      } finally {
        signal.removeEventListener('abort', stop)
        page.off('error', crash)
      }
    })
  } finally {
    await Promise.all(workers.map((w) => w.page && closePage(w.page)))
  }

  // In the jobs' order, whichever finished first: the manifest is the same from run to run.
  const results = jobs.flatMap((j) => entries.get(j) ?? [])
  const warnings = results.flatMap((r) => r.warnings)
  for (const w of warnings) report.warn(source, w)
  built.manifest.warnings.push(...warnings)
  built.manifest.pdfs.push(...results.map((r) => r.entry))
  if (o.strict && warnings.length > 0) {
    const kept = `The earlier output in ${posix(path.relative(o.cwd, built.dir)) || built.dir} is kept.`
    throw new BblError(`${warnings.length} warning(s) while exporting PDFs and --strict is set; fix them, or drop --strict. ${kept}`, ExitCode.STRICT, { file: source })
  }
}

/** How many slides the build says a deck has: its PDF must have as many pages. */
function slideCount(built: BuiltNotes, file: string): number | undefined {
  return built.manifest.decks.find((d) => d.file === file)?.slides
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

/** Browser-side failures become one line naming the deck (exit 6); anything else is a bug and keeps its stack. */
function browserFailure(e: unknown, what: string, file: string, browserGone: boolean): unknown {
  if (isBblError(e)) return e.where.file ? e : new BblError(e.message, e.exitCode, { file })
  if (browserGone) return new BblError(`the browser quit (crashed or was killed) while ${what}`, ExitCode.BROWSER, { file })
  if (e instanceof TimeoutError) return new BblError(`${what} did not finish in time; the page hangs or the browser is stuck`, ExitCode.BROWSER, { file })
  const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e)
  if (e instanceof ProtocolError || /Target closed|Session closed|Connection closed|detached|crash|Execution context/i.test(msg)) {
    return new BblError(`the browser failed while ${what}: ${msg}`, ExitCode.BROWSER, { file })
  }
  // An exception thrown in the page (the deck's scripts, reveal.js missing).
  if (e instanceof Error && /pptr:|__puppeteer_evaluation_script__/.test(e.stack ?? '')) {
    return new BblError(`${what} failed in the page: ${msg}`, ExitCode.BROWSER, { file })
  }
  return e
}
