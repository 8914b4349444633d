/**
 * bbl serve: build the notes into a temporary folder (never dist/), serve it
 * with the same paths as dist/, and on every save rebuild the notes file that
 * changed and reload the pages it changed, on the slide they showed (decks keep
 * it in the URL hash). A failed build keeps the last good decks served and
 * shows the error over the open pages until the next good build.
 *
 * Pages are tied to the server by a small script (assets/live.js) added to the
 * HTML as it is served, never to the files: it listens on a server-sent
 * events stream. Each page carries the version it was served at; when it
 * connects (or reconnects: hidden tabs let go of their connection) with an
 * older one, it is told to reload.
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream'
import { loadNotes } from './asciidoc.js'
import { buildNotes, type BuildOptions, type Reporter, writeLanding } from './build.js'
import { browserFor } from './cli.js'
import { BblError, ExitCode, isBblError } from './error.js'
import type { Env, ServeCommand } from './options.js'
import { Measurer } from './fit.js'
import { assetsDir } from './paths.js'
import type { Fitted } from './render.js'
import { type ResolvedTheme, resolveTheme } from './theme.js'
import { imageFiles, includedFiles, THEME, themeFiles, Watcher } from './watcher.js'

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

/** Where the live client and its event stream are served; a notes file may not be named __bbl. */
const LIVE = '/__bbl/'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
}

const BASE_HEADERS = {
  // Decks change under the same URL at every save: never let a cache answer.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
}

interface Notes {
  /** As given, for messages. */
  file: string
  abs: string
  name: string
  /** Picture paths found at the last good parse. */
  images: string[]
  /** Hash of every file of the last good output, by path inside the folder. */
  hashes: Map<string, string>
  /** Warnings printed by the last build: a rebuild prints only new ones. */
  warned: Set<string>
  built: boolean
}

interface Client {
  res: http.ServerResponse
  /** `/index.html` or `/<notes-name>/<deck>.html`. */
  page: string
  /** The notes folder the page is in; '' for the landing page. */
  folder: string
}

/**
 * A request path → the path segments to serve under the output folder, or an
 * HTTP status. Decoded exactly once; anything that could climb out of the
 * folder or hide a separator is refused rather than normalised: `..` and `.`
 * segments, backslashes, encoded slashes (%2f, %5c), NUL, empty segments.
 * Names starting with '.' are not served (build scratch folders are named so).
 */
