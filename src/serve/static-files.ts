/**
 * Sending files over HTTP for bbl serve: content types, headers, request paths
 * that cannot climb out of the output folder, whole responses and byte ranges.
 */
import { createReadStream } from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { pipeline } from 'node:stream'

export const TYPES: Record<string, string> = {
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

export const BASE_HEADERS = {
  // Decks change under the same URL at every save: never let a cache answer.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
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

export const pageKey = (p: string) => (p.endsWith('/') ? `${p}index.html` : p)
export const folderOf = (page: string) => {
  const parts = page.split('/')
  return parts.length > 2 ? parts[1]! : ''
}
export const inside = (root: string, p: string) => {
  const rel = path.relative(root, p)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
}

/** Errors shown to every page, whatever its notes folder (a broken theme). */
/** A whole response from a string. */
export function sendText(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string, o: { type?: string; headers?: http.OutgoingHttpHeaders } = {}): void {
  const bytes = Buffer.from(body)
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': o.type ?? TYPES['.txt']!, 'Content-Length': bytes.length, ...o.headers })
  res.end(req.method === 'HEAD' ? undefined : bytes)
}

/** A file, whole or the single byte range asked for. */
export function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, size: number, type: string): void {
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
