/**
 * Video and audio the notes play: a local file is copied into the deck folder
 * (`media/`), found where pictures are looked for (src/assets/pictures.ts); a
 * missing one is a warning naming it as a video or audio file. Remote media
 * (http URLs, YouTube, Vimeo) are never fetched nor embedded: the slide shows a
 * link card (src/slides/embed.ts) and a warning says so. A section's
 * `background-video` is handled the same way.
 */
import { copyFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Block, MediaRef, NotesDoc, Section, Warning } from '../notes/model.js'
import type { MediaAsset } from '../slides/players.js'
import { candidatePaths, firstFile, type ImageContext, isRemote, outputName } from './pictures.js'

/** Every video and audio block, and every slide's background-video (the title slide's first), in document order. */
export function collectMedia(doc: NotesDoc): MediaRef[] {
  const refs: MediaRef[] = []
  const fromBlocks = (blocks: Block[]) => {
    for (const b of blocks) if (b.kind === 'html' && b.media) refs.push(b.media)
  }
  const fromAttributes = (attrs: Record<string, string>, line?: number, file?: string) => {
    const v = attrs['background-video']
    if (v) {
      const src = isRemote(v) || path.isAbsolute(v) || !doc.imagesdir ? v : `${doc.imagesdir.replace(/\/+$/, '')}/${v}`
      refs.push({ kind: 'video', src, target: v, line, ...(file ? { file } : {}), options: [], background: 'video' })
    }
    // A remote page behind a slide would be loaded when the deck opens: it is left out (src/slides/plan.ts), with a warning.
    const page = attrs['background-iframe']
    if (page && isRemote(page)) refs.push({ kind: 'video', src: page, target: page, line, ...(file ? { file } : {}), options: [], background: 'iframe' })
  }
  const fromSection = (s: Section) => {
    fromAttributes(s.slideAttributes, s.line, s.file)
    fromBlocks(s.blocks)
    s.sections.forEach(fromSection)
  }
  // `:title-slide-background-video:` is the title slide's background video, copied like any other.
  fromAttributes(doc.titleSlide.attributes)
  fromBlocks(doc.preamble)
  doc.sections.forEach(fromSection)
  return refs
}

/**
 * Where a media file is looked for: where the converter points the deck (`:imagesdir:` +
 * target, for macros and `background-video` alike), where bbl looks for pictures, and
 * last next to the notes, where the author may have meant it.
 */
function mediaPaths(ref: MediaRef, ctx: ImageContext): string[] {
  const near = path.resolve(ctx.docdir, ref.target)
  return [...new Set([...candidatePaths(ref, ctx), near])]
}

/** A warning's line, or the included file and line named at the start of its message (as Asciidoctor's own are). */
function placed(ref: MediaRef): { line?: number; at: string } {
  return ref.file ? { at: `${ref.file}${ref.line ? `:${ref.line}` : ''}: ` } : { line: ref.line, at: '' }
}

export interface PreparedMedia {
  table: Map<string, MediaAsset>
  warnings: Warning[]
  copies: Array<{ source: string; output: string }>
}

/** Find and copy every local media file into `outDir`; remote ones are only noted. */
export async function prepareMedia(refs: MediaRef[], ctx: ImageContext, outDir: string): Promise<PreparedMedia> {
  const table = new Map<string, MediaAsset>()
  const warnings: Warning[] = []
  const copies: PreparedMedia['copies'] = []
  const taken = new Set<string>()
  for (const ref of refs) {
    if (table.has(ref.src)) continue
    const asset: MediaAsset = { src: ref.src, target: ref.target, status: 'missing' }
    table.set(ref.src, asset)
    const { line, at } = placed(ref)
    const what = ref.page ? 'remote page' : ref.provider ? `${ref.provider === 'youtube' ? 'YouTube' : ref.provider === 'vimeo' ? 'Vimeo' : 'Wistia'} video` : `remote ${ref.kind}`
    if (ref.background && isRemote(ref.src)) {
      asset.status = 'remote'
      const what = ref.background === 'iframe' ? 'remote background page' : 'remote background video'
      warnings.push({ code: 'MEDIA_REMOTE', line, message: `${at}${what} left out (decks work offline and request nothing): ${ref.src}` })
      continue
    }
    if (ref.provider || isRemote(ref.src)) {
      asset.status = 'remote'
      const fix = ref.page ? '' : '; save the file next to the notes to play it in the deck'
      warnings.push({ code: 'MEDIA_REMOTE', line, message: `${at}${what} shown as a link, not embedded (decks work offline): ${ref.src}${fix}` })
      continue
    }
    const { file, looked } = await firstFile(mediaPaths(ref, ctx), ctx.cwd)
    if (!file) {
      warnings.push({ code: 'MEDIA_MISSING', line, message: `${at}${ref.kind} not found: ${ref.target} (looked in ${looked}); add the file or fix the path` })
      continue
    }
    // One file played twice (a block and a background, written two ways) is copied once.
    const copied = copies.find((c) => c.source === file)
    if (copied) {
      Object.assign(asset, { status: 'ok', output: copied.output })
      continue
    }
    // `media/x.webm` goes to the deck's media/x.webm, not media/media/x.webm.
    const output = outputName(ref.target.replace(/^(\.\/)*media\//, ''), taken, 'media')
    await mkdir(path.dirname(path.join(outDir, output)), { recursive: true })
    await copyFile(file, path.join(outDir, output))
    Object.assign(asset, { status: 'ok', output })
    copies.push({ source: file, output })
  }
  return { table, warnings, copies }
}
