/**
 * The files a notes file's output is made from, for src/build/up-to-date.ts:
 * the notes, the files Asciidoctor included while parsing them (its catalog,
 * src/notes/includes.ts, never a reading of `include::` lines), every place a
 * picture or a video is looked for (a file appearing where bbl looks first
 * changes the deck), the logo and the theme's files.
 */
import path from 'node:path'
import type { NotesDoc } from '../notes/model.js'
import { logoSource } from '../assets/brand.js'
import { candidatePaths, collectImages, type ImageContext, isRemote } from '../assets/pictures.js'
import { collectMedia } from '../assets/media-files.js'
import type { ResolvedTheme } from '../assets/theme.js'

export function buildInputs(o: { file: string; doc: NotesDoc; ctx: ImageContext; theme: ResolvedTheme }): string[] {
  const local = (r: { src: string }) => !isRemote(r.src) && !r.src.startsWith('data:')
  const shown = [...collectImages(o.doc), ...collectMedia(o.doc)].filter(local).flatMap((r) => candidatePaths(r, o.ctx))
  const logo = logoSource(o.doc, o.theme, o.ctx.docdir).file
  return [path.resolve(o.ctx.cwd, o.file), ...o.doc.includes, ...shown, ...(logo ? [logo] : []), ...o.theme.sources]
}