export function requestSegments(rawUrl: string): string[] | 400 | 404 {
  const cut = rawUrl.search(/[?#]/)
  const raw = cut === -1 ? rawUrl : rawUrl.slice(0, cut)
  if (!raw.startsWith('/') || raw.includes('\\') || /%(2f|5c)/i.test(raw)) return 400
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    return 400
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 400
  const segs = decoded.split('/').slice(1)
  if (segs.some((s) => s === '.' || s === '..')) return 400
  if (segs.slice(0, -1).some((s) => s === '')) return 400
  if (segs.some((s) => s.startsWith('.'))) return 404
  return segs
}

const pageKey = (p: string) => (p.endsWith('/') ? `${p}index.html` : p)
const folderOf = (page: string) => {
  const parts = page.split('/')
  return parts.length > 2 ? parts[1]! : ''
}
const notesName = (file: string) => path.basename(file).replace(/\.[^.]+$/, '')
const inside = (root: string, p: string) => {
  const rel = path.relative(root, p)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
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
    notes.push({ file, abs, name, images: [], hashes: new Map(), warned: new Set(), built: false })
  }
  const byName = new Map(notes.map((n) => [n.name, n]))
  // An unknown theme is a usage error, as in bbl build: say so before serving anything.
  let theme: ResolvedTheme = await resolveTheme(o.theme, o.cwd)
  const live = await readFile(path.join(assetsDir, 'live.js'))

  const root = await mkdtemp(path.join(os.tmpdir(), 'bbl-serve-'))
  const realRoot = await realpath(root)
  const browser = browserFor(o, report)
  const buildOpts: BuildOptions = { inputs: notes.map((n) => n.abs), outDir: realRoot, theme: o.theme, strict: false, cwd: o.cwd }
  const fitCache = new Map<string, Fitted>()
  // One measuring page for the whole session: a rebuild only lays out what changed.
  const measurer = new Measurer(browser)

  /** Build errors shown in the pages: by notes name, or THEME for all. */
  const errors = new Map<string, string>()
  const clients = new Set<Client>()
  /** A random id per server: a page served by an earlier server is always stale. */
  const boot = randomBytes(4).toString('hex')
  let generation = 0
  /** The generation at which each page last changed. */
  const versions = new Map<string, number>()
  let landingHash = ''
  let stopping = false
  let fatal: BblError | undefined
  let wake = () => {}
  const stopped = new Promise<void>((resolve) => {
    wake = resolve
    if (signal?.aborted) resolve()
    signal?.addEventListener('abort', () => resolve(), { once: true })
  })

  // ---- live channel ------------------------------------------------------

  const write = (c: Client, chunk: string) => {
    if (!c.res.writableEnded && !c.res.destroyed) c.res.write(chunk)
  }
  const sse = (c: Client, event: string, data: unknown) => write(c, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  const errorsFor = (c: Client) => [...errors].filter(([k]) => k === THEME || c.folder === '' || k === c.folder).map(([, v]) => v)

  function connect(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams): void {
    res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' })
    res.write('retry: 1000\n\n')
    const page = pageKey(query.get('page') ?? '/')
    const c: Client = { res, page, folder: folderOf(page) }
    clients.add(c)
    req.on('close', () => clients.delete(c))
    const [seenBoot, seen] = (query.get('v') ?? '').split('-')
    if (seenBoot !== boot || Number(seen) < (versions.get(page) ?? 0)) sse(c, 'reload', {})
    sse(c, 'errors', errorsFor(c))
  }

  // Comments keep idle connections from being dropped by proxies, and find dead ones.
  const heartbeat = setInterval(() => {
    for (const c of clients) write(c, ': \n\n')
  }, 25_000).unref()

  // ---- files -------------------------------------------------------------

  const liveTag = (page: string) => `<script src="${LIVE}live.js" data-bbl-version="${boot}-${versions.get(page) ?? 0}"></script>`

  function withLive(html: string, tag: string): string {
    const at = html.lastIndexOf('</body>')
    return at === -1 ? html + tag : html.slice(0, at) + tag + '\n' + html.slice(at)
  }

  /** A deck that is not there (yet): the live client reloads it when it is built. */
  function notBuiltPage(page: string, pending: boolean): string {
    const what = pending ? 'This page is being built, or its notes have an error: it appears as soon as they build.' : 'No such page in these decks.'
    return withLive(
      `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>bbl serve</title></head>\n<body style="font:18px/1.5 system-ui,sans-serif;margin:2rem">\n<p>${what} <a href="/">All decks</a></p>\n</body></html>\n`,
      liveTag(page),
    )
  }

  function text(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string, type = TYPES['.txt']!, extra: http.OutgoingHttpHeaders = {}): void {
    const bytes = Buffer.from(body)
    res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': bytes.length, ...extra })
    res.end(req.method === 'HEAD' ? undefined : bytes)
  }

  function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, size: number, type: string): void {
    // Single byte ranges: browsers ask for them to seek in background videos.
    let start = 0
    let end = size - 1
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '')
    const headers: http.OutgoingHttpHeaders = { ...BASE_HEADERS, 'Content-Type': type, 'Accept-Ranges': 'bytes' }
    if (range && (range[1] || range[2])) {
      if (range[1]) {
        start = Number(range[1])
        if (range[2]) end = Math.min(Number(range[2]), size - 1)
      } else {
        start = Math.max(size - Number(range[2]), 0)
      }
      if (start > end) {
        res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` })
        res.end()
        return
      }
      headers['Content-Range'] = `bytes ${start}-${end}/${size}`
    }
    res.writeHead(headers['Content-Range'] ? 206 : 200, { ...headers, 'Content-Length': Math.max(end - start + 1, 0) })
    if (req.method === 'HEAD' || size === 0) {
      res.end()
      return
    }
    pipeline(createReadStream(file, { start, end }), res, () => undefined)
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(req, res, 405, 'method not allowed\n', undefined, { Allow: 'GET, HEAD' })
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const pathname = q === -1 ? url : url.slice(0, q)
    if (pathname === `${LIVE}live.js`) return text(req, res, 200, live.toString(), TYPES['.js'])
    if (pathname === `${LIVE}events`) return connect(req, res, new URLSearchParams(q === -1 ? '' : url.slice(q + 1)))

    const segs = requestSegments(url)
    if (segs === 400) return text(req, res, 400, 'bad request path\n')
    if (segs === 404) return text(req, res, 404, 'not found\n')
    const [first = '', ...rest] = segs
    const isLanding = segs.length === 1 && (first === '' || first === 'index.html')
    const n = byName.get(first)
    // Only what was built is served: the landing page and the notes folders.
    if (!isLanding && !n) return text(req, res, 404, 'not found\n')
    // /<notes-name> → /<notes-name>/, so that the decks' relative links work.
    if (n && rest.length === 0) return text(req, res, 301, 'moved\n', undefined, { Location: `${pathname}/${q === -1 ? '' : url.slice(q)}` })
    const parts = isLanding ? ['index.html'] : [first, ...rest.slice(0, -1), rest.at(-1) || 'index.html']
    const page = `/${parts.join('/')}`
    const file = path.join(realRoot, ...parts)

    let real: string | undefined
    try {
      real = await realpath(file)
    } catch {
      real = undefined
    }
    // Symbolic links or anything else leading out of the output folder count as missing.
    const st = real && inside(realRoot, real) ? await stat(real).catch(() => undefined) : undefined
    if (!st || !real) {
      if (!page.endsWith('.html')) return text(req, res, 404, 'not found\n')
      const pending = isLanding ? !notes.some((x) => x.built) : !n!.built
      return text(req, res, pending ? 503 : 404, notBuiltPage(page, pending), TYPES['.html'])
    }
    // A folder: no listing. With a trailing slash it was already turned into its index.html.
    if (st.isDirectory()) return text(req, res, 301, 'moved\n', undefined, { Location: `${pathname}/${q === -1 ? '' : url.slice(q)}` })
    const type = TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream'
    if (type.startsWith('text/html')) {
      // The tag is made before the file is read: if a rebuild lands in between, the
      // page is newer than its version says and is reloaded once more, never the reverse.
      const tag = liveTag(page)
      return text(req, res, 200, withLive(await readFile(real, 'utf8'), tag), type)
    }
    return sendFile(req, res, real, st.size, type)
  }

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

  function announce(pages: string[]): void {
    if (pages.length) {
      generation++
      for (const p of pages) versions.set(p, generation)
    }
    const changed = new Set(pages)
    for (const c of clients) {
      if (changed.has(c.page)) sse(c, 'reload', {})
      else sse(c, 'errors', errorsFor(c))
    }
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
    const includes = await includedFiles(n.abs)
    watcher.track(n.abs, [n.abs, ...includes, ...n.images])
    const warned = new Set<string>()
    try {
      const doc = await loadNotes(n.abs, o.cwd)
      n.images = imageFiles(doc, n.abs, o.cwd)
      watcher.track(n.abs, [n.abs, ...includes, ...n.images])
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
      errors.delete(n.name)
      announce(pages)
      const ms = Math.round(performance.now() - t0)
      report.debug(`${n.file}: parsed in ${Math.round(t1 - t0)} ms, built in ${Math.round(t2 - t1)} ms, pages compared in ${Math.round(performance.now() - t2)} ms`)
      if (first) {
        const m = built.manifest
        const talks = m.decks.filter((d) => d.kind === 'talk').length
        report.info(`${n.file} → /${n.name}/ (recap: ${m.decks.find((d) => d.kind === 'recap')?.slides ?? 0} slides, ${talks} talk deck${talks === 1 ? '' : 's'}) in ${ms} ms`)
      } else {
        report.info(`${n.file} rebuilt in ${ms} ms; ${pages.length ? `reloading ${pages.length} page${pages.length === 1 ? '' : 's'}` : 'no page changed'}`)
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
      errors.set(n.name, line)
      announce([])
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
          errors.delete(THEME)
          // Measurements made with the old theme are of no further use.
          fitCache.clear()
        } catch (e) {
          const line = isBblError(e) ? e.oneLine() : String(e)
          errors.set(THEME, line)
          log(`${red('error')}: ${line}`)
          announce([])
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

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      report.debug(`serving ${req.url}: ${(e as Error).stack ?? String(e)}`)
      if (!res.headersSent) text(req, res, 500, 'internal error\n')
      else res.destroy()
    })
  })
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
    clearInterval(heartbeat)
    await watcher.close()
    for (const c of clients) c.res.end()
    clients.clear()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
    // Closing the browser cuts a build short; a build that was parsing may still start it
    // again, hence the second close once no build runs.
    await browser.close()
    await running?.catch(() => undefined)
    await browser.close()
    await rm(root, { recursive: true, force: true })
  }
  if (fatal) throw fatal
  return ExitCode.OK
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      if (e.code === 'EADDRINUSE') {
        reject(new BblError(`port ${port} is in use on ${host} (another bbl serve?); pick another with --port N, or --port 0 for any free port`, ExitCode.PORT_IN_USE))
      } else if (e.code === 'EACCES') {
        reject(new BblError(`not allowed to listen on port ${port}; ports below 1024 need privileges: pick another with --port N`, ExitCode.USAGE))
      } else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
        reject(new BblError(`cannot listen on ${host}: not an address of this machine; use 127.0.0.1, or 0.0.0.0 to share with the room`, ExitCode.USAGE))
      } else {
        reject(e)
      }
    }
    const onListening = () => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

/** The addresses to print: the local one first, then, when shared, this machine's on the network. */
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
