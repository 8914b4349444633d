/**
 * bbl build: notes → decks in dist/<notes-name>/. Each notes file is built in a
 * temporary folder next to its final place and swapped in only when complete,
 * so a failed build leaves the earlier good output untouched.
 */
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { loadNotes } from '../notes/asciidoc.js'
import type { BrowserManager } from '../browser/manager.js'
import type { Conference } from '../notes/conference.js'
import { BblError, ExitCode, isBblError } from '../core/error.js'
import type { Measurer } from '../slides/fit.js'
import type { PictureMemo } from '../assets/picture-memo.js'
import { collectImages, type ImageContext, pictureSources } from '../assets/pictures.js'
import { carryOver, outputHasher, staleLine } from './carry-over.js'
import { checkOutDir, checkPictures, checkReplaceable, removeStale } from './out-guard.js'
import { trackPath } from '../core/cleanup.js'
import { slidePhotoSources } from '../assets/photos/index.js'
import { listUsed, pruneCaches } from '../cache/prune.js'
import { CACHE_DIR, cacheProblem } from '../cache/store.js'
import { filesAtOnce, inTurn } from './parallel.js'
import type { NotesDoc } from '../notes/model.js'
import type { BuildOptions, BuiltNotes } from './built.js'
import type { DeckEntry, Manifest } from '../core/manifest.js'
import type { Reporter } from '../core/report.js'
import { fitCacheFile, notesName, posix } from '../core/paths.js'
import { stageLanding } from '../landing/write.js'
import { writeOut } from '../core/write.js'
import { type Fitted, renderDeck } from '../slides/render.js'
import { buildInputs } from './inputs.js'
import { keptOf, keyOf, recordStart, reportBuilt, reportKept, reused } from './reuse.js'
import { saveRecord } from './up-to-date.js'
import { type ResolvedTheme, resolveTheme } from '../assets/theme.js'
import { slugify } from '../core/text.js'
import { version } from '../core/version.js'
import { loadFitCache, type Prepared, prepareDecks, saveFitCache } from './prepare.js'

export type { BuildOptions, BuiltNotes } from './built.js'


