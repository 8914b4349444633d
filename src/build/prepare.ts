/**
 * The steps `bbl build` and `bbl check` share, in a folder of their own: icons,
 * diagrams, conference, pictures, media, assets, slide plan, fallback fonts, fitting.
 * What differs (where the folder is, what is written after) stays with each.
 */
import { createHash } from 'node:crypto'
import { copyFile, cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { BrowserManager } from '../browser/manager.js'
import { BblError } from '../core/error.js'
import type { Warning } from '../core/warning.js'
import { assetsDir, pageScriptFile, revealDist } from '../core/paths.js'
import { version } from '../core/version.js'
import { type Conference, mapConference } from '../notes/conference.js'
import { labelsFor } from '../notes/lang.js'
import type { NotesDoc } from '../notes/model.js'
import { type FitResult, fitDecks, type Measurer, measuringScript } from '../slides/fit.js'
import { planDecks } from '../slides/plan.js'
import type { DeckPlan } from '../slides/spec.js'
import { type Brand, type Fitted, type PageAssets, pageAssets } from '../slides/render.js'
import { markBranded, prepareBrand } from '../assets/brand.js'
import { CacheStore } from '../cache/store.js'
import { drawDiagrams, type DrawnDiagrams } from '../assets/diagrams.js'
import { charactersOf, type PreparedFonts, prepareFonts } from '../assets/fonts.js'
import { inlineIcons } from '../assets/icons.js'
import { collectImages, type ImageContext, type PreparedImages, prepareImages } from '../assets/pictures.js'
import { collectMedia, type PreparedMedia, prepareMedia } from '../assets/media-files.js'
import type { ResolvedTheme } from '../assets/theme.js'
import { deckTheme } from '../assets/author-theme.js'
import { backgroundTones } from '../assets/tones.js'

export interface PrepareOptions {
  /** The notes file, as given (messages). */
  file: string
  /** The folder the deck is made in. */
  dir: string
  ctx: ImageContext
  theme: ResolvedTheme
  /** Whether the user chose the theme (--theme, the project file): it wins over a plain deck's own. */
  themeChosen?: boolean
  browser: BrowserManager
  as?: 'deck' | 'notes'
  /** Talks whose decks are made (--talk); all when undefined. */
  talks?: (conf: Conference) => Set<string> | undefined
  /** Folder of fallback font subsets kept across builds; none kept without it. */
  fontCache?: string
  /** Folder of drawn diagrams kept across builds; none kept without it. */
  diagramCache?: string
  /** Fitting results known so far, by slide key. */
  fitCache: Map<string, Fitted>
  measurer?: Measurer
  pages?: number
  /** Once the pictures are copied (a build refuses pictures that are its own output). */
  imagesReady?: (images: PreparedImages) => void
  /** Progress for --debug, said of the notes file. */
  debug: (msg: string) => void
}

export interface Prepared {
  doc: NotesDoc
  conf: Conference
  /** The theme the decks got: the run's, or a plain deck's own (src/assets/author-theme.ts). */
  theme: ResolvedTheme
  decks: DeckPlan[]
  assets: PageAssets
  images: PreparedImages
  media: PreparedMedia
  fonts: PreparedFonts
  diagrams: DrawnDiagrams
  fit: FitResult
  /** The logo and footer every slide shows (theme or notes); none by default. */
  brand?: Brand
  /** The talks selected (--talk); undefined: all. */
  talks: Set<string> | undefined
  /** Every warning so far, in the order the steps ran. */
  warnings: Warning[]
}

/** Parsed notes → planned and fitted decks, with pictures, media, assets and fonts in `o.dir`. */
export async function prepareDecks(parsed: NotesDoc, o: PrepareOptions): Promise<Prepared> {
  const t0 = Date.now()
  const icons = await inlineIcons(parsed)
  const diagrams = await drawDiagrams(icons.doc, { browser: o.browser, ...(o.diagramCache ? { cacheDir: o.diagramCache } : {}), debug: o.debug })
  const doc = diagrams.doc
  const conf = mapConference(doc, o.as)
  const talks = o.talks?.(conf)
  const themed = await deckTheme(doc, { chosen: o.theme, themeChosen: !!o.themeChosen, kind: conf.kind, docdir: o.ctx.docdir })
  const theme = themed.theme
  const assets = pageAssets({ revealTheme: theme.reveal, highlight: doc.hasSource })
  const [images, media, branding] = await Promise.all([
    prepareImages(collectImages(doc), o.ctx, o.dir),
    prepareMedia(collectMedia(doc), o.ctx, o.dir),
    copyAssets(o.dir, theme, doc.hasSource).then(() => prepareBrand(doc, theme, o.ctx.docdir, o.dir)),
  ])
  const brand = branding.brand
  o.imagesReady?.(images)
  o.debug(`parsed and images ready in ${Date.now() - t0} ms`)
  const tones = await backgroundTones(doc, images.table, o.dir)
  const decks = planDecks(conf, { labels: labelsFor(conf.lang), images: images.table, media: media.table, talks, tones })
  markBranded(new Set(decks.flatMap((d) => d.stacks.flatMap((st) => st.slides))), brand)
  const fonts = await prepareFonts(charactersOf(doc, decks), o.dir, o.fontCache)
  o.debug(`${fonts.bytes} bytes of fallback fonts (${fonts.files.length} file(s))`)
  const salt = await layoutSalt(o.dir, assets, o.browser)
  const fit = await fitDecks({
    browser: o.browser,
    deckDir: o.dir,
    name: `${doc.name} (recap and talk decks)`,
    assets,
    decks,
    lang: conf.lang,
    cache: o.fitCache,
    salt,
    kept: o.measurer,
    pages: o.pages,
  }).catch((e: unknown) => {
    throw e instanceof BblError ? new BblError(e.message, e.exitCode, { ...e.where, file: o.file }) : e
  })
  o.debug(`fitted in ${Date.now() - t0} ms (${fit.measured} slide(s) measured, the rest from the cache)`)
  const warnings = [...doc.warnings, ...icons.warnings, ...diagrams.warnings, ...theme.warnings, ...themed.warnings, ...branding.warnings, ...images.warnings, ...media.warnings, ...fonts.warnings, ...fit.warnings]
  return { doc, conf, theme, decks, assets, images, media, fonts, diagrams, fit, ...(brand ? { brand } : {}), talks, warnings }
}

/** reveal.js, bbl's CSS, fonts, page scripts and the theme, into `dir/assets`. */
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

/**
 * Everything the measured layout depends on besides the slide itself: bbl's
 * version, the paginator, the CSS and fonts in the deck folder, and the browser binary.
 */
export async function layoutSalt(dir: string, assets: PageAssets, browser: BrowserManager): Promise<string> {
  // The paginator decides the pages (and writes dir attributes into them): a cache
  // kept across a change to it served the old pages, the version being unchanged.
  const h = createHash('sha256').update(version).update(await measuringScript())
  for (const css of assets.css) h.update(css).update(await readFile(path.join(dir, css)))
  const fonts = path.join(dir, 'assets', 'fonts')
  for (const f of (await readdir(fonts)).sort()) h.update(f).update(String((await stat(path.join(fonts, f))).size))
  const found = await browser.found()
  const bin = await stat(found.path).catch(() => undefined)
  return h.update(`${found.path}:${bin?.size}:${bin?.mtimeMs}`).digest('hex').slice(0, 16)
}

const isPage = (p: unknown) => Array.isArray(p) && p.every((b) => typeof b === 'string')
/** A measured layout as the fitter gives it: a flow slide's pages (lists of blocks), or a fixed slide's title step. */
const isFitted = (v: unknown): v is Fitted => {
  const f = v as Fitted
  if (!f || typeof f !== 'object') return false
  if (f.type === 'flow') return Array.isArray(f.pages) && f.pages.length > 0 && f.pages.every(isPage)
  return f.type === 'fixed' && Number.isInteger(f.step) && f.step >= 0 && f.step < 100
}
const isFitEntries = (v: unknown): v is Array<[string, Fitted]> =>
  Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isFitted(e[1]))

/** The measured layouts kept in `file` (a cache entry: verified and checked for shape, else none). */
export async function loadFitCache(file: string | undefined): Promise<Map<string, Fitted>> {
  if (!file) return new Map()
  return new Map(await new CacheStore(path.dirname(file)).getJson(path.basename(file), isFitEntries))
}

/** Keep only what this build used, so the cache never grows past one build's worth. */
export async function saveFitCache(file: string, cache: Map<string, Fitted>, used: Set<string>): Promise<void> {
  await new CacheStore(path.dirname(file)).putJson(path.basename(file), [...cache].filter(([k]) => used.has(k)))
}
