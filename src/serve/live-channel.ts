/**
 * The live channel of bbl serve: pages listen on a server-sent events stream
 * and are told to reload, or which build errors to show. Each page carries the
 * version it was served at; when it connects (or reconnects: hidden tabs let
 * go of their connection) with an older one, it is told to reload.
 */
import { randomBytes } from 'node:crypto'
import type http from 'node:http'
import { BASE_HEADERS, folderOf, pageKey } from './static-files.js'

/** Where the live client and its event stream are served; a notes file may not be named __bbl. */
export const LIVE = '/__bbl/'

/** The error key whose line shows over every page (a failure not tied to one notes file). */
export const ALL = '\u0000all'

interface Client {
  res: http.ServerResponse
  /** `/index.html` or `/<notes-name>/<deck>.html`. */
  page: string
  /** The notes folder the page is in; '' for the landing page. */
  folder: string
}

export class LiveChannel {
  private readonly clients = new Set<Client>()
  /** A random id per server: a page served by an earlier server is always stale. */
  private readonly boot = randomBytes(4).toString('hex')
  private generation = 0
  /** The generation at which each page last changed. */
  private readonly versions = new Map<string, number>()
  /** Build errors shown in the pages: by notes name, or ALL. */
  private readonly errors = new Map<string, string>()
  private readonly heartbeat: NodeJS.Timeout

  constructor() {
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

  /** A page's event stream: told at once to reload when it is stale, then its errors. */
  connect(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams): void {
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

  /** The script tag that ties a page to this server, with the version it is served at. */
  liveTag(page: string): string {
    return `<script src="${LIVE}live.js" data-bbl-version="${this.boot}-${this.versions.get(page) ?? 0}"></script>`
  }

  withLive(html: string, tag: string): string {
    const at = html.lastIndexOf('</body>')
    return at === -1 ? html + tag : `${html.slice(0, at) + tag}\n${html.slice(at)}`
  }

  /** A deck that is not there (yet): the live client reloads it when it is built. */
  notBuiltPage(page: string, pending: boolean): string {
    const what = pending ? 'This page is being built, or its notes have an error: it appears as soon as they build.' : 'No such page in these decks.'
    return this.withLive(
      `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>bbl serve</title></head>\n<body style="font:18px/1.5 system-ui,sans-serif;margin:2rem">\n<p>${what} <a href="/">All decks</a></p>\n</body></html>\n`,
      this.liveTag(page),
    )
  }
}
