/**
 * bbl build: notes → decks in dist/<notes-name>/. Each notes file is built in a
 * temporary folder next to its final place and swapped in only when complete,
 * so a failed build leaves the earlier good output untouched.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadNotes } from '../notes/asciidoc.js'
import type { BrowserManager } from '../browser/manager.js'
import { type Conference, mapConference } from '../notes/conference.js'
import { BblError, ExitCode } from '../core/error.js'
import { fitDecks, type Measurer } from '../slides/fit.js'
import { collectImages, pictureSources, prepareImages } from './images.js'
import { checkOutDir, checkPictures, checkReplaceable, removeStale } from './out-guard.js'
import { trackPath } from '../core/cleanup.js'
import { slidePhotoSources } from './photos/index.js'
import { charactersOf, prepareFonts } from './fonts.js'
import { inlineIcons } from './icons.js'
import { collectMedia, prepareMedia } from './media.js'
import { filesAtOnce, inTurn } from './parallel.js'
import { labelsFor } from '../notes/lang.js'
import type { NotesDoc } from '../notes/model.js'
import type { DeckEntry, Manifest } from '../core/manifest.js'
import type { Reporter } from '../core/report.js'
import { assetsDir, fitCacheFile, notesName, pageScriptFile, photoCacheDir, posix, revealDist, thumbFile } from '../core/paths.js'
import { type DeckPlan, planDecks, type SlideSpec } from '../slides/plan.js'
import { type LandingEntry, landingPage } from '../slides/landing.js'
import { type Fitted, type PageAssets, pageAssets, renderDeck } from '../slides/render.js'
import { type ResolvedTheme, resolveTheme } from './theme.js'
import { slugify } from '../core/text.js'
import { version } from '../core/version.js'

export interface BuildOptions {
  inputs: string[]
  outDir: string
  talk?: string
  theme: string
  strict: boolean
  cwd: string
  /** Keep pictures' EXIF/XMP/IPTC (location, device); removed by default. */
  keepMetadata?: boolean
  /** Let decks load from the network when opened: no Content-Security-Policy. */
  allowRemote?: boolean
  /** Conference notes or a plain deck; decided from the notes when undefined. */
  as?: 'deck' | 'notes'
  /** Straighten photos of projected slides (default auto); off leaves every picture as today. */
  photos?: 'auto' | 'off'
}


/** Extra work done in the temporary folder before it replaces the output (PDF export). */
export interface BuildHooks {
  /** Runs once the decks are written; may add PDFs to `built.manifest.pdfs`. A throw keeps the earlier output. */
  beforeSwap?: (tmpDir: string, built: BuiltNotes) => Promise<void>
  /** Fitting results kept across builds (bbl serve): only changed slides are measured again. */
  fitCache?: Map<string, Fitted>
  /** A measuring page kept open across builds (bbl serve). */
  measurer?: Measurer
  /** How many pages may measure this file's slides at once (default: the browser's share). */
  pages?: number
}

export interface BuiltNotes {
  name: string
  dir: string
  manifest: Manifest
  /** The plans behind the decks (PDF export reuses them). */
  decks: DeckPlan[]
  /** How each slide was fitted (the handout renders the same slides). */
  fitted: (spec: SlideSpec) => Fitted
  conference: Conference
}

/** Which talks --talk selects: by slug, or by a piece of the title or slug. */
export function selectTalks(conf: Conference, talk: string | undefined, file: string): Set<string> | undefined {
  if (!talk) return undefined
  const q = talk.toLowerCase()
  const qs = slugify(talk)
  const exact = conf.talks.filter((t) => t.slug === q)
  const hits = exact.length ? exact : conf.talks.filter((t) => t.titleText.toLowerCase().includes(q) || (qs && t.slug.includes(qs)))
  if (hits.length === 0) {
    const list = conf.talks.map((t) => t.slug).join(', ') || 'none'
    throw new BblError(`no talk matches "${talk}"; talks are: ${list}`, ExitCode.USAGE, { file })
  }
  return new Set(hits.map((t) => t.slug))
}

