/**
 * The pictures the notes reference: where they are, how big, and their copy in
 * the deck folder. Photos taken with a phone are turned upright (EXIF
 * orientation) and very large ones scaled down to what a 1280×720 slide can
 * show at 2× density; others are copied as they are.
 *
 * Where a relative picture is looked for, in order: where the notes say
 * (notes folder + imagesdir), `images/<notes-name>/`, then `images/` (both from
 * the current folder). Remote pictures are never fetched.
 */
import { mkdir, readFile, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { ImageRef, NotesDoc, Section, Warning } from '../notes/model.js'
import type { ImageAsset } from '../slides/spec.js'
import { checkDecodes, withoutMetadata } from './metadata.js'
import { correctSlidePhoto, originalName, type PhotoOptions } from './photos/index.js'
import { PictureCache } from './picture-cache.js'
import { fileStamp, type PictureDone, type PictureMemo } from './picture-memo.js'
import { writeOut } from '../core/write.js'

export interface ImageContext {
  docdir: string
  cwd: string
  name: string
  /** Copy pictures with their EXIF/XMP/IPTC (location, device) instead of removing it. */
  keepMetadata?: boolean
  /** Straighten slide photos (--photos auto); absent with --photos off. */
  photos?: PhotoOptions
  /** Where picture metadata and prepared copies are kept (`.bbl-cache/pictures`); nothing is kept without it. */
  cacheDir?: string
  /** Read `cacheDir` (and the photos' cache), never write them: bbl check reads the build's. */
  readOnlyCache?: boolean
  /** What earlier builds of this session wrote for each picture (bbl serve): an unchanged picture is written again from it. */
  memo?: PictureMemo
}

/** Largest side kept for photos: 2× the slide's width. */
const MAX_SIDE = 2560
const MAX_COPY_BYTES = 1.5 * 1024 * 1024

export function collectImages(doc: NotesDoc): ImageRef[] {
  const refs: ImageRef[] = []
  const fromBlocks = (blocks: NotesDoc['preamble']) => {
    for (const b of blocks) if (b.kind === 'photos' || b.kind === 'html') refs.push(...b.images)
  }
  const fromSection = (s: Section) => {
    for (const key of ['background-image'] as const) {
      const v = s.slideAttributes[key]
      if (v) refs.push({ src: joinImagesdir(doc.imagesdir, v), target: v, line: s.line, alt: '' })
    }
    refs.push(...(s.titleImages ?? []))
    fromBlocks(s.blocks)
    s.sections.forEach(fromSection)
  }
  // The title slide's background picture (its background video is media: src/assets/media-files.ts).
  for (const key of ['background-image'] as const) {
    const v = doc.titleSlide.attributes[key]
    if (v) refs.push({ src: joinImagesdir(doc.imagesdir, v), target: v, alt: '' })
  }
  fromBlocks(doc.preamble)
  doc.sections.forEach(fromSection)
  return refs
}

const joinImagesdir = (imagesdir: string, target: string) =>
  isRemote(target) || path.isAbsolute(target) || !imagesdir ? target : `${imagesdir.replace(/\/+$/, '')}/${target}`

export const isRemote = (src: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(src) && !src.startsWith('file:')

export function candidatePaths(ref: Pick<ImageRef, 'src' | 'target'>, ctx: ImageContext): string[] {
  const target = ref.target.replace(/^(\.\/)+/, '')
  return [
    path.resolve(ctx.docdir, ref.src),
    path.resolve(ctx.cwd, 'images', ctx.name, target),
    path.resolve(ctx.cwd, 'images', target),
  ].filter((p, i, all) => all.indexOf(p) === i)
}

/** A safe, stable path inside the deck folder (under `folder`/). */
export function outputName(target: string, taken: Set<string>, folder = 'images'): string {
  const clean = target
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s && s !== '.' && s !== '..')
    .join('/')
    .replace(/[^\w./-]/g, '_')
  let out = `${folder}/${clean || folder.replace(/s$/, '')}`
  const ext = path.extname(out)
  for (let n = 2; taken.has(out); n++) out = `${out.slice(0, out.length - ext.length).replace(/-\d+$/, '')}-${n}${ext}`
  taken.add(out)
  return out
}

export interface PreparedImages {
  table: Map<string, ImageAsset>
  warnings: Warning[]
  /** Written into the deck folder: [source file, output path]. */
  copies: Array<{ source: string; output: string }>
  /** The keys of the picture and photo cache entries this build used (src/cache/prune.ts keeps them). */
  cacheKeys: Set<string>
}

const exists = async (p: string) => {
  try {
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}

/** The first of the places tried that holds a file, or, when none does, the places as a reader would look (relative to `cwd`). */
export async function firstFile(tried: string[], cwd: string): Promise<{ file?: string; looked: string }> {
  for (const file of tried) if (await exists(file)) return { file, looked: '' }
  return { looked: tried.map((p) => path.relative(cwd, p) || p).join(', ') }
}

/** The file each local picture will be read from (the first place it is found), before anything is prepared. */
export function pictureSources(refs: ImageRef[], ctx: ImageContext): string[] {
  return refs.flatMap((r) => (isRemote(r.src) || r.src.startsWith('data:') ? [] : (candidatePaths(r, ctx).find((c) => existsSync(c)) ?? [])))
}

export async function prepareImages(refs: ImageRef[], ctx: ImageContext, outDir: string): Promise<PreparedImages> {
  const table = new Map<string, ImageAsset>()
  const warnings: Warning[] = []
  const copies: PreparedImages['copies'] = []
  const cacheKeys = new Set<string>()
  const taken = new Set<string>()
  const cache = new PictureCache(ctx.cacheDir, ctx.readOnlyCache)
  const unique: ImageRef[] = []
  for (const r of refs) {
    if (!table.has(r.src)) {
      table.set(r.src, { src: r.src, target: r.target, status: 'missing' })
      unique.push(r)
    }
  }
  // Output names are given in document order, so builds are reproducible.
  const plans = unique.map((ref) => ({ ref, output: isRemote(ref.src) || ref.src.startsWith('data:') ? undefined : outputName(ref.target, taken) }))
  await Promise.all(
    plans.map(async ({ ref, output }) => {
      const asset = table.get(ref.src)!
      if (ref.src.startsWith('data:')) {
        Object.assign(asset, { status: 'ok', output: ref.src })
        return
      }
      if (isRemote(ref.src)) {
        asset.status = 'remote'
        warnings.push({ code: 'IMAGE_REMOTE', line: ref.line, message: `remote image not downloaded: ${ref.src}; save it next to the notes to show it` })
        return
      }
      const { file, looked } = await firstFile(candidatePaths(ref, ctx), ctx.cwd)
      if (!file) {
        warnings.push({ code: 'IMAGE_MISSING', line: ref.line, message: `image not found: ${ref.target} (looked in ${looked}); add the file or fix the path` })
        return
      }
      try {
        await preparePictureOnce({ ref, file, output: output!, asset, ctx, outDir, taken, cache, cacheKeys })
        copies.push({ source: file, output: output! })
      } catch (e) {
        // Only a picture that cannot be read or decoded is the picture's fault; a failed write (a full disk) stops the build.
        if (!(e instanceof Unreadable)) throw e
        asset.status = 'unreadable'
        warnings.push({ code: 'IMAGE_UNREADABLE', line: ref.line, message: `image cannot be read: ${path.relative(ctx.cwd, file)} (${e.message}); replace it with a JPEG, PNG, WebP, GIF or SVG` })
      }
    }),
  )
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  copies.sort((a, b) => a.output.localeCompare(b.output))
  return { table, warnings, copies, cacheKeys }
}

/** A picture bbl cannot read or decode: a warning, not a failure of the build. */
class Unreadable extends Error {}

/** `work`'s failure as Unreadable: for reading and decoding the notes' picture, never for writing. */
async function reading<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (e) {
    throw new Unreadable((e as Error).message)
  }
}

interface PictureJob {
  ref: ImageRef
  file: string
  output: string
  asset: ImageAsset
  ctx: ImageContext
  outDir: string
  taken: Set<string>
  cache: PictureCache
  cacheKeys: Set<string>
}

/** preparePicture, or what it wrote for the same unchanged file earlier in the session (ctx.memo) written again. */
async function preparePictureOnce(job: PictureJob): Promise<void> {
  const memo = job.ctx.memo
  if (!memo) return preparePicture(job)
  const key = memoKey(job)
  // Taken before the file is read: a picture saved meanwhile has another stamp next time.
  const stamp = await fileStamp(job.file)
  const kept = stamp && memo.get(key, stamp)
  if (kept) return replay(kept, job)
  const keys = new Set<string>()
  await preparePicture({ ...job, cacheKeys: keys })
  for (const k of keys) job.cacheKeys.add(k)
  if (stamp) memo.set(key, stamp, await recorded(job, keys))
}

/** Everything besides the file's content that decides what preparePicture does with it. */
function memoKey({ ref, file, output, ctx, taken }: PictureJob): string {
  const photo = ctx.photos?.sources.has(ref.src) ?? false
  return JSON.stringify([file, output, photo, photo && taken.has(originalName(output)), ctx.keepMetadata ?? false])
}

/** What preparePicture just did for `job`: the asset's fields, and the files it wrote (the picture, and the photo as taken). */
async function recorded({ asset, outDir }: PictureJob, keys: Set<string>): Promise<PictureDone> {
  const { src: _src, target: _target, ...fields } = asset
  const written = [asset.output!, ...(asset.original ? [asset.original] : [])]
  const files = await Promise.all(written.map(async (f): Promise<[string, Buffer]> => [f, await readFile(path.join(outDir, f))]))
  return { asset: structuredClone(fields), files, keys: [...keys] }
}

/** Write again what a kept preparation wrote, and set the asset as it did. */
async function replay(done: PictureDone, { asset, outDir, cacheKeys }: PictureJob): Promise<void> {
  await Promise.all(
    done.files.map(async ([f, data]) => {
      await mkdir(path.dirname(path.join(outDir, f)), { recursive: true })
      await writeOut(path.join(outDir, f), data)
    }),
  )
  for (const k of done.keys) cacheKeys.add(k)
  Object.assign(asset, structuredClone(done.asset))
}

/** One picture into the deck folder: straightened (a slide photo), turned upright or scaled down, or copied without its metadata. */
async function preparePicture({ ref, file, output, asset, ctx, outDir, taken, cache, cacheKeys }: PictureJob): Promise<void> {
  const dest = path.join(outDir, output)
  await mkdir(path.dirname(dest), { recursive: true })
  if (ctx.photos?.sources.has(ref.src)) {
    const { key, ...photo } = await correctSlidePhoto({ file, outDir, output, taken, cacheDir: ctx.photos.cacheDir, readOnly: ctx.readOnlyCache })
    if (key) cacheKeys.add(key)
    asset.photo = photo
    if (photo.corrected) {
      Object.assign(asset, { status: 'ok', output, width: photo.width, height: photo.height, original: photo.original })
      return
    }
  }
  // The bytes are read once: those hashed are those checked and written.
  const { data, hash, bytes } = await reading(() => cache.key(file))
  cacheKeys.add(hash)
  // sharp is loaded for the first picture not seen before, not at startup.
  const meta = await cache.meta(hash, () =>
    reading(async () => {
      const { default: sharp } = await import('sharp')
      const { format, orientation, width, height } = await sharp(data).metadata()
      await checkDecodes(data, format)
      return { format, orientation, width, height, decodes: true as const }
    }),
  )
  const rotated = (meta.orientation ?? 1) >= 5
  const width = rotated ? meta.height : meta.width
  const height = rotated ? meta.width : meta.height
  const big = Math.max(width ?? 0, height ?? 0) > MAX_SIDE || bytes > MAX_COPY_BYTES
  const raster = meta.format === 'jpeg' || meta.format === 'png' || meta.format === 'webp'
  if (raster && ((meta.orientation ?? 1) !== 1 || big)) {
    const info = await cache.prepared(hash, path.extname(dest), dest, () =>
      reading(async () => {
        const { default: sharp } = await import('sharp')
        const img = sharp(data).rotate().resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        const made = await (meta.format === 'png' ? img.png() : meta.format === 'webp' ? img.webp({ quality: 85 }) : img.jpeg({ quality: 85, mozjpeg: true })).toBuffer({ resolveWithObject: true })
        return { data: made.data, size: { width: made.info.width, height: made.info.height } }
      }),
    )
    Object.assign(asset, { status: 'ok', output, width: info.width, height: info.height })
    return
  }
  if (!meta.decodes) {
    // An entry kept by an older bbl: checked once more, then kept with its verdict.
    await reading(() => checkDecodes(data, meta.format))
    await cache.keepMeta(hash, { ...meta, decodes: true })
  }
  await writeOut(dest, ctx.keepMetadata ? data : await reading(() => withoutMetadata(data, meta.format)))
  Object.assign(asset, { status: 'ok', output, width, height })
}
