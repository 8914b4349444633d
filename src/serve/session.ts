/**
 * A serve session's builds: each notes file is rebuilt when it (or a file it
 * includes, or one of its pictures) is saved, and the open pages whose content
 * changed are told to reload. A failed build keeps the last good decks served
 * and shows its error over the open pages until the next good build. A theme
 * change rebuilds everything. src/serve/serve.ts starts and stops the session.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { loadNotes } from '../notes/asciidoc.js'
import { type BuiltNotes, buildNotes, type BuildOptions, writeLanding } from '../build/build.js'
import type { Reporter } from '../core/report.js'
import type { BrowserManager } from '../browser/manager.js'
import { type BblError, ExitCode, isBblError } from '../core/error.js'
import type { ServeCommand } from '../core/options.js'
import { Measurer } from '../slides/fit.js'
import type { PictureMemo } from '../assets/picture-memo.js'
import { outOfFiles, outOfFilesError } from '../core/fs-error.js'
import type { Fitted } from '../slides/render.js'
import { ALL, type LiveSite } from './server.js'
import { type ResolvedTheme, resolveTheme } from '../assets/theme.js'
import { imageFiles, THEME, themeFiles, Watcher } from './watcher.js'

/** How long a build that ran out of file descriptors waits before it is tried again. */
const OUT_OF_FILES_RETRY_MS = 1000

export interface BuildEvent {
  /** The notes file, as given. */
  file: string
  ok: boolean
  /** From the start of the rebuild (once the save burst is over) to the pages being told. */
  ms: number
  /** Pages told to reload: `/index.html`, `/<notes-name>/<deck>.html`. */
  pages: string[]
  /** `file:line: message` when the build failed. */
  error?: string
}

export interface Notes {
  /** As given, for messages. */
  file: string
  abs: string
  name: string
  /** Picture paths found at the last good parse. */
  images: string[]
  /** Files the notes include, from the last good parse. */
  includes: string[]
  /** Hash of every file of the last good output, by path inside the folder. */
  hashes: Map<string, string>
  /** Warnings printed by the last build: a rebuild prints only new ones. */
  warned: Set<string>
  built: boolean
  /** What the builds wrote for each picture: a rebuild writes an unchanged picture again without preparing it. */
  pictures: PictureMemo
}

export interface SessionParts {
  o: ServeCommand
  report: Reporter
  notes: Notes[]
  /** The folder served (real path). */
  root: string
  site: LiveSite
  browser: BrowserManager
  theme: ResolvedTheme
  /** Lines shown whatever --quiet says (build errors). */
  log: (line: string) => void
  onBuild?: (e: BuildEvent) => void
  /** A build hit an error that ends the session (no browser to be found). */
  onFatal: (e: BblError) => void
}

export class Session {
  readonly watcher: Watcher
  private readonly buildOpts: BuildOptions
  private readonly fitCache = new Map<string, Fitted>()
  /** One measuring page for the whole session: a rebuild only lays out what changed. */
  private readonly measurer: Measurer
  private theme: ResolvedTheme
  private landingHash = ''
  private stopping = false
  private readonly pending = new Set<Notes>()
  private themeChanged = false
  private running: Promise<void> | undefined

  constructor(private readonly p: SessionParts) {
    const { o } = p
    this.theme = p.theme
    this.measurer = new Measurer(p.browser)
    this.buildOpts = { inputs: p.notes.map((n) => n.abs), outDir: p.root, theme: o.theme, ...(o.themeChosen ? { themeChosen: true } : {}), strict: false, cwd: o.cwd, photos: o.photos, ...(o.as ? { as: o.as } : {}), ...(o.attributes ? { attributes: o.attributes } : {}), ...(o.root ? { root: o.root } : {}) }
    this.watcher = new Watcher((owners) => this.saved(owners), { onError: (e) => p.report.debug(`watcher: ${e.message}`) })
  }

  /** Watch the notes and the theme, then build everything once. */
  async start(): Promise<void> {
    for (const n of this.p.notes) this.watcher.track(n.abs, [n.abs])
    this.watcher.track(THEME, await themeFiles(this.p.o.theme, this.p.o.cwd))
    await this.watcher.whenReady()
    return this.schedule(this.p.notes)
  }

  /** No build starts after this; the one running ends once the browser is closed. */
  async stop(): Promise<void> {
    this.stopping = true
    await this.watcher.close()
  }

