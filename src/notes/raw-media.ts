/**
 * Players and pages in raw HTML (passthrough blocks): `<iframe>`, `<video>` and
 * `<audio>` elements are taken out of the author's HTML and become media blocks,
 * as `video::` and `audio::` are (src/notes/media.ts): a remote page or player is
 * a link card (never an iframe, never a request), a local file is copied into the
 * deck and played there. The HTML around them is kept as it was. Pure string work
 * on the author's HTML (not on AsciiDoc: Asciidoctor has already parsed it). A
 * raw element's `src` is relative to the notes' folder, where the converter's page
 * is written: `:imagesdir:` is not applied.
 */
import { REMOTE } from './background.js'
import { decodeEntities, escapeHtml } from '../core/text.js'
import { type Place, watchUrl } from './media-blocks.js'
import type { MediaRef } from './model.js'

/** A piece of a raw HTML block: HTML kept as written, or a player or page to place as media. */
export interface RawPiece {
  html: string
  media?: MediaRef
}

const ELEMENT = /<(iframe|video|audio)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi
const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g

/** An element's attributes, names lower-cased, values decoded. */
export function attributesOf(tag: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of tag.matchAll(ATTRIBUTE)) out.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''))
  return out
}

const num = (v: string | undefined): number | undefined => {
  const n = Number(String(v ?? '').replace(/px$/, ''))
  return Number.isFinite(n) && n > 0 ? n : undefined
}

/** The hosted-video services whose player pages bbl can name, and the id in their embed URL. */
const PLAYERS: Array<{ provider: 'youtube' | 'vimeo'; re: RegExp }> = [
  { provider: 'youtube', re: /^(?:https?:)?\/\/(?:www\.)?(?:youtube(?:-nocookie)?\.com\/embed\/|youtu\.be\/)([\w-]+)/i },
  { provider: 'vimeo', re: /^(?:https?:)?\/\/player\.vimeo\.com\/video\/(\d+)/i },
]

function iframeRef(attrs: Map<string, string>, place: Place): MediaRef | undefined {
  const src = attrs.get('src') ?? ''
  // A page of the author's own next to the notes is theirs to show; only remote ones are never loaded.
  if (!REMOTE.test(src)) return undefined
  const player = PLAYERS.map((p) => ({ provider: p.provider, id: p.re.exec(src)?.[1] })).find((p) => p.id)
  const absolute = src.startsWith('//') ? `https:${src}` : src
  return {
    kind: 'video',
    src: player ? watchUrl(player.provider, player.id!) : absolute,
    target: src,
    ...place,
    ...(player ? { provider: player.provider } : { page: true }),
    ...(attrs.get('title') ? { title: attrs.get('title') } : {}),
    ...size(attrs),
    options: [],
  }
}

function size(attrs: Map<string, string>): { width?: number; height?: number } {
  const width = num(attrs.get('width'))
  const height = num(attrs.get('height'))
  return { ...(width ? { width } : {}), ...(height ? { height } : {}) }
}

function playerRef(kind: 'video' | 'audio', attrs: Map<string, string>, inner: string, place: Place): MediaRef | undefined {
  const source = [...inner.matchAll(/<source\b([^>]*)>/gi)].map((m) => attributesOf(m[1]!).get('src')).find(Boolean)
  const src = attrs.get('src') || source
  if (!src) return undefined
  const options = [
    attrs.has('autoplay') ? 'autoplay' : '',
    attrs.has('loop') ? 'loop' : '',
    attrs.has('muted') ? 'muted' : '',
    attrs.has('controls') ? '' : 'nocontrols',
  ].filter(Boolean)
  return { kind, src, target: src, ...place, ...(attrs.get('title') ? { title: attrs.get('title') } : {}), ...size(attrs), options }
}

/** Split raw HTML around its iframes, videos and audios; pieces in order, the HTML unchanged when it has none. */
export function rawMediaPieces(html: string, place: Place): RawPiece[] {
  const pieces: RawPiece[] = []
  let last = 0
  const keep = (to: number) => {
    const piece = html.slice(last, to)
    if (piece.trim()) pieces.push({ html: piece.trim() })
  }
  for (const m of html.matchAll(ELEMENT)) {
    const kind = m[1]!.toLowerCase()
    const attrs = attributesOf(m[2]!)
    const media = kind === 'iframe' ? iframeRef(attrs, place) : playerRef(kind as 'video' | 'audio', attrs, m[3]!, place)
    if (!media) continue
    keep(m.index)
    pieces.push({ html: m[0], media })
    last = m.index + m[0].length
  }
  if (last === 0) return [{ html }]
  keep(html.length)
  return pieces
}

/**
 * Remote pages and players in a paragraph's inline HTML (`pass:[<iframe …>]`):
 * each becomes a link to what it shows (a player's watch page), never a frame;
 * what was replaced is returned, for the warning.
 */
export function inlineFramesAsLinks(html: string, place: Place): { html: string; replaced: MediaRef[] } {
  const replaced: MediaRef[] = []
  const out = html.replace(ELEMENT, (whole, kind: string, tag: string) => {
    const media = kind.toLowerCase() === 'iframe' ? iframeRef(attributesOf(tag), place) : undefined
    if (!media) return whole
    replaced.push(media)
    return `<a href="${escapeHtml(media.src)}">${escapeHtml(media.title ?? media.src)}</a>`
  })
  return { html: out, replaced }
}