export async function copyAssets(dir: string, theme: ResolvedTheme, highlight: boolean): Promise<void> {
  const a = path.join(dir, 'assets')
  await mkdir(path.join(a, 'reveal', 'plugin'), { recursive: true })
  await mkdir(path.join(a, 'theme'), { recursive: true })
  const copies: Array<Promise<unknown>> = [
    copyFile(path.join(revealDist, 'reveal.js'), path.join(a, 'reveal', 'reveal.js')),
    copyFile(path.join(revealDist, 'reveal.css'), path.join(a, 'reveal', 'reveal.css')),
    copyFile(path.join(revealDist, 'plugin', 'notes.js'), path.join(a, 'reveal', 'plugin', 'notes.js')),
    // The fallback fonts are subset into the deck by prepareFonts, never copied whole.
    cp(path.join(assetsDir, 'fonts'), path.join(a, 'fonts'), { recursive: true, filter: (src) => path.basename(src) !== 'fallback' }),
    copyFile(path.join(assetsDir, 'bbl.css'), path.join(a, 'bbl.css')),
    copyFile(pageScriptFile('deck'), path.join(a, 'deck.js')),
    copyFile(pageScriptFile('no-dialogs'), path.join(a, 'no-dialogs.js')),
    writeFile(path.join(a, 'theme', 'theme.css'), theme.css),
    ...theme.files.map(async ([src, rel]) => {
      await mkdir(path.dirname(path.join(a, 'theme', rel)), { recursive: true })
      await copyFile(src, path.join(a, 'theme', rel))
    }),
  ]
  if (theme.reveal) copies.push(copyFile(path.join(assetsDir, 'reveal-theme.css'), path.join(a, 'reveal-theme.css')))
  if (highlight) {
    copies.push(
      copyFile(path.join(revealDist, 'plugin', 'highlight.js'), path.join(a, 'reveal', 'plugin', 'highlight.js')),
      cp(path.join(revealDist, 'plugin', 'highlight'), path.join(a, 'reveal', 'plugin', 'highlight'), { recursive: true }),
    )
  }
  await Promise.all(copies)
}

/** Replace `finalDir` with `readyDir` in two renames; the old folder is removed after. */
export async function swapInto(readyDir: string, finalDir: string): Promise<void> {
  const old = `${finalDir}.bbl-old-${process.pid}`
  const had = existsSync(finalDir)
  if (had) await rename(finalDir, old)
  try {
    await rename(readyDir, finalDir)
  } catch (e) {
    if (had) await rename(old, finalDir)
    throw e
  }
  if (had) await rm(old, { recursive: true, force: true })
}

