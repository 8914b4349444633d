/**
 * bbl images: build the decks, then, next to them, one picture per slide for
 * chat and wikis (`slides/001.png`… for the recap deck, `<talk>/slides/001.png`…
 * for each talk deck) and each deck's title slide as `<deck>.thumb.webp` for the
 * landing page. Like the PDFs, they are made in the build's temporary folder
 * before it replaces the output, so a failure leaves the earlier output as it was.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'puppeteer-core'
import sharp from 'sharp'
import { build, type BuiltNotes } from '../build/build.js'
import { picturesSource } from '../build/carry-over.js'
import type { SlidePicturesEntry } from '../core/manifest.js'
import type { BrowserManager } from '../browser/manager.js'
import { withTimeout } from '../browser/clocks.js'
import { BblError, ExitCode } from '../core/error.js'
import type { ImagesCommand } from '../core/options.js'
import { posix, thumbFile } from '../core/paths.js'
import type { Reporter } from '../core/report.js'
import type { Warning } from '../core/warning.js'

/** Width of a deck's thumbnail on the landing page (2× the card's width, for sharp screens). */
const THUMB_WIDTH = 640

/** Where a deck's slide pictures go: `index.html` → `slides/`, `<slug>.html` → `<slug>/slides/`. */
export const slidesFolder = (deckFile: string): string => (deckFile === 'index.html' ? 'slides' : `${deckFile.replace(/\.html$/, '')}/slides`)

/** `001.png`: three digits at least, so that the files sort in slide order. */
export const slideImageName = (i: number, format: ImagesCommand['format']): string => `${String(i + 1).padStart(3, '0')}.${format === 'jpeg' ? 'jpg' : format}`

export async function exportImages(o: ImagesCommand, browser: BrowserManager, report: Reporter): Promise<BuiltNotes[]> {
  browser.warm()
  const built = await build(o, browser, report, { beforeSwap: imagesHook(o, browser, report) })
  for (const b of built) report.info(imagesSummary(b, o.cwd))
  return built
}

/** What the picture export reads of a command's options (bbl images's, or bbl build --images's). */
export type ImagesOptions = Pick<ImagesCommand, 'cwd' | 'format' | 'scale' | 'strict' | 'timeoutMs'>

/** The export of a notes file's slide pictures into the build's temporary folder (a BuildHooks.beforeSwap). */
export function imagesHook(o: ImagesOptions, browser: BrowserManager, report: Reporter): (tmp: string, built: BuiltNotes) => Promise<void> {
  return (tmp, b) => imagesOfNotes(tmp, b, o, browser, report)
}

/** The line that says which pictures a notes file got. */
export function imagesSummary(b: BuiltNotes, cwd: string): string {
  const sets = b.manifest.slidePictures ?? []
  const count = sets.reduce((n, s) => n + s.files.length, 0)
  const kinds = [...new Set(sets.map((s) => `${s.format}, ${Math.round(1280 * s.scale)}×${Math.round(720 * s.scale)}`))].join('; ')
  return `  images → ${posix(path.relative(cwd, b.dir) || b.dir)}/: ${count} slide pictures (${kinds}), ${sets.length} thumbnails`
}

async function imagesOfNotes(tmp: string, built: BuiltNotes, o: ImagesOptions, browser: BrowserManager, report: Reporter): Promise<void> {
  const source = built.manifest.source
  const warnings: Warning[] = []
  const blocked = new Set<string>()
  const sets: SlidePicturesEntry[] = []
  const page = await browser.page(tmp, { onBlocked: (u) => blocked.add(u) })
  try {
    // Below scale 1 the slide is drawn at full size and scaled down here: Chromium's own
    // downscaled raster shades a gradient differently from one run to the next.
    await page.setViewport({ width: 1280, height: 720, deviceScaleFactor: Math.max(1, o.scale) })
    for (const d of built.manifest.decks) {
      const n = await shootDeck(page, tmp, d.file, o)
      if (n !== d.slides) throw new Error(`${d.file}: ${n} pictures for ${d.slides} slides`)
      const entry: SlidePicturesEntry = {
        deck: d.file,
        format: o.format,
        scale: o.scale,
        files: Array.from({ length: n }, (_, i) => `${slidesFolder(d.file)}/${slideImageName(i, o.format)}`),
        thumb: thumbFile(d.file),
      }
      const { deck, what } = picturesSource(entry)
      sets.push({ ...entry, hash: await built.hashOf(deck, what) })
    }
  } finally {
    await page.close().catch(() => undefined)
  }
  built.manifest.slidePictures = sets
  for (const u of blocked) warnings.push({ code: 'NETWORK_REQUEST', message: `slide pictures: blocked a request outside the deck folder: ${u}` })
  for (const w of warnings) report.warn(source, w)
  built.manifest.warnings.push(...warnings)
  if (o.strict && warnings.length > 0) {
    throw new BblError(`${warnings.length} warning(s) while making slide pictures and --strict is set; fix them, or drop --strict.`, ExitCode.STRICT, { file: source })
  }
}

