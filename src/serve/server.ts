/**
 * The HTTP side of bbl serve: the built files (and nothing else), and the live
 * channel that tells open pages to reload or to show a build error.
 *
 * Pages are tied to the server by a small script (assets/live.js) added to the
 * HTML as it is served, never to the files: it listens on a server-sent
 * events stream. Each page carries the version it was served at; when it
 * connects (or reconnects: hidden tabs let go of their connection) with an
 * older one, it is told to reload.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, realpath, stat } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream'
import { BblError, ExitCode } from '../core/error.js'

/** Where the live client and its event stream are served; a notes file may not be named __bbl. */
export const LIVE = '/__bbl/'

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
const inside = (root: string, p: string) => {
  const rel = path.relative(root, p)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
}

/** Errors shown to every page, whatever its notes folder (a broken theme). */
export const ALL = '\u0000all'

export interface SiteOptions {
  /** The output folder (real path). */
  root: string
  /** The live client's script. */
  live: Buffer
  /** A notes folder by name, and whether it has been built; undefined if there is none. */
  folder: (name: string) => { built: boolean } | undefined
  /** Whether any notes folder has been built (the landing page is pending until then). */
  anyBuilt: () => boolean
  /** The server listens on a loopback address only. */
  loopbackOnly: boolean
}

/** A host name or address of this machine's loopback: localhost (and *.localhost), 127.x.x.x, ::1 (bracketed or not). */
export function isLoopbackName(name: string): boolean {
  const n = name.toLowerCase()
  return n === 'localhost' || n.endsWith('.localhost') || n === '::1' || n === '[::1]' || /^127(\.\d{1,3}){3}$/.test(n)
}

/** A Host header naming this machine's loopback, any port. */
export function loopbackHost(host: string | undefined): boolean {
  if (!host) return true // HTTP/1.0 clients send none
  return isLoopbackName(host.replace(/:\d+$/, ''))
}

export class LiveSite {
  private readonly clients = new Set<Client>()
  /** A random id per server: a page served by an earlier server is always stale. */
  private readonly boot = randomBytes(4).toString('hex')
  private generation = 0
  /** The generation at which each page last changed. */
  private readonly versions = new Map<string, number>()
  /** Build errors shown in the pages: by notes name, or ALL. */
  private readonly errors = new Map<string, string>()
  private readonly heartbeat: NodeJS.Timeout

