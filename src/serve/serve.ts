/**
 * bbl serve: build the notes into a temporary folder (never dist/), serve it
 * with the same paths as dist/, and on every save rebuild the notes file that
 * changed and reload the pages it changed, on the slide they showed (decks keep
 * it in the URL hash). A failed build keeps the last good decks served and
 * shows the error over the open pages until the next good build.
 * The HTTP side (files, live channel) is src/serve/server.ts; this file builds and watches.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { loadNotes } from '../notes/asciidoc.js'
import { buildNotes, type BuildOptions, writeLanding } from '../build/build.js'
import type { Reporter } from '../core/report.js'
import { browserFor } from '../browser/manager.js'
import { trackPath } from '../core/cleanup.js'
import { BblError, ExitCode, isBblError } from '../core/error.js'
import type { Env, ServeCommand } from '../core/options.js'
import { Measurer } from '../slides/fit.js'
import { notesName, pageScriptFile } from '../core/paths.js'
import type { Fitted } from '../slides/render.js'
import { ALL, isLoopbackName, LIVE, listen, LiveSite } from './server.js'
import { type ResolvedTheme, resolveTheme } from '../build/theme.js'
import { imageFiles, THEME, themeFiles, Watcher } from './watcher.js'

export interface ServeHooks {
  /** Lines shown whatever --quiet says: the address, build errors. Default: the reporter's info. */
  log?: (line: string) => void
  /** Once listening; `url` has the real port when --port 0 asked for any free one. */
  onListening?: (o: { url: string; port: number; root: string }) => void
  /** After every build of a notes file, good or failed (tests, benchmarks). */
  onBuild?: (e: BuildEvent) => void
}

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

interface Notes {
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
}