/**
 * One deck, slide after slide (vertical slides included, every fragment shown),
 * without controls, progress bar, slide number or transitions, the slide filling
 * the picture. Returns how many pictures were written.
 */
async function shootDeck(page: Page, tmp: string, deckFile: string, o: ImagesOptions): Promise<number> {
  const bounded = <T>(work: Promise<T>, what: string) => withTimeout(work, o.timeoutMs, `${what} of ${deckFile}`)
  // The options go in the query (reveal.js reads them there) so that the first layout is the final one.
  const query = '?margin=0&controls=false&progress=false&slideNumber=false&transition=none&backgroundTransition=none&fragments=false&hash=false'
  await bounded(page.goto(pathToFileURL(path.join(tmp, deckFile)).href + query, { waitUntil: 'load' }), 'loading the deck')
  await page.bringToFront()
  await bounded(page.waitForFunction('window.Reveal && Reveal.isReady()', { timeout: 0 }), 'starting reveal.js')
  const indices = (await bounded(page.evaluate(`(async () => {
    await document.fonts.ready
    await Promise.all([...document.images].map((img) => img.decode().catch(() => undefined)))
    return Reveal.getSlides().map((s) => Reveal.getIndices(s))
  })()`), 'loading the fonts and pictures')) as Array<{ h: number; v?: number }>
  const dir = path.join(tmp, slidesFolder(deckFile))
  await mkdir(dir, { recursive: true })
  for (const [i, at] of indices.entries()) {
    // Two frames: reveal.js applies the slide's classes, then the page is painted.
    const shown = page.evaluate(`new Promise((done) => { Reveal.slide(${at.h}, ${at.v ?? 0}); requestAnimationFrame(() => requestAnimationFrame(done)) })`)
    await bounded(shown, `showing slide ${i + 1}`)
    const shot = await bounded(o.scale < 1 ? smallShot(page, o) : settledShot(page, o.format), `taking slide ${i + 1}`)
    await writeFile(path.join(dir, slideImageName(i, o.format)), shot)
    if (i === 0) {
      const thumb = await sharp(shot).resize({ width: THUMB_WIDTH }).webp({ quality: 80 }).toBuffer()
      await writeFile(path.join(tmp, thumbFile(deckFile)), thumb)
    }
  }
  return indices.length
}

/** A picture below 1280×720: taken at full size (lossless), then scaled down by sharp, which is deterministic. */
async function smallShot(page: Page, o: ImagesOptions): Promise<Uint8Array> {
  const full = await settledShot(page, 'png')
  const img = sharp(full).resize(Math.round(1280 * o.scale), Math.round(720 * o.scale), { kernel: 'lanczos3' })
  return o.format === 'png' ? img.png().toBuffer() : o.format === 'webp' ? img.webp({ quality: 90 }).toBuffer() : img.jpeg({ quality: 90 }).toBuffer()
}

/**
 * A screenshot taken until two in a row are the same (at most 5): Chromium may
 * first paint a slide's gradient from tiles rastered at another quality, and a
 * picture of that would differ from run to run by a shade.
 */
async function settledShot(page: Page, format: ImagesCommand['format']): Promise<Uint8Array> {
  const take = () => page.screenshot({ type: format, ...(format === 'png' ? {} : { quality: 90 }), optimizeForSpeed: true, captureBeyondViewport: false })
  let last = await take()
  for (let n = 0; n < 4; n++) {
    const next = await take()
    if (Buffer.from(next).equals(Buffer.from(last))) return next
    last = next
  }
  return last
}