  /** The build running, if any, to wait for after the browser was closed. */
  settled(): Promise<void> {
    return this.running?.catch(() => undefined) ?? Promise.resolve()
  }

  private saved(owners: string[]): void {
    if (owners.includes(THEME)) {
      this.themeChanged = true
      void this.schedule(this.p.notes)
    } else {
      void this.schedule(this.p.notes.filter((n) => owners.includes(n.abs)))
    }
  }

  private schedule(list: Notes[]): Promise<void> {
    for (const n of list) this.pending.add(n)
    this.running ??= this.drain().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async drain(): Promise<void> {
    while (!this.stopping && (this.pending.size > 0 || this.themeChanged)) {
      if (this.themeChanged) await this.reloadTheme()
      const batch = [...this.pending]
      this.pending.clear()
      for (const n of batch) if (!this.stopping) await this.rebuild(n)
    }
  }

  private async reloadTheme(): Promise<void> {
    const { o, site } = this.p
    this.themeChanged = false
    try {
      this.theme = await resolveTheme(o.theme, o.cwd)
      site.clearError(ALL)
      // Measurements made with the old theme are of no further use.
      this.fitCache.clear()
    } catch (e) {
      const line = isBblError(e) ? e.oneLine() : String(e)
      site.setError(ALL, line)
      this.p.log(`${this.red('error')}: ${line}`)
      site.announce([])
      this.pending.clear()
    }
    this.watcher.track(THEME, await themeFiles(o.theme, o.cwd).catch(() => []))
  }

  private async rebuild(n: Notes, retry = true): Promise<void> {
    const t0 = performance.now()
    // Until this save parses, the files of the last good parse stay watched.
    this.watcher.track(n.abs, [n.abs, ...n.includes, ...n.images])
    const warned = new Set<string>()
    try {
      const doc = await loadNotes(n.abs, this.p.o.cwd, { attributes: this.p.o.attributes, root: this.p.o.root })
      n.images = imageFiles(doc, n.abs, this.p.o.cwd)
      n.includes = doc.includes
      this.watcher.track(n.abs, [n.abs, ...n.includes, ...n.images])
      const t1 = performance.now()
      n.pictures.begin()
      const built = await buildNotes(n.abs, this.buildOpts, this.p.browser, this.reporter(n, warned), {
        theme: this.theme,
        parsed: doc,
        fitCache: this.fitCache,
        measurer: this.measurer,
        pictures: n.pictures,
      })
      n.pictures.prune()
      n.warned = warned
      await this.announce(n, built, t0, t1)
    } catch (e) {
      if (this.stopping) return
      await this.failed(n, e, t0, retry)
    }
  }

  /** A good build: tell the pages that changed, and say so. */
  private async announce(n: Notes, built: BuiltNotes, t0: number, t1: number): Promise<void> {
    const { report, site } = this.p
    const t2 = performance.now()
    await writeLanding(this.p.root)
    const after = await hashFiles(built.dir, (f) => n.pictures.sha1(f))
    const pages = changedPages(n.name, n.hashes, after)
    n.hashes = after
    const landing = createHash('sha1')
      .update(await readFile(path.join(this.p.root, 'index.html')))
      .digest('base64')
    if (landing !== this.landingHash) pages.push('/index.html')
    this.landingHash = landing
    const first = !n.built
    n.built = true
    site.clearError(n.name)
    site.announce(pages)
    const ms = Math.round(performance.now() - t0)
    report.debug(`${n.file}: parsed in ${Math.round(t1 - t0)} ms, built in ${Math.round(t2 - t1)} ms, pages compared in ${Math.round(performance.now() - t2)} ms`)
    report.info(first ? firstBuildLine(n, built, ms) : rebuildLine(n, pages, ms))
    this.p.onBuild?.({ file: n.file, ok: true, ms, pages })
  }

  /** A failed build: the last good decks stay served, the error shows over the open pages. */
  private async failed(n: Notes, caught: unknown, t0: number, retry: boolean): Promise<void> {
    const { report, site } = this.p
    if (isBblError(caught) && caught.exitCode === ExitCode.NO_BROWSER) return this.p.onFatal(caught)
    // Out of file descriptors (too many connections): a resource, not a bug. Said, then tried again a little later.
    const out = outOfFiles(caught)
    const e = out ? outOfFilesError(out) : caught
    if (out && retry) {
      this.p.log(`${this.red('error')}: ${n.file}: ${outOfFilesError(out).message}; building again in ${OUT_OF_FILES_RETRY_MS / 1000} s`)
      await new Promise((r) => setTimeout(r, OUT_OF_FILES_RETRY_MS))
      if (this.stopping) return
      return this.rebuild(n, false)
    }
    // A browser that crashed (or was killed) shows as a plain error ("Connection closed"):
    // start another and try once more. One that hung is started afresh for the next build.
    if (!isBblError(e) && retry) {
      report.debug(`${n.file}: ${(e as Error).message}; restarting the browser and building again`)
      await this.closeBrowser()
      return this.rebuild(n, false)
    }
    if (isBblError(e) && e.exitCode === ExitCode.BROWSER) await this.closeBrowser()
    const line = this.errorLine(n, e)
    if (!isBblError(e)) report.debug((e as Error).stack ?? String(e))
    site.setError(n.name, line)
    site.announce([])
    this.p.log(`${this.red('error')}: ${line}${n.built ? ' (the last good decks stay served)' : ''}`)
    this.p.onBuild?.({ file: n.file, ok: false, ms: Math.round(performance.now() - t0), pages: [], error: line })
  }

  private async closeBrowser(): Promise<void> {
    await this.measurer.close()
    await this.p.browser.close()
  }

  private errorLine(n: Notes, e: unknown): string {
    const { cwd } = this.p.o
    if (!isBblError(e)) return `${n.file}: bbl failed (a bug, please report it): ${(e as Error).message}`
    const abs = e.where.file ? path.resolve(cwd, e.where.file) : undefined
    const file = abs ? path.relative(cwd, abs) || abs : undefined
    return `${file ? `${file}${e.where.line ? `:${e.where.line}` : ''}` : n.file}: ${e.message}`
  }

  /** The session's reporter for one build: a rebuild prints only the warnings that are new. */
  private reporter(n: Notes, warned: Set<string>): Reporter {
    const { report } = this.p
    return {
      info: report.info,
      debug: report.debug,
      warn: (_file, w) => {
        const key = `${w.code}\u0000${w.message}`
        warned.add(key)
        if (!n.warned.has(key)) report.warn(n.file, w)
      },
    }
  }

  private red(s: string): string {
    return this.p.o.color ? `\x1b[31m${s}\x1b[39m` : s
  }
}

function firstBuildLine(n: Notes, built: BuiltNotes, ms: number): string {
  const m = built.manifest
  const talks = m.decks.filter((d) => d.kind === 'talk').length
  return `${n.file} → /${n.name}/ (recap: ${m.decks.find((d) => d.kind === 'recap')?.slides ?? 0} slides, ${talks} talk deck${talks === 1 ? '' : 's'}) in ${ms} ms`
}

function rebuildLine(n: Notes, pages: string[], ms: number): string {
  const changed = pages.length ? `${pages.length} page${pages.length === 1 ? '' : 's'} changed (open ones reload)` : 'no page changed'
  return `${n.file} rebuilt in ${ms} ms; ${changed}`
}

/**
 * Hash of every file under `dir`, by its path inside it; `known` gives the hash
 * of a file the build wrote from bytes kept in memory (pictures), not read again.
 */
async function hashFiles(dir: string, known: (file: string) => string | undefined): Promise<Map<string, string>> {
  const files = (await readdir(dir, { withFileTypes: true, recursive: true })).filter((e) => e.isFile())
  const out = await Promise.all(
    files.map(async (e) => {
      const abs = path.join(e.parentPath, e.name)
      const rel = path.relative(dir, abs).split(path.sep).join('/')
      return [rel, known(rel) ?? createHash('sha1').update(await readFile(abs)).digest('base64')] as const
    }),
  )
  return new Map(out)
}

/** Pages whose content changed: every page of the folder when a shared file (CSS, picture) did. */
export function changedPages(name: string, before: Map<string, string>, after: Map<string, string>): string[] {
  const all = [...new Set([...before.keys(), ...after.keys()])]
  const shared = all.some((k) => !k.endsWith('.html') && k !== 'manifest.json' && before.get(k) !== after.get(k))
  return all.filter((k) => k.endsWith('.html') && (shared || before.get(k) !== after.get(k))).map((k) => `/${name}/${k}`)
}