/** Extra work done in the temporary folder before it replaces the output (PDF export). */
export interface BuildHooks {
  /**
   * Runs once the decks are written, on at most `pages` pages at once (this file's share of the
   * browser's); may add PDFs to `built.manifest.pdfs`. A throw keeps the earlier output.
   */
  beforeSwap?: (tmpDir: string, built: BuiltNotes, pages: number) => Promise<void>
  /** Whether beforeSwap may run beside another notes file's build (the PDF export): else files are built one at a time. */
  sideBySide?: boolean
  /** Fitting results kept across builds (bbl serve): only changed slides are measured again. */
  fitCache?: Map<string, Fitted>
  /** A measuring page kept open across builds (bbl serve). */
  measurer?: Measurer
  /** What earlier builds wrote for each picture (bbl serve): unchanged pictures are not prepared again. */
  pictures?: PictureMemo
  /** How many pages may measure this file's slides at once (default: the browser's share). */
  pages?: number
  /** Rewrite the output folder's landing page as the folder goes in (bbl build; bbl serve writes its own). */
  landing?: boolean
  /** False when the output folder's cache cannot be used (see cacheProblem): nothing is read from it or kept in it. */
  useCache?: boolean
  /** Keep a record of the build, so that a rebuild of unchanged notes reuses it (src/build/up-to-date.ts); bbl build only. */
  record?: boolean
  /** Notes files already checked for a reusable last build (reuseAll), with what was found: not checked again. */
  checked?: ReadonlyMap<string, BuiltNotes | undefined>
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

let landingTurn: Promise<unknown> = Promise.resolve()

/**
 * Swap a deck folder in, with the landing page that lists it: the page is written
 * aside first (a full disk fails here, before anything is replaced), then the
 * folder and the page go in by renames. One notes file at a time, so that each
 * page lists every folder swapped in before it.
 */
async function swapWithLanding(o: { outDir: string; name: string; ready: string; finalDir: string; landing: boolean }): Promise<void> {
  const turn = landingTurn.then(async () => {
    const landing = o.landing ? await stageLanding(o.outDir, { name: o.name, dir: o.ready }) : undefined
    try {
      await swapInto(o.ready, o.finalDir)
    } catch (e) {
      await landing?.discard()
      throw e
    }
    await landing?.commit()
  })
  landingTurn = turn.catch(() => {})
  await turn
}

/** A file-system error about a file of the temporary folder, told of the file it was to become (the temporary folder is gone). */
function naming(e: unknown, tmp: string, finalDir: string): unknown {
  const err = e as { path?: unknown; dest?: unknown }
  if (!err || typeof err !== 'object') return e
  const final = (p: unknown) => (typeof p === 'string' && (p === tmp || p.startsWith(tmp + path.sep)) ? finalDir + p.slice(tmp.length) : p)
  if (err.path !== undefined) err.path = final(err.path)
  if (err.dest !== undefined) err.dest = final(err.dest)
  return e
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

/** How one notes file is built: the hooks, and what the caller already has (the theme resolved, the notes parsed). */
export interface NotesBuildOptions extends BuildHooks {
  theme?: ResolvedTheme
  /** The notes, already parsed (bbl serve parses them to watch the files they use). */
  parsed?: NotesDoc
}

export async function buildNotes(file: string, opts: BuildOptions, browser: BrowserManager, report: Reporter, hooks: NotesBuildOptions = {}): Promise<BuiltNotes> {
  const { theme, parsed } = hooks
  const t0 = Date.now()
  const doc = parsed ?? (await loadNotes(file, opts.cwd, { attributes: opts.attributes, root: opts.root }))
  const resolvedTheme = theme ?? (await resolveTheme(opts.theme, opts.cwd))
  const outDir = path.resolve(opts.cwd, opts.outDir)
  const finalDir = path.join(outDir, doc.name)
  const tmp = path.join(outDir, `.bbl-tmp-${doc.name}-${process.pid}`)
  checkReplaceable(finalDir, opts.cwd, file)
  const cacheRoot = hooks.useCache === false ? undefined : path.join(outDir, CACHE_DIR)
  const ctx = { ...pictureContext(file, doc, opts, cacheRoot), ...(hooks.pictures ? { memo: hooks.pictures } : {}) }
  // Refused before anything is written: an --out holding the pictures gets no cache either.
  checkPictures(outDir, pictureSources(collectImages(doc), ctx), opts.cwd, file)
  await rm(tmp, { recursive: true, force: true })
  const forget = trackPath(tmp)
  await mkdir(tmp, { recursive: true })
  try {
    const cacheFile = cacheRoot && fitCacheFile(outDir, doc.name)
    const cache = hooks.fitCache ?? (await loadFitCache(cacheFile))
    const p = await prepareDecks(doc, {
      file,
      dir: tmp,
      ctx,
      theme: resolvedTheme,
      ...(opts.themeChosen ? { themeChosen: true } : {}),
      browser,
      ...(opts.as ? { as: opts.as } : {}),
      talks: (conf) => selectTalks(conf, opts.talk, file),
      ...(cacheRoot ? { fontCache: path.join(cacheRoot, 'fonts'), diagramCache: path.join(cacheRoot, 'diagrams') } : {}),
      fitCache: cache,
      ...(hooks.measurer ? { measurer: hooks.measurer } : {}),
      ...(hooks.pages ? { pages: hooks.pages } : {}),
      imagesReady: (images) => checkPictures(outDir, images.copies.map((c) => c.source), opts.cwd, file),
      debug: (msg) => report.debug(`${file}: ${msg}`),
    })
    const deckEntries = await writeDecks(p, tmp, opts.allowRemote)
    for (const w of p.warnings) report.warn(file, w)
    const manifest = manifestOf(p, file, opts.cwd, p.theme, deckEntries)
    if (opts.strict && p.warnings.length > 0) {
      throw new BblError(`${p.warnings.length} warning(s) and --strict is set; fix them, or drop --strict. ${outputKept(finalDir, opts.cwd)}`, ExitCode.STRICT, { file })
    }
    const hashOf = await outputHasher(tmp)
    const built: BuiltNotes = { ...(doc.scriptLine ? { scriptLine: doc.scriptLine } : {}), name: doc.name, dir: finalDir, manifest, decks: p.decks, fitted: p.fit.fitted, conference: p.conf, ...(p.brand ? { brand: p.brand } : {}), hashOf }
    if (hooks.beforeSwap) await hooks.beforeSwap(tmp, built, hooks.pages ?? browser.pages)
    if (p.talks) {
      const kept = await keepOtherTalks(finalDir, tmp, manifest, p.conf)
      if (kept > 0) report.info(`${file}: kept ${kept} other talk deck${kept === 1 ? '' : 's'} from the previous build (--talk rebuilds only ${[...p.talks].join(', ')})`)
    }
    // The PDFs, PowerPoint files and pictures of earlier runs that this one did not make again, while current.
    const carried = await carryOver({ finalDir, tmp, manifest, hashOf })
    if (carried.stale.length > 0) report.info(staleLine(file, carried.stale))
    if (carried.kept.length > 0) report.debug(`${file}: kept ${carried.kept.length} output file(s) of earlier runs`)
    await writeOut(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    const record = cacheRoot && hooks.record ? await recordStart(tmp, finalDir, outDir, doc.name) : undefined
    checkReplaceable(finalDir, opts.cwd, file)
    await swapWithLanding({ outDir, name: doc.name, ready: tmp, finalDir, landing: hooks.landing === true })
    // The output is in place: keeping the caches only saves time later, and cannot fail the build (cache-store.ts).
    if (cacheFile && !hooks.fitCache) await saveFitCache(cacheFile, cache, p.fit.used)
    if (cacheRoot) await listUsed(outDir, doc.name, [...p.images.cacheKeys, ...p.diagrams.cacheKeys])
    if (record) {
      const inputs = buildInputs({ file, doc: p.doc, ctx, theme: resolvedTheme })
      await saveRecord({ outDir, name: doc.name, key: keyOf(file, opts), inputs, digests: record, built: keptOf(built, p), since: t0 })
    }
    report.debug(`${file}: built in ${Date.now() - t0} ms`)
    return built
  } catch (e) {
    throw naming(e, tmp, finalDir)
  } finally {
    // Writes started beside one that failed (a full disk) may still be landing: retried, and never
    // in place of the failure that stopped the build (a later run removes what is left, see removeStale).
    await rm(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined)
    forget()
  }
}

/** Where a notes file's pictures and media are looked for, and how photos are treated. */
function pictureContext(file: string, doc: NotesDoc, opts: BuildOptions, cacheRoot: string | undefined): ImageContext {
  const photos = opts.photos === 'off' ? undefined : { ...(cacheRoot ? { cacheDir: path.join(cacheRoot, 'photos') } : {}), sources: slidePhotoSources(doc) }
  return {
    docdir: path.dirname(path.resolve(opts.cwd, file)),
    cwd: opts.cwd,
    name: doc.name,
    keepMetadata: opts.keepMetadata,
    ...(cacheRoot ? { cacheDir: path.join(cacheRoot, 'pictures') } : {}),
    ...(photos ? { photos } : {}),
  }
}

/** Each deck's HTML into `dir`; their manifest entries, in plan order. */
async function writeDecks(p: Prepared, dir: string, allowRemote: boolean | undefined): Promise<DeckEntry[]> {
  const { conf } = p
  return Promise.all(
    p.decks.map(async (d) => {
      const r = renderDeck(d, p.assets, p.fit.fitted, { allowRemote, ...(p.brand ? { brand: p.brand } : {}) })
      await writeOut(path.join(dir, d.file), r.html)
      const t = d.talk
      return {
        kind: d.kind,
        file: d.file,
        title: d.title,
        ...(t ? { slug: t.slug } : {}),
        slides: r.slides,
        speakers: t ? t.speakers : [],
        ...(t?.company ? { company: t.company } : {}),
        lang: t ? (t.lang ?? conf.lang) : conf.lang,
        ...(t ? { highlight: t.highlight } : {}),
      }
    }),
  )
}

function manifestOf(p: Prepared, file: string, cwd: string, theme: ResolvedTheme, decks: DeckEntry[]): Manifest {
  const { conf, images } = p
  return {
    bbl: version,
    title: conf.titleText,
    source: posix(path.relative(cwd, path.resolve(cwd, file))),
    ...(conf.author ? { author: conf.author } : {}),
    ...(conf.date ? { date: conf.date } : {}),
    lang: conf.lang,
    theme: theme.name,
    decks,
    images: [...images.table.values()].map((img) => {
      const copy = images.copies.find((c) => c.output === img.output)
      return {
        source: img.target,
        ...(copy ? { file: posix(path.relative(cwd, copy.source)) } : {}),
        ...(img.status === 'ok' && img.output ? { output: img.output } : {}),
        missing: img.status !== 'ok',
        status: img.status,
        ...(img.photo ? { photo: { corrected: img.photo.corrected, confidence: img.photo.confidence, ...(img.original ? { original: img.original } : {}) } } : {}),
      }
    }),
    pdfs: [],
    warnings: p.warnings,
  }
}

/**
 * --talk rebuilds the recap and the chosen talks: the other talk decks of the
 * previous build (and their PDFs and PowerPoint files) stay, as long as the notes still have those talks.
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
    // Its PowerPoint file too, when this run makes them (bbl pptx --talk).
    const pptx = manifest.pptx && old.pptx?.find((p) => p.kind === 'talk' && p.file === d.file.replace(/\.html$/, '.pptx'))
    if (pptx && existsSync(path.join(finalDir, pptx.file)) && !manifest.pptx!.some((p) => p.file === pptx.file)) {
      await copyFile(path.join(finalDir, pptx.file), path.join(tmp, pptx.file))
      manifest.pptx!.push(pptx)
    }
    kept++
  }
  const order = new Map(conf.talks.map((t, i) => [t.slug, i]))
  manifest.decks.sort((a, b) => (a.kind === 'recap' ? -1 : b.kind === 'recap' ? 1 : order.get(a.slug!)! - order.get(b.slug!)!))
  // PowerPoint files in the decks' order, as a full run lists them.
  const deckAt = (f: { kind: string; file: string }) => (f.kind === 'recap' ? -1 : manifest.decks.findIndex((d) => d.file === f.file.replace(/\.pptx$/, '.html')))
  manifest.pptx?.sort((a, b) => deckAt(a) - deckAt(b))
  return kept
}

const outputKept = (dir: string, cwd: string) =>
  existsSync(dir) ? `The earlier output in ${path.relative(cwd, dir) || dir} is kept.` : 'Nothing was written.'

export { writeLanding } from '../landing/write.js'

/** Whether the output folder's cache can be used; said once when it cannot (the build goes on without it). */
export async function cacheUsable(outDir: string, cwd: string, report: Reporter): Promise<boolean> {
  const problem = await cacheProblem(outDir)
  if (problem) report.info(`warning: ${path.relative(cwd, problem.dir) || problem.dir} ${problem.why}; building without the cache (slower; fix or remove ${path.relative(cwd, path.join(outDir, CACHE_DIR))} to use it again)`)
  return !problem
}

/**
 * Build every input. Bad notes (exit 3) fail their own file: the others are still
 * built, and the first failure is thrown at the end. Any other error stops the
 * run (earlier inputs stay built).
 */
export async function build(opts: BuildOptions, browser: BrowserManager, report: Reporter, hooks: BuildHooks = {}): Promise<BuiltNotes[]> {
  // Launch the browser while the notes are parsed, unless earlier fitting is on
  // disk: then it may not be needed at all.
  const outDir = path.resolve(opts.cwd, opts.outDir)
  checkOutDir(outDir, opts.cwd, opts.inputs)
  await removeStale(outDir)
  const first = opts.inputs[0]
  if (!first || !existsSync(fitCacheFile(path.resolve(opts.cwd, opts.outDir), notesName(first)))) await browser.warm()
  const theme = await resolveTheme(opts.theme, opts.cwd)
  const useCache = await cacheUsable(outDir, opts.cwd, report)
  const built: BuiltNotes[] = []
  const done = (file: string, b: BuiltNotes) => {
    reportBuilt({ file, built: b, cwd: opts.cwd, report })
    built.push(b)
  }
  const started = Date.now()
  const width = filesAtOnce(opts.inputs, browser.pages, { oneAtATime: !!hooks.beforeSwap && !hooks.sideBySide })
  // Each notes file's folder goes in with the landing page that lists it (swapWithLanding).
  const record = useCache && !hooks.beforeSwap && !hooks.fitCache
  const one = async (file: string) => {
    const kept = !record ? undefined : hooks.checked?.has(file) ? hooks.checked.get(file) : await reused(file, opts)
    if (kept) reportKept({ file, built: kept, report })
    return kept ?? buildNotes(file, opts, browser, report, { ...hooks, theme, useCache, record, landing: true, pages: Math.max(1, Math.floor(browser.pages / width)) })
  }
  await inTurn(opts.inputs, width, one, done, {
    goOn: (e) => isBblError(e) && e.exitCode === ExitCode.INPUT,
    failed: (e) => report.info(`bbl: ${isBblError(e) ? e.oneLine() : String(e)}`),
  })
  // Once every notes file has listed what it used: one build must not prune what another, beside it, is using.
  if (useCache) await pruneCaches(outDir, started)
  return built
}