export async function buildNotes(
  file: string,
  opts: BuildOptions,
  browser: BrowserManager,
  report: Reporter,
  theme?: ResolvedTheme,
  parsed?: NotesDoc,
  hooks: BuildHooks = {},
): Promise<BuiltNotes> {
  const t0 = Date.now()
  const icons = await inlineIcons(parsed ?? (await loadNotes(file, opts.cwd)))
  const doc = icons.doc
  const conf = mapConference(doc, opts.as)
  const talks = selectTalks(conf, opts.talk, file)
  const resolvedTheme = theme ?? (await resolveTheme(opts.theme, opts.cwd))
  const outDir = path.resolve(opts.cwd, opts.outDir)
  const finalDir = path.join(outDir, doc.name)
  const tmp = path.join(outDir, `.bbl-tmp-${doc.name}-${process.pid}`)
  checkReplaceable(finalDir, opts.cwd, file)
  await rm(tmp, { recursive: true, force: true })
  const forget = trackPath(tmp)
  await mkdir(tmp, { recursive: true })
  try {
    const assets = pageAssets({ revealTheme: resolvedTheme.reveal, highlight: doc.hasSource })
    const photos = opts.photos === 'off' ? undefined : { cacheDir: photoCacheDir(outDir), sources: slidePhotoSources(doc) }
    const ctx = {
      docdir: path.dirname(path.resolve(opts.cwd, file)),
      cwd: opts.cwd,
      name: doc.name,
      keepMetadata: opts.keepMetadata,
      cacheDir: path.join(outDir, '.bbl-cache', 'pictures'),
      ...(photos ? { photos } : {}),
    }
    // Refused before anything is written: an --out holding the pictures gets no cache either.
    checkPictures(outDir, pictureSources(collectImages(doc), ctx), opts.cwd, file)
    const [images, media] = await Promise.all([
      prepareImages(collectImages(doc), ctx, tmp),
      prepareMedia(collectMedia(doc), ctx, tmp),
      copyAssets(tmp, resolvedTheme, doc.hasSource),
    ])
    checkPictures(outDir, images.copies.map((c) => c.source), opts.cwd, file)
    report.debug(`${file}: parsed and images ready in ${Date.now() - t0} ms`)
    const decks = planDecks(conf, { labels: labelsFor(conf.lang), images: images.table, media: media.table, talks })
    const fonts = await prepareFonts(charactersOf(doc, decks), tmp, path.join(outDir, '.bbl-cache', 'fonts'))
    report.debug(`${file}: ${fonts.bytes} bytes of fallback fonts (${fonts.files.length} file(s))`)
    const cacheFile = fitCacheFile(outDir, doc.name)
    const cache = hooks.fitCache ?? (await loadFitCache(cacheFile))
    const salt = await layoutSalt(tmp, assets, browser)
    const fit = await fitDecks(browser, tmp, assets, decks, conf.lang, cache, salt, hooks.measurer, hooks.pages).catch((e: unknown) => {
      // Name the notes, not the temporary folder the slides were measured in.
      throw e instanceof BblError ? new BblError(e.message.replace(path.basename(tmp), `${doc.name} (recap and talk decks)`), e.exitCode, { file }) : e
    })
    report.debug(`${file}: fitted in ${Date.now() - t0} ms (${fit.measured} slide(s) measured, the rest from the cache)`)

    const deckEntries: DeckEntry[] = []
    await Promise.all(
      decks.map(async (d) => {
        const r = renderDeck(d, assets, fit.fitted, { allowRemote: opts.allowRemote })
        await writeFile(path.join(tmp, d.file), r.html)
        const t = d.talk
        deckEntries.push({
          kind: d.kind,
          file: d.file,
          title: d.title,
          ...(t ? { slug: t.slug } : {}),
          slides: r.slides,
          speakers: t ? t.speakers : [],
          ...(t?.company ? { company: t.company } : {}),
          lang: t ? (t.lang ?? conf.lang) : conf.lang,
          ...(t ? { highlight: t.highlight } : {}),
        })
      }),
    )
    const order = new Map(decks.map((d, i) => [d.file, i]))
    deckEntries.sort((a, b) => order.get(a.file)! - order.get(b.file)!)

    const warnings = [...doc.warnings, ...icons.warnings, ...resolvedTheme.warnings, ...images.warnings, ...media.warnings, ...fonts.warnings, ...fit.warnings]
    for (const w of warnings) report.warn(file, w)
    const manifest: Manifest = {
      bbl: version,
      title: conf.titleText,
      source: posix(path.relative(opts.cwd, path.resolve(opts.cwd, file))),
      ...(conf.author ? { author: conf.author } : {}),
      ...(conf.date ? { date: conf.date } : {}),
      lang: conf.lang,
      theme: resolvedTheme.name,
      decks: deckEntries,
      images: [...images.table.values()].map((img) => {
        const copy = images.copies.find((c) => c.output === img.output)
        return {
          source: img.target,
          ...(copy ? { file: posix(path.relative(opts.cwd, copy.source)) } : {}),
          ...(img.status === 'ok' && img.output ? { output: img.output } : {}),
          missing: img.status !== 'ok',
          status: img.status,
          ...(img.photo ? { photo: { corrected: img.photo.corrected, confidence: img.photo.confidence, ...(img.original ? { original: img.original } : {}) } } : {}),
        }
      }),
      pdfs: [],
      warnings,
    }
    if (opts.strict && warnings.length > 0) {
      throw new BblError(`${warnings.length} warning(s) and --strict is set; fix them, or drop --strict. ${outputKept(finalDir, opts.cwd)}`, ExitCode.STRICT, { file })
    }
    const built: BuiltNotes = { name: doc.name, dir: finalDir, manifest, decks, fitted: fit.fitted, conference: conf }
    if (hooks.beforeSwap) await hooks.beforeSwap(tmp, built)
    if (talks) {
      const kept = await keepOtherTalks(finalDir, tmp, manifest, conf)
      if (kept > 0) report.info(`${file}: kept ${kept} other talk deck${kept === 1 ? '' : 's'} from the previous build (--talk rebuilds only ${[...talks].join(', ')})`)
    }
    await writeFile(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    checkReplaceable(finalDir, opts.cwd, file)
    await swapInto(tmp, finalDir)
    if (!hooks.fitCache) await saveFitCache(cacheFile, cache, fit.used)
    report.debug(`${file}: built in ${Date.now() - t0} ms`)
    return built
  } finally {
    await rm(tmp, { recursive: true, force: true })
    forget()
  }
}

/**
 * Everything the measured layout depends on besides the slide itself: bbl's
 * version, the paginator, the CSS and fonts in the deck folder, and the browser binary.
 */
export async function layoutSalt(dir: string, assets: PageAssets, browser: BrowserManager): Promise<string> {
  // The paginator decides the pages (and writes dir attributes into them): a cache
  // kept across a change to it served the old pages, the version being unchanged.
  const h = createHash('sha256').update(version).update(await readFile(pageScriptFile('paginate')))
  for (const css of assets.css) h.update(css).update(await readFile(path.join(dir, css)))
  const fonts = path.join(dir, 'assets', 'fonts')
  for (const f of (await readdir(fonts)).sort()) h.update(f).update(String((await stat(path.join(fonts, f))).size))
  const found = await browser.found()
  const bin = await stat(found.path).catch(() => undefined)
  return h.update(`${found.path}:${bin?.size}:${bin?.mtimeMs}`).digest('hex').slice(0, 16)
}

export async function loadFitCache(file: string): Promise<Map<string, Fitted>> {
  try {
    return new Map(JSON.parse(await readFile(file, 'utf8')) as Array<[string, Fitted]>)
  } catch {
    return new Map()
  }
}

/** Keep only what this build used, so the cache never grows past one build's worth. */
async function saveFitCache(file: string, cache: Map<string, Fitted>, used: Set<string>): Promise<void> {
  const entries = [...cache].filter(([k]) => used.has(k))
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}`
  await writeFile(tmp, JSON.stringify(entries))
  await rename(tmp, file)
}

/**
 * --talk rebuilds the recap and the chosen talks: the other talk decks of the
 * previous build (and their PDFs) stay, as long as the notes still have those talks.
 */
async function keepOtherTalks(finalDir: string, tmp: string, manifest: Manifest, conf: Conference): Promise<number> {
  let old: Manifest
  try {
    old = JSON.parse(await readFile(path.join(finalDir, 'manifest.json'), 'utf8')) as Manifest
  } catch {
    return 0
  }
  const slugs = new Set(conf.talks.map((t) => t.slug))
  let kept = 0
  for (const d of old.decks) {
    if (d.kind !== 'talk' || !d.slug || !slugs.has(d.slug) || manifest.decks.some((n) => n.file === d.file)) continue
    if (!existsSync(path.join(finalDir, d.file))) continue
    await copyFile(path.join(finalDir, d.file), path.join(tmp, d.file))
    manifest.decks.push(d)
    const pdf = old.pdfs.find((p) => p.kind === 'talk' && p.file === d.file.replace(/\.html$/, '.pdf'))
    if (pdf && existsSync(path.join(finalDir, pdf.file)) && !manifest.pdfs.some((p) => p.file === pdf.file)) {
      await copyFile(path.join(finalDir, pdf.file), path.join(tmp, pdf.file))
      manifest.pdfs.push(pdf)
    }
    kept++
  }
  const order = new Map(conf.talks.map((t, i) => [t.slug, i]))
  manifest.decks.sort((a, b) => (a.kind === 'recap' ? -1 : b.kind === 'recap' ? 1 : order.get(a.slug!)! - order.get(b.slug!)!))
  return kept
}

const outputKept = (dir: string, cwd: string) =>
  existsSync(dir) ? `The earlier output in ${path.relative(cwd, dir) || dir} is kept.` : 'Nothing was written.'

/** Rewrite dist/index.html from every manifest in the output folder. */
export async function writeLanding(outDir: string): Promise<void> {
  const entries: LandingEntry[] = []
  const dirs = existsSync(outDir) ? (await readdir(outDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')) : []
  for (const d of dirs.map((x) => x.name).sort()) {
    const file = path.join(outDir, d, 'manifest.json')
    if (!existsSync(file)) continue
    try {
      const m = JSON.parse(await readFile(file, 'utf8')) as Manifest
      const here = (f: string) => existsSync(path.join(outDir, d, f))
      const decks = m.decks.map((x) => ({ ...x, ...(here(thumbFile(x.file)) ? { thumb: thumbFile(x.file) } : {}) }))
      const fonts = here('assets/fonts/fonts.css') ? 'assets/fonts/fonts.css' : undefined
      entries.push({ folder: d, title: m.title, author: m.author, date: m.date, lang: m.lang, decks, pdfs: m.pdfs, ...(fonts ? { fonts } : {}) })
    } catch {
      // A manifest we cannot read is not ours to list.
    }
  }
  await mkdir(outDir, { recursive: true })
  const tmp = path.join(outDir, `.index.html.${process.pid}`)
  await writeFile(tmp, landingPage(entries))
  await rename(tmp, path.join(outDir, 'index.html'))
}

/** Build every input; stops at the first error (earlier inputs stay built). */
export async function build(opts: BuildOptions, browser: BrowserManager, report: Reporter, hooks: BuildHooks = {}): Promise<BuiltNotes[]> {
  // Launch the browser while the notes are parsed, unless earlier fitting is on
  // disk: then it may not be needed at all.
  const outDir = path.resolve(opts.cwd, opts.outDir)
  checkOutDir(outDir, opts.cwd, opts.inputs)
  await removeStale(outDir)
  const first = opts.inputs[0]
  if (!first || !existsSync(fitCacheFile(path.resolve(opts.cwd, opts.outDir), notesName(first)))) browser.warm()
  const theme = await resolveTheme(opts.theme, opts.cwd)
  const built: BuiltNotes[] = []
  const done = (file: string, b: BuiltNotes) => {
    const talks = b.manifest.decks.filter((d) => d.kind === 'talk').length
    const slides = b.manifest.decks.find((d) => d.kind === 'recap')?.slides ?? 0
    report.info(`${file} → ${path.relative(opts.cwd, b.dir) || b.dir}/ (recap: ${slides} slides, ${talks} talk deck${talks === 1 ? '' : 's'})`)
    built.push(b)
  }
  try {
    const width = filesAtOnce(opts.inputs, browser.pages, { printsPdfs: !!hooks.beforeSwap })
    await inTurn(opts.inputs, width, (file) => buildNotes(file, opts, browser, report, theme, undefined, { ...hooks, pages: Math.max(1, Math.floor(browser.pages / width)) }), done)
  } finally {
    if (built.length > 0) await writeLanding(path.resolve(opts.cwd, opts.outDir))
  }
  return built
}

