/**
 * `video::` and `audio::` blocks, read through Asciidoctor's own attributes:
 * what is played (a file, an http URL, or a YouTube/Vimeo id), the size and
 * title the author gave. The converter's player markup is not used: bbl copies
 * local files into the deck and shows remote media as a link (src/slides/embed.ts).
 */
import path from 'node:path'
import type { AbstractBlock } from '@asciidoctor/core'
import type { MediaRef } from './model.js'

const PROVIDERS = ['youtube', 'vimeo', 'wistia'] as const

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' || typeof v === 'number' ? Number(String(v).replace(/px$/, '')) : NaN
  return Number.isFinite(n) && n > 0 ? n : undefined
}

/** The page a hosted video is watched on (never its embed URL: nothing is embedded). */
export function watchUrl(provider: string, id: string, start?: number): string {
  const first = id.split(',')[0]!.split('/')[0]!
  if (provider === 'youtube') return `https://www.youtube.com/watch?v=${encodeURIComponent(first)}${start ? `&t=${start}` : ''}`
  if (provider === 'vimeo') return `https://vimeo.com/${encodeURIComponent(first)}${start ? `#t=${start}s` : ''}`
  return `https://fast.wistia.com/embed/iframe/${encodeURIComponent(first)}`
}

/** Where a block is written: its line, and the included file it is in when not the notes. */
export interface Place {
  line?: number
  file?: string
}

/** A block's place; `notes` is the notes file (absolute), `docdir` its folder. */
export function placeOf(b: AbstractBlock, o: { notes: string; docdir: string }): Place {
  const loc = b.getSourceLocation()
  const file = loc?.getFile()
  const line = loc?.getLineNumber()
  return file && path.resolve(o.docdir, file) !== o.notes ? { line, file: path.relative(o.docdir, path.resolve(o.docdir, file)) } : { line }
}

export function mediaRefOf(b: AbstractBlock, place: Place): MediaRef {
  const kind = b.getContext() === 'audio' ? 'audio' : 'video'
  const target = String(b.getAttribute('target') ?? '')
  const style = String(b.getAttribute('poster') ?? '')
  const provider = PROVIDERS.find((p) => p === style)
  const start = num(b.getAttribute('start'))
  const title = b.getTitle() || (typeof b.getAttribute('title') === 'string' ? String(b.getAttribute('title')) : undefined)
  const src = provider ? watchUrl(provider, target, start) : (b as unknown as { getMediaUri(t: string): string }).getMediaUri(target)
  return {
    kind,
    src,
    target,
    ...place,
    ...(provider ? { provider } : {}),
    ...(title ? { title } : {}),
    ...(num(b.getAttribute('width')) ? { width: num(b.getAttribute('width')) } : {}),
    ...(num(b.getAttribute('height')) ? { height: num(b.getAttribute('height')) } : {}),
    options: ['autoplay', 'loop', 'muted', 'nocontrols'].filter((o) => b.isOption(o)),
  }
}