  constructor(private readonly o: SiteOptions) {
    // Comments keep idle connections from being dropped by proxies, and find dead ones.
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) this.write(c, ': \n\n')
    }, 25_000).unref()
  }

  /** Show `line` over the pages of notes folder `key` (or ALL) until cleared. */
  setError(key: string, line: string): void {
    this.errors.set(key, line)
  }

  clearError(key: string): void {
    this.errors.delete(key)
  }

  /** Tell the pages that changed to reload, and the others which errors to show. */
  announce(pages: string[]): void {
    if (pages.length) {
      this.generation++
      for (const p of pages) this.versions.set(p, this.generation)
    }
    const changed = new Set(pages)
    for (const c of this.clients) {
      if (changed.has(c.page)) this.sse(c, 'reload', {})
      else this.sse(c, 'errors', this.errorsFor(c))
    }
  }

  /** The request listener for http.createServer. */
  listener(debug: (msg: string) => void): http.RequestListener {
    return (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        debug(`serving ${req.url}: ${(e as Error).stack ?? String(e)}`)
        if (!res.headersSent) this.text(req, res, 500, 'internal error\n')
        else res.destroy()
      })
    }
  }

  /** End every live connection (the server can then close). */
  close(): void {
    clearInterval(this.heartbeat)
    for (const c of this.clients) c.res.end()
    this.clients.clear()
  }

  private write(c: Client, chunk: string): void {
    if (!c.res.writableEnded && !c.res.destroyed) c.res.write(chunk)
  }

  private sse(c: Client, event: string, data: unknown): void {
    this.write(c, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  private errorsFor(c: Client): string[] {
    return [...this.errors].filter(([k]) => k === ALL || c.folder === '' || k === c.folder).map(([, v]) => v)
  }

  private connect(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams): void {
    res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' })
    res.write('retry: 1000\n\n')
    const page = pageKey(query.get('page') ?? '/')
    const c: Client = { res, page, folder: folderOf(page) }
    this.clients.add(c)
    req.on('close', () => this.clients.delete(c))
    const [seenBoot, seen] = (query.get('v') ?? '').split('-')
    if (seenBoot !== this.boot || Number(seen) < (this.versions.get(page) ?? 0)) this.sse(c, 'reload', {})
    this.sse(c, 'errors', this.errorsFor(c))
  }

  private liveTag(page: string): string {
    return `<script src="${LIVE}live.js" data-bbl-version="${this.boot}-${this.versions.get(page) ?? 0}"></script>`
  }

  private withLive(html: string, tag: string): string {
    const at = html.lastIndexOf('</body>')
    return at === -1 ? html + tag : html.slice(0, at) + tag + '\n' + html.slice(at)
  }

  /** A deck that is not there (yet): the live client reloads it when it is built. */
  private notBuiltPage(page: string, pending: boolean): string {
    const what = pending ? 'This page is being built, or its notes have an error: it appears as soon as they build.' : 'No such page in these decks.'
    return this.withLive(
      `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>bbl serve</title></head>\n<body style="font:18px/1.5 system-ui,sans-serif;margin:2rem">\n<p>${what} <a href="/">All decks</a></p>\n</body></html>\n`,
      this.liveTag(page),
    )
  }

  private text(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string, type = TYPES['.txt']!, extra: http.OutgoingHttpHeaders = {}): void {
    const bytes = Buffer.from(body)
    res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': bytes.length, ...extra })
    res.end(req.method === 'HEAD' ? undefined : bytes)
  }

  private sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, size: number, type: string): void {
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

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.text(req, res, 405, 'method not allowed\n', undefined, { Allow: 'GET, HEAD' })
    // Bound to loopback, answer only to loopback names: a web page that points a
    // name of its own at 127.0.0.1 (DNS rebinding) cannot read the decks.
    if (this.o.loopbackOnly && !loopbackHost(req.headers.host)) {
      return this.text(req, res, 403, 'bbl serve answers to localhost only; to share the decks, start it with --host 0.0.0.0\n')
    }
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const pathname = q === -1 ? url : url.slice(0, q)
    if (pathname === `${LIVE}live.js`) return this.text(req, res, 200, this.o.live.toString(), TYPES['.js'])
    if (pathname === `${LIVE}events`) return this.connect(req, res, new URLSearchParams(q === -1 ? '' : url.slice(q + 1)))

    const segs = requestSegments(url)
    if (segs === 400) return this.text(req, res, 400, 'bad request path\n')
    if (segs === 404) return this.text(req, res, 404, 'not found\n')
    const [first = '', ...rest] = segs
    const isLanding = segs.length === 1 && (first === '' || first === 'index.html')
    const n = this.o.folder(first)
    // Only what was built is served: the landing page and the notes folders.
    if (!isLanding && !n) return this.text(req, res, 404, 'not found\n')
    // /<notes-name> → /<notes-name>/, so that the decks' relative links work.
    if (n && rest.length === 0) return this.text(req, res, 301, 'moved\n', undefined, { Location: `${pathname}/${q === -1 ? '' : url.slice(q)}` })
    const parts = isLanding ? ['index.html'] : [first, ...rest.slice(0, -1), rest.at(-1) || 'index.html']
    const page = `/${parts.join('/')}`
    const file = path.join(this.o.root, ...parts)

    let real: string | undefined
    try {
      real = await realpath(file)
    } catch {
      real = undefined
    }
    // Symbolic links or anything else leading out of the output folder count as missing.
    const st = real && inside(this.o.root, real) ? await stat(real).catch(() => undefined) : undefined
    if (!st || !real) {
      if (!page.endsWith('.html')) return this.text(req, res, 404, 'not found\n')
      const pending = isLanding ? !this.o.anyBuilt() : !n!.built
      return this.text(req, res, pending ? 503 : 404, this.notBuiltPage(page, pending), TYPES['.html'])
    }
    // A folder: no listing. With a trailing slash it was already turned into its index.html.
    if (st.isDirectory()) return this.text(req, res, 301, 'moved\n', undefined, { Location: `${pathname}/${q === -1 ? '' : url.slice(q)}` })
    const type = TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream'
    if (type.startsWith('text/html')) {
      // The tag is made before the file is read: if a rebuild lands in between, the
      // page is newer than its version says and is reloaded once more, never the reverse.
      const tag = this.liveTag(page)
      return this.text(req, res, 200, this.withLive(await readFile(real, 'utf8'), tag), type)
    }
    return this.sendFile(req, res, real, st.size, type)
  }
}

export function listen(server: http.Server, port: number, host: string): Promise<void> {
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
