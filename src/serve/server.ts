/**
 * The HTTP side of bbl serve: the built files (and nothing else, src/serve/static-files.ts),
 * and the live channel that tells open pages to reload or to show a build
 * error (src/serve/live-channel.ts). Pages are tied to the server by a small
 * script (src/page/live.js) added to the HTML as it is served, never to the files.
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import type http from 'node:http'
import path from 'node:path'
import { BblError, ExitCode } from '../core/error.js'
import { ALL, LIVE, LiveChannel } from './live-channel.js'
import { inside, requestSegments, sendFile, sendText, TYPES } from './static-files.js'

export { ALL, LIVE, requestSegments }

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
  private readonly live = new LiveChannel()

  constructor(private readonly o: SiteOptions) {}

  /** Show `line` over the pages of notes folder `key` (or ALL) until cleared. */
  setError(key: string, line: string): void {
    this.live.setError(key, line)
  }

  clearError(key: string): void {
    this.live.clearError(key)
  }

  /** Tell the pages that changed to reload, and the others which errors to show. */
  announce(pages: string[]): void {
    this.live.announce(pages)
  }

  /** End every live connection (the server can then close). */
  close(): void {
    this.live.close()
  }

  /** The request listener for http.createServer. */
  listener(debug: (msg: string) => void): http.RequestListener {
    return (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        debug(`serving ${req.url}: ${(e as Error).stack ?? String(e)}`)
        if (!res.headersSent) sendText(req, res, 500, 'internal error\n')
        else res.destroy()
      })
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(req, res, 405, 'method not allowed\n', { headers: { Allow: 'GET, HEAD' } })
    // Bound to loopback, answer only to loopback names: a web page that points a
    // name of its own at 127.0.0.1 (DNS rebinding) cannot read the decks.
    if (this.o.loopbackOnly && !loopbackHost(req.headers.host)) {
      return sendText(req, res, 403, 'bbl serve answers to localhost only; to share the decks, start it with --host 0.0.0.0\n')
    }
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const pathname = q === -1 ? url : url.slice(0, q)
    if (pathname === `${LIVE}live.js`) return sendText(req, res, 200, this.o.live.toString(), { type: TYPES['.js'] })
    if (pathname === `${LIVE}events`) return this.live.connect(req, res, new URLSearchParams(q === -1 ? '' : url.slice(q + 1)))

    const segs = requestSegments(url)
    if (segs === 400) return sendText(req, res, 400, 'bad request path\n')
    if (segs === 404) return sendText(req, res, 404, 'not found\n')
    const [first = '', ...rest] = segs
    const isLanding = segs.length === 1 && (first === '' || first === 'index.html')
    const n = this.o.folder(first)
    // Only what was built is served: the landing page and the notes folders.
    if (!isLanding && !n) return sendText(req, res, 404, 'not found\n')
    // /<notes-name> → /<notes-name>/, so that the decks' relative links work.
    if (n && rest.length === 0) return sendText(req, res, 301, 'moved\n', { headers: { Location: `${pathname}/${q === -1 ? '' : url.slice(q)}` } })
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
      if (!page.endsWith('.html')) return sendText(req, res, 404, 'not found\n')
      const pending = isLanding ? !this.o.anyBuilt() : !n!.built
      return sendText(req, res, pending ? 503 : 404, this.live.notBuiltPage(page, pending), { type: TYPES['.html'] })
    }
    // A folder: no listing. With a trailing slash it was already turned into its index.html.
    if (st.isDirectory()) return sendText(req, res, 301, 'moved\n', { headers: { Location: `${pathname}/${q === -1 ? '' : url.slice(q)}` } })
    const type = TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream'
    if (type.startsWith('text/html')) {
      // The tag is made before the file is read: if a rebuild lands in between, the
      // page is newer than its version says and is reloaded once more, never the reverse.
      const tag = this.live.liveTag(page)
      return sendText(req, res, 200, this.live.withLive(await readFile(real, 'utf8'), tag), { type })
    }
    return sendFile(req, res, real, st.size, type)
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
