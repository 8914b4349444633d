/**
 * The one page pool: PDFs, PowerPoint files and slide measuring all run their
 * jobs on pages of the one browser through it. It owns how many pages work at
 * once (the browser manager's `pages`: BBL_MEASURE_PAGES, or the cores, at most 4),
 * reuses a page from job to job (a new page costs a renderer process, ~0.1 s),
 * tells each job what its page blocked and which errors it saw, stops the other
 * jobs at the first failure, and closes its pages when closed itself. A pool may
 * outlive one run: bbl serve keeps its measuring pages from build to build.
 */
import type { Page } from 'puppeteer-core'
import type { BrowserManager } from './manager.js'

/** What pages saw: requests blocked (outside the deck folder) and page errors (console errors, uncaught exceptions). */
export interface Seen {
  readonly blocked: Set<string>
  readonly errors: Set<string>
}

/** A page lent to one job, and what it saw while serving that job. */
export interface Lease extends Seen {
  readonly page: Page
  /** Aborted when another job of the run failed (its page is being closed). */
  readonly signal: AbortSignal
}

export interface PagePoolOptions {
  /** The only folder the pages may load from; a function when it moves (bbl serve's build folders). */
  root: string | (() => string)
  /** Run once on each new page before its first job (a viewport, a script for every document). A page it fails on is closed. */
  setup?: (page: Page) => Promise<void>
}

export interface RunOptions<T> {
  /** At most this many pages at once (never more than the browser manager's `pages`). */
  size?: number
  /** What a job's failure becomes, asked once its page is closed (a browser that died has said so by then). */
  failed?: (e: unknown, item: T, page: Page) => unknown
}

/** The part of the browser manager a pool uses. */
export type PageSource = Pick<BrowserManager, 'pages' | 'page'>

/** A page of the pool, and the job it serves (what it sees goes to that job). */
interface Held {
  page: Page
  job?: Seen
}

/** A blocked request shows as a console error too: it is reported once, as blocked. */
const BLOCKED_ERROR = /ERR_BLOCKED_BY_CLIENT/

const nothingSeen = (): Seen => ({ blocked: new Set(), errors: new Set() })

export class PagePool implements AsyncDisposable {
  /** Everything the pool's pages saw, whichever job they served (or none); the caller may clear it. */
  readonly seen: Seen = nothingSeen()
  private idle: Held[] = []
  private readonly busy = new Set<Held>()

  constructor(
    private readonly browser: PageSource,
    private readonly opts: PagePoolOptions,
  ) {}

  /** The open pages no job is using (bbl serve's measuring pages, to move to another build folder). */
  get pages(): Page[] {
    return this.open().map((h) => h.page)
  }

  /**
   * At least `n` pages ready (at most the pool's size), opened side by side. The
   * pages that opened are kept even when another did not; the first failure is thrown.
   */
  async fill(n: number): Promise<void> {
    this.idle = this.open()
    const opened = await Promise.allSettled(Array.from({ length: Math.max(0, this.size(n) - this.idle.length) }, () => this.newPage()))
    for (const o of opened) if (o.status === 'fulfilled') this.idle.push(o.value)
    const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected')
    if (failed) throw failed.reason
  }

  /**
   * `work` over `items`, on at most `size` pages at once, each job on a page of
   * its own; the results in the items' order, whichever finished first. The first
   * failure stops the rest: no job starts after it, the pages of those running are
   * closed (each job bounded by its own clock, settling never hangs), and it is
   * thrown once all have settled. A page whose job failed is not used again.
   */
  async run<T, R>(items: readonly T[], work: (item: T, lease: Lease) => Promise<R>, o: RunOptions<T> = {}): Promise<R[]> {
    const ctl = new AbortController()
    const out: R[] = new Array(items.length)
    let next = 0
    let failure: { e: unknown } | undefined
    const stop = (e: unknown) => {
      if (failure) return
      failure = { e }
      ctl.abort()
      for (const h of this.busy) void closePage(h.page)
    }
    const worker = async () => {
      while (!ctl.signal.aborted && next < items.length) {
        const i = next++
        await this.serve(items[i]!, ctl.signal, work, o).then((r) => {
          out[i] = r
        }, stop)
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.size(o.size), items.length) }, worker))
    if (failure) throw failure.e
    return out
  }

  /** Start `seen` afresh (bbl serve's next build). */
  forget(): void {
    this.seen.blocked.clear()
    this.seen.errors.clear()
  }

  /** Close every page (a later run opens new ones). */
  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy]
    this.idle = []
    this.busy.clear()
    await Promise.all(all.map((h) => closePage(h.page)))
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  /** One job on a page of the pool; its page goes back to the pool, or is closed if the job failed or the run stopped. */
  private async serve<T, R>(item: T, signal: AbortSignal, work: (item: T, lease: Lease) => Promise<R>, o: RunOptions<T>): Promise<R> {
    this.idle = this.open()
    const held = this.idle.shift() ?? (await this.newPage())
    const job = nothingSeen()
    held.job = job
    this.busy.add(held)
    try {
      const r = await work(item, { page: held.page, signal, ...job })
      await this.giveBack(held, signal.aborted)
      return r
    } catch (e) {
      await this.giveBack(held, true)
      throw o.failed ? o.failed(e, item, held.page) : e
    }
  }

  private async giveBack(held: Held, discard: boolean): Promise<void> {
    held.job = undefined
    this.busy.delete(held)
    if (discard || held.page.isClosed()) await closePage(held.page)
    else this.idle.push(held)
  }

  /** A new page whose blocked requests and errors go to the job it serves, and to the pool's `seen`. */
  private async newPage(): Promise<Held> {
    const held = { job: undefined } as Held
    const note = (kind: keyof Seen, what: string) => {
      held.job?.[kind].add(what)
      this.seen[kind].add(what)
    }
    // Behind the others: opening a page never hides one laying out a deck in front (inFront,
    // src/pdf/slides.ts), whichever notes file it prints; a page that needs frames comes forward there.
    held.page = await this.browser.page(this.opts.root, {
      background: true,
      onBlocked: (url) => note('blocked', url),
      onError: (msg) => {
        if (!BLOCKED_ERROR.test(msg)) note('errors', msg)
      },
    })
    try {
      await this.opts.setup?.(held.page)
    } catch (e) {
      await closePage(held.page)
      throw e
    }
    return held
  }

  /** The idle pages still open (a browser that died took its pages with it). */
  private open(): Held[] {
    return this.idle.filter((h) => !h.page.isClosed())
  }

  /** `asked` pages, at most the browser manager's `pages`, at least one. */
  private size(asked?: number): number {
    const most = this.browser.pages
    return Math.max(1, Math.min(asked ?? most, most))
  }
}

/** A page whose renderer hangs may not close politely: waited for 2 s at most (the browser is closed at the end of the run anyway). */
export async function closePage(page: Page): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    page.close().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 2000)
    }),
  ])
  clearTimeout(timer)
}