export async function serve(o: ServeCommand, report: Reporter, signal?: AbortSignal, hooks: ServeHooks = {}): Promise<number> {
  const log = hooks.log ?? ((s: string) => report.info(s))
  const red = (s: string) => (o.color ? `\x1b[31m${s}\x1b[39m` : s)
  const rel = (p: string) => path.relative(o.cwd, p) || p

  const notes: Notes[] = []
  for (const file of o.inputs) {
    const abs = path.resolve(o.cwd, file)
    const name = notesName(abs)
    const same = notes.find((n) => n.name === name)
    if (same) throw new BblError(`${same.file} and ${file} would both be served as /${name}/; rename one`, ExitCode.USAGE)
    if (`/${name}/` === LIVE) throw new BblError(`${file}: the name ${name} is reserved by bbl serve; rename the notes`, ExitCode.USAGE)
    notes.push({ file, abs, name, images: [], includes: [], hashes: new Map(), warned: new Set(), built: false })
  }
  const byName = new Map(notes.map((n) => [n.name, n]))
  // An unknown theme is a usage error, as in bbl build: say so before serving anything.
  let theme: ResolvedTheme = await resolveTheme(o.theme, o.cwd)
  const live = await readFile(pageScriptFile('live'))

  // Named with our process id: removed on a hurried exit, or by a later run if we die.
  const root = await mkdtemp(path.join(os.tmpdir(), `bbl-serve-${process.pid}-`))
  const forget = trackPath(root)
  const realRoot = await realpath(root)
  const browser = browserFor(o, report.debug)
  const buildOpts: BuildOptions = { inputs: notes.map((n) => n.abs), outDir: realRoot, theme: o.theme, strict: false, cwd: o.cwd, photos: o.photos, ...(o.as ? { as: o.as } : {}) }
  const fitCache = new Map<string, Fitted>()
  // One measuring page for the whole session: a rebuild only lays out what changed.
  const measurer = new Measurer(browser)

  const site = new LiveSite({
    root: realRoot,
    live,
    folder: (name) => byName.get(name),
    anyBuilt: () => notes.some((n) => n.built),
    loopbackOnly: isLoopbackName(o.host),
  })
  let landingHash = ''
  let stopping = false
  let fatal: BblError | undefined
  let wake = () => {}
  const stopped = new Promise<void>((resolve) => {
    wake = resolve
    if (signal?.aborted) resolve()
    signal?.addEventListener('abort', () => resolve(), { once: true })
  })

  // ---- builds ------------------------------------------------------------

  async function hashes(dir: string): Promise<Map<string, string>> {
    const files = (await readdir(dir, { withFileTypes: true, recursive: true })).filter((e) => e.isFile())
    const out = await Promise.all(
      files.map(async (e) => {
        const abs = path.join(e.parentPath, e.name)
        const h = createHash('sha1').update(await readFile(abs)).digest('base64')
        return [path.relative(dir, abs).split(path.sep).join('/'), h] as const
      }),
    )
    return new Map(out)
  }

  /** Pages whose content changed: every page of the folder when a shared file (CSS, picture) did. */
  function changedPages(name: string, before: Map<string, string>, after: Map<string, string>): string[] {
    const all = [...new Set([...before.keys(), ...after.keys()])]
    const shared = all.some((k) => !k.endsWith('.html') && k !== 'manifest.json' && before.get(k) !== after.get(k))
    return all.filter((k) => k.endsWith('.html') && (shared || before.get(k) !== after.get(k))).map((k) => `/${name}/${k}`)
  }

  function buildReporter(n: Notes, warned: Set<string>): Reporter {
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

  async function rebuild(n: Notes, retry = true): Promise<void> {
    const t0 = performance.now()
    // Until this save parses, the files of the last good parse stay watched.
    watcher.track(n.abs, [n.abs, ...n.includes, ...n.images])
    const warned = new Set<string>()
    try {
      const doc = await loadNotes(n.abs, o.cwd)
      n.images = imageFiles(doc, n.abs, o.cwd)
      n.includes = doc.includes
      watcher.track(n.abs, [n.abs, ...n.includes, ...n.images])
      const t1 = performance.now()
      const built = await buildNotes(n.abs, buildOpts, browser, buildReporter(n, warned), theme, doc, { fitCache, measurer })
      n.warned = warned
      const t2 = performance.now()
      await writeLanding(realRoot)
      const after = await hashes(built.dir)
      const pages = changedPages(n.name, n.hashes, after)
      n.hashes = after
      const landing = createHash('sha1').update(await readFile(path.join(realRoot, 'index.html'))).digest('base64')
      if (landing !== landingHash) pages.push('/index.html')
      landingHash = landing
      const first = !n.built
      n.built = true
      site.clearError(n.name)
      site.announce(pages)
      const ms = Math.round(performance.now() - t0)
      report.debug(`${n.file}: parsed in ${Math.round(t1 - t0)} ms, built in ${Math.round(t2 - t1)} ms, pages compared in ${Math.round(performance.now() - t2)} ms`)
      if (first) {
        const m = built.manifest
        const talks = m.decks.filter((d) => d.kind === 'talk').length
        report.info(`${n.file} → /${n.name}/ (recap: ${m.decks.find((d) => d.kind === 'recap')?.slides ?? 0} slides, ${talks} talk deck${talks === 1 ? '' : 's'}) in ${ms} ms`)
      } else {
        report.info(`${n.file} rebuilt in ${ms} ms; ${pages.length ? `${pages.length} page${pages.length === 1 ? '' : 's'} changed (open ones reload)` : 'no page changed'}`)
      }
      hooks.onBuild?.({ file: n.file, ok: true, ms, pages })
    } catch (e) {
      if (stopping) return
      if (isBblError(e) && e.exitCode === ExitCode.NO_BROWSER) {
        fatal = e
        wake()
        return
      }
      // A browser that crashed (or was killed) shows as a plain error ("Connection closed"):
      // start another and try once more. One that hung is started afresh for the next build.
      if (!isBblError(e) && retry) {
        report.debug(`${n.file}: ${(e as Error).message}; restarting the browser and building again`)
        await measurer.close()
        await browser.close()
        return rebuild(n, false)
      }
      if (isBblError(e) && e.exitCode === ExitCode.BROWSER) {
        await measurer.close()
        await browser.close()
      }
      const line = isBblError(e)
        ? `${e.where.file ? `${rel(path.resolve(o.cwd, e.where.file))}${e.where.line ? `:${e.where.line}` : ''}: ` : `${n.file}: `}${e.message}`
        : `${n.file}: bbl failed (a bug, please report it): ${(e as Error).message}`
      if (!isBblError(e)) report.debug((e as Error).stack ?? String(e))
      site.setError(n.name, line)
      site.announce([])
      log(`${red('error')}: ${line}${n.built ? ' (the last good decks stay served)' : ''}`)
      hooks.onBuild?.({ file: n.file, ok: false, ms: Math.round(performance.now() - t0), pages: [], error: line })
    }
  }

  const pending = new Set<Notes>()
  let themeChanged = false
  let running: Promise<void> | undefined

  async function drain(): Promise<void> {
    while (!stopping && (pending.size > 0 || themeChanged)) {
      if (themeChanged) {
        themeChanged = false
        try {
          theme = await resolveTheme(o.theme, o.cwd)
          site.clearError(ALL)
          // Measurements made with the old theme are of no further use.
          fitCache.clear()
        } catch (e) {
          const line = isBblError(e) ? e.oneLine() : String(e)
          site.setError(ALL, line)
          log(`${red('error')}: ${line}`)
          site.announce([])
          pending.clear()
        }
        watcher.track(THEME, await themeFiles(o.theme, o.cwd).catch(() => []))
      }
      const batch = [...pending]
      pending.clear()
      for (const n of batch) if (!stopping) await rebuild(n)
    }
  }

  function schedule(list: Notes[]): Promise<void> {
    for (const n of list) pending.add(n)
    running ??= drain().finally(() => {
      running = undefined
    })
    return running
  }

  const watcher = new Watcher(
    (owners) => {
      if (owners.includes(THEME)) {
        themeChanged = true
        void schedule(notes)
      } else {
        void schedule(notes.filter((n) => owners.includes(n.abs)))
      }
    },
    { onError: (e) => report.debug(`watcher: ${e.message}`) },
  )

  // ---- run ---------------------------------------------------------------

  const server = http.createServer(site.listener(report.debug))
  try {
    await listen(server, o.port, o.host)
    browser.warm()
    const port = (server.address() as AddressInfo).port
    const urls = addresses(o.host, port)
    hooks.onListening?.({ url: urls[0]!, port, root: realRoot })
    log(`Serving ${urls.join(' and ')} (Ctrl-C to stop)`)
    for (const n of notes) watcher.track(n.abs, [n.abs])
    watcher.track(THEME, await themeFiles(o.theme, o.cwd))
    await watcher.whenReady()
    const first = schedule(notes)
    if (o.open) void first.then(() => !stopping && openInBrowser(urls[0]!, o.env, log))
    await stopped
  } finally {
    stopping = true
    await watcher.close()
    site.close()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
    // Closing the browser cuts a build short; a build that was parsing cannot start it
    // again (final): it fails, and is waited for, before the folder goes.
    await browser.close({ final: true })
    await running?.catch(() => undefined)
    await rm(root, { recursive: true, force: true })
    forget()
  }
  if (fatal) throw fatal
  return ExitCode.OK
}

function addresses(host: string, port: number): string[] {
  const url = (h: string) => `http://${h.includes(':') ? `[${h}]` : h}:${port}/`
  if (host !== '0.0.0.0' && host !== '::') return [url(host)]
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal && (i.family === 'IPv4' || host === '::'))
    .map((i) => url(i!.address))
  return [url('localhost'), ...lan]
}

/** --open: the system's own opener, without waiting for it. */
function openInBrowser(url: string, env: Env, log: (s: string) => void): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]]
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true, env, windowsVerbatimArguments: true })
  child.on('error', (e: NodeJS.ErrnoException) => log(`could not open a browser (${cmd}: ${e.code ?? e.message}); open ${url} yourself`))
  child.unref()
}
