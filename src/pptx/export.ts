/**
 * bbl pptx: build the decks, then, next to them, an editable PowerPoint file of
 * the recap deck (`<notes-name>.pptx`) and of each talk deck (`<talk-slug>.pptx`).
 * Each deck is opened once in reveal.js's print layout (every slide laid out
 * as a page, fragments shown, as for the PDF), src/page/pptx-page.js reads what
 * the browser drew, src/pptx/plan.ts turns it into pptxgenjs calls, and this
 * module makes them: one PowerPoint slide per deck slide, text as text at the
 * browser's places, pictures as the deck's files, the rest as screenshots.
 * Like the PDFs, the files are made in the build's temporary folder before it
 * replaces the output, so a failure leaves the earlier output as it was.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import JSZip from 'jszip'
import pptxgen from 'pptxgenjs'
import type { Page } from 'puppeteer-core'
import { build, type BuiltNotes } from '../build/build.js'
import type { BrowserManager } from '../browser/manager.js'
import { withTimeout } from '../browser/clocks.js'
import { PagePool } from '../browser/page-pool.js'
import { BblError, ExitCode } from '../core/error.js'
import type { DeckEntry, PptxEntry } from '../core/manifest.js'
import type { PptxCommand } from '../core/options.js'
import { pageScriptFile, posix } from '../core/paths.js'
import type { Reporter } from '../core/report.js'
import { version } from '../core/version.js'
import type { Warning } from '../core/warning.js'
import type { InPptxPage, MeasuredDeck } from '../page/contract.js'
import { slidesChanged } from '../notes/author-scripts.js'
import { pptxSource } from '../build/carry-over.js'
import { sourceDate } from '../pdf/export.js'
import { browserFailure } from '../pdf/runner.js'
import { addPageScript, inFront } from '../pdf/slides.js'
import { metricFaces } from './fonts.js'
import { type PptxPlan, planDeck } from './plan.js'
import { repairContentTypes, repairNotesMaster, repairSlideXml } from './repair.js'
import { withoutXmlForbidden, XML_FORBIDDEN } from '../core/text.js'

export async function exportPptx(o: PptxCommand, browser: BrowserManager, report: Reporter): Promise<BuiltNotes[]> {
  browser.warm()
  const built = await build(o, browser, report, { beforeSwap: pptxHook(o, browser, report) })
  for (const b of built) report.info(pptxSummary(b, o.cwd))
  return built
}

/** What the PowerPoint export reads of a command's options (bbl pptx's, or bbl build --pptx's). */
export type PptxOptions = Pick<PptxCommand, 'cwd' | 'env' | 'talks' | 'strict' | 'timeoutMs' | 'progress'>

/** The export of a notes file's PowerPoint files into the build's temporary folder (a BuildHooks.beforeSwap). */
export function pptxHook(o: PptxOptions, browser: BrowserManager, report: Reporter): (tmp: string, built: BuiltNotes) => Promise<void> {
  const date = sourceDate(o.env['SOURCE_DATE_EPOCH'])
  return (tmp, b) => pptxOfNotes(tmp, b, { o, browser, report, ...(date ? { date } : {}) })
}

/** The line that says which PowerPoint files a notes file got. */
export function pptxSummary(b: BuiltNotes, cwd: string): string {
  const files = b.manifest.pptx ?? []
  const talks = files.filter((f) => f.kind === 'talk').length
  const each = files.filter((f) => f.kind === 'recap').map((f) => `${f.file} (${f.slides} slides)`)
  if (talks) each.push(`${talks} talk file${talks === 1 ? '' : 's'}`)
  return `  PowerPoint → ${posix(path.relative(cwd, b.dir) || b.dir)}/: ${each.join(', ')}`
}

/** The PowerPoint file of each deck: `index.html` → `<notes-name>.pptx`, `<slug>.html` → `<slug>.pptx` (as the PDFs are named). */
export function pptxFiles(name: string, decks: DeckEntry[], talks: boolean): { files: Array<{ deck: DeckEntry; file: string }>; clashes: DeckEntry[] } {
  const files: Array<{ deck: DeckEntry; file: string }> = []
  const clashes: DeckEntry[] = []
  const recap = decks.find((d) => d.kind === 'recap')
  if (recap) files.push({ deck: recap, file: `${name}.pptx` })
  if (talks) {
    for (const d of decks) {
      if (d.kind !== 'talk') continue
      const file = d.file.replace(/\.html$/, '.pptx')
      if (files.some((f) => f.file === file)) clashes.push(d)
      else files.push({ deck: d, file })
    }
  }
  return { files, clashes }
}

/** What the export of one notes file's PowerPoint files is given. */
interface PptxContext {
  o: PptxOptions
  browser: BrowserManager
  report: Reporter
  date?: Date
}

/** What making one notes file's PowerPoint files shares from deck to deck. */
interface NotesRun {
  tmp: string
  built: BuiltNotes
  ctx: PptxContext
  /** Pictures of the same thing (every cover's gradient) are taken once for all the decks. */
  shotCache: Map<string, Promise<Picture>>
  /** A photo is read once for the recap and its talk's file. */
  pictures: Map<string, Promise<Picture>>
}

async function pptxOfNotes(tmp: string, built: BuiltNotes, ctx: PptxContext): Promise<void> {
  const { o, browser, report } = ctx
  const source = built.manifest.source
  const warnings: Warning[] = []
  const { files, clashes } = pptxFiles(built.name, built.manifest.decks, o.talks)
  for (const d of clashes) {
    warnings.push({ code: 'PPTX_NAME', message: `talk "${d.title}": its PowerPoint file would be ${d.file.replace(/\.html$/, '.pptx')}, a name taken by another; no PowerPoint file for this talk` })
  }
  const run: NotesRun = { tmp, built, ctx, shotCache: new Map(), pictures: new Map() }
  // Decks are opened side by side (the pool's pages); their layout runs one at
  // a time in front (inFront), and a file is written while other decks load.
  const pool = new PagePool(browser, { root: tmp, setup: pptxPage })
  let entries: PptxEntry[]
  try {
    // In the decks' order, whichever finished first: the manifest is the same from run to run.
    entries = await pool.run(files, (f, lease) => pptxOfDeck(f, lease.page, run), {
      // A page that crashed or hung is exit 6 naming the deck, as in bbl pdf.
      failed: (e, f, page) => browserFailure(e, `making the PowerPoint file of ${f.deck.file}`, source, !page.browser().connected),
    })
  } finally {
    await pool.close()
  }
  for (const u of pool.seen.blocked) warnings.push({ code: 'NETWORK_REQUEST', message: `PowerPoint export: blocked a request outside the deck folder: ${u}` })
  for (const e of pool.seen.errors) warnings.push({ code: 'PAGE_ERROR', message: `PowerPoint export: ${e}` })
  for (const w of warnings) report.warn(source, w)
  built.manifest.warnings.push(...warnings)
  built.manifest.pptx = entries
  if (o.strict && warnings.length > 0) {
    throw new BblError(`${warnings.length} warning(s) while making PowerPoint files and --strict is set; fix them, or drop --strict.`, ExitCode.STRICT, { file: source })
  }
}

/** One deck's PowerPoint file, measured on `page` and written into the temporary folder. */
async function pptxOfDeck({ deck, file }: { deck: DeckEntry; file: string }, page: Page, run: NotesRun): Promise<PptxEntry> {
  const { tmp, built, ctx } = run
  const { o, report } = ctx
  const bounded = <T>(work: Promise<T>, what: string) => withTimeout(work, o.timeoutMs, `${what} of ${deck.file}`)
  const t0 = Date.now()
  const { measured, shots } = await measureDeck(page, tmp, deck.file, bounded, run.shotCache)
  if (measured.slides.length !== deck.slides) {
    throw slidesChanged({ file: built.manifest.source, scriptLine: built.scriptLine, what: deck.file, found: measured.slides.length, planned: deck.slides })
  }
  const t1 = Date.now()
  const info = { title: deck.title, author: built.manifest.author, subject: built.manifest.title, ...(ctx.date ? { date: ctx.date } : {}) }
  const bytes = await writePptx(planDeck(measured), shots, { tmp, pictures: run.pictures }, info)
  await writeFile(path.join(tmp, file), bytes)
  const entry: PptxEntry = { kind: deck.kind, file, slides: measured.slides.length, title: deck.title }
  const made = pptxSource(entry)
  const hashed = { ...entry, hash: await built.hashOf(made.deck, made.what) }
  if (o.progress) report.info(`${posix(path.relative(o.cwd, path.join(built.dir, file)))} (${measured.slides.length} slides)`)
  report.debug(`${file}: ${measured.slides.length} slides, ${measured.shots.length} screenshot(s); measured in ${t1 - t0} ms, written in ${Date.now() - t1} ms`)
  return hashed
}

/** Each page: the slides' size, and every deck it opens waits for its fonts before reveal.js lays it out (measureDeck). */
async function pptxPage(page: Page): Promise<void> {
  await page.setViewport({ width: 1280, height: 720 })
  await page.evaluateOnNewDocument(() => {
    window.bblHoldDeck = new Promise<void>((resolve) => {
      window.bblStartDeck = resolve
    })
  })
}

let pptxScript: Promise<string> | undefined

/**
 * One deck in reveal.js's print layout (the PDF's: one page per slide,
 * fragments shown), measured, and the screenshots it asks for taken.
 */
async function measureDeck(
  page: Page,
  tmp: string,
  deckFile: string,
  bounded: <T>(work: Promise<T>, what: string) => Promise<T>,
  cache: Map<string, Promise<Picture>>,
): Promise<{ measured: MeasuredDeck; shots: Map<number, Picture> }> {
  await bounded(page.goto(`${pathToFileURL(path.join(tmp, deckFile)).href}?print-pdf&margin=0`, { waitUntil: 'load' }), 'loading the deck')
  await addPageScript(page)
  // pptx-read.js (what an element reads as) first, then pptx-fonts.js and pptx-page.js (the slides).
  pptxScript ??= Promise.all((['pptx-read', 'pptx-fonts', 'pptx-page'] as const).map((n) => readFile(pageScriptFile(n), 'utf8'))).then((s) => s.join('\n'))
  await page.addScriptTag({ content: await pptxScript })
  // Laid out in the widths of the fonts the file names (src/pptx/fonts.ts), before reveal.js starts (held: see the page's bblHoldDeck).
  // Only the faces the slides need are sent: each is bytes to copy and parse, and most decks need the Latin ones alone.
  const faces = await metricFaces()
  const needed = await page.evaluate((f) => (window as unknown as InPptxPage).bblPptxFonts.facesNeeded(f), faces.map((f) => ({ kind: f.kind, unicodeRange: f.unicodeRange })))
  const sent = needed.map((i) => faces[i]!)
  await bounded(page.evaluate((f) => (window as unknown as InPptxPage).bblPptxFonts.useMetricFonts(f), sent), 'loading the PowerPoint fonts')
  // Only now does reveal.js start: its print layout is built in these fonts, and the slides were all in place for facesNeeded.
  await page.evaluate(() => window.bblStartDeck?.())
  return inFront(page, async () => {
    await bounded(page.evaluate(() => (window as unknown as { bblPdf: { deckReady(): Promise<unknown> } }).bblPdf.deckReady()), 'laying out the slides')
    const measured = await bounded(page.evaluate(() => (window as unknown as InPptxPage).bblPptx.measure()), 'measuring the slides')
    const shots = new Map<number, Picture>()
    for (const s of measured.shots) {
      const known = s.key === undefined ? undefined : cache.get(s.key)
      if (known) {
        shots.set(s.id, await known)
        continue
      }
      const take = async () => {
        if (s.bare) await page.evaluate((id) => (window as unknown as InPptxPage).bblPptx.bare(id, true), s.id)
        const data = await bounded(
          page.screenshot({ type: s.format, ...(s.format === 'jpeg' ? { quality: 90 } : {}), clip: s.clip, captureBeyondViewport: true, encoding: 'base64', optimizeForSpeed: true }),
          'taking a picture',
        )
        if (s.bare) await page.evaluate((id) => (window as unknown as InPptxPage).bblPptx.bare(id, false), s.id)
        return { mime: `image/${s.format}`, bytes: Buffer.from(data, 'base64') }
      }
      const taking = take()
      if (s.key !== undefined) cache.set(s.key, taking)
      shots.set(s.id, await taking)
    }
    return { measured, shots }
  })
}

/**
 * SOURCE_DATE_EPOCH (reproducible builds): the file's creation and modification
 * dates, and its parts' dates in the zip, so that two runs give the same bytes.
 */
async function fixDates(zip: JSZip, date: Date): Promise<void> {
  const core = 'docProps/core.xml'
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const xml = await zip.file(core)?.async('string')
  if (xml !== undefined) {
    const dated = xml.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<\/dcterms:)/g, `$1${stamp}$2`)
    zip.file(core, dated, { createFolders: false })
  }
  for (const f of Object.values(zip.files)) f.date = date
}

// pptxgenjs's types describe a CommonJS module (the class under `default`); Node loads its ES build, whose default is the class.
const PptxGenJS = pptxgen as unknown as typeof pptxgen.default

const MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif' }

/** A picture's bytes and type: a file of the deck, or a screenshot. */
export interface Picture {
  mime: string
  bytes: Uint8Array
}

/** A picture of the deck folder; nothing outside the folder is read. */
async function pictureOf(src: string, tmp: string, cache: Map<string, Promise<Picture>>): Promise<Picture> {
  let picture = cache.get(src)
  if (!picture) {
    if (src.startsWith('data:')) {
      const m = /^data:([^;,]+);base64,(.*)$/s.exec(src)
      if (!m) throw new Error(`a picture's data URL is not base64: ${src.slice(0, 40)}`)
      picture = Promise.resolve({ mime: m[1]!, bytes: Buffer.from(m[2]!, 'base64') })
    } else {
      const file = fileURLToPath(src)
      const rel = path.relative(tmp, file)
      if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`picture outside the deck folder: ${file}`)
      const mime = MIME[path.extname(file).toLowerCase()] ?? 'image/png'
      picture = readFile(file).then((bytes) => ({ mime, bytes }))
    }
    cache.set(src, picture)
  }
  return picture
}

/**
 * A 1×1 picture of each type, what pptxgenjs is given in place of each picture:
 * it takes pictures only as base64 text, which JSZip decodes in JavaScript (half a
 * second for the sample's photos). The real bytes replace it in the package, found
 * through the slide's relationships (writePptx).
 */
const PLACEHOLDER: Record<string, string> = {
  'image/png': 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC',
  'image/jpeg':
    '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKpAB//Z',
  'image/gif': 'R0lGODlhAQABAIAAAExpcf///yH5BAUAAAAALAAAAAABAAEAAAICTAEAOw==',
}
const placeholder = (p: Picture) => `data:${p.mime};base64,${PLACEHOLDER[p.mime] ?? PLACEHOLDER['image/png']}`

/** The plan made with pptxgenjs, and what it writes wrong repaired (src/pptx/repair.ts). */
export async function writePptx(
  plan: PptxPlan,
  shots: Map<number, Picture>,
  files: { tmp: string; pictures: Map<string, Promise<Picture>> },
  info: { title: string; author?: string | undefined; subject: string; date?: Date },
): Promise<Uint8Array> {
  const pptx = new PptxGenJS()
  pptx.defineLayout({ name: plan.layout.name, width: plan.layout.width, height: plan.layout.height })
  pptx.layout = plan.layout.name
  pptx.title = info.title
  pptx.subject = info.subject
  if (info.author) pptx.author = info.author
  pptx.company = ''
  pptx.revision = '1'
  ;(pptx as unknown as { creator?: string }).creator = `bbl ${version}`
  const shot = (id: number) => {
    const d = shots.get(id)
    if (!d) throw new Error(`no screenshot ${id}`)
    return d
  }
  // Each slide's pictures in the order they are added (its background's first): the bytes the placeholders stand for.
  const real: Array<{ background?: Picture; pictures: Picture[] }> = []
  for (const s of plan.slides) {
    const slide = pptx.addSlide()
    const mine: (typeof real)[number] = { pictures: [] }
    real.push(mine)
    if (s.background.shot !== undefined) {
      mine.background = shot(s.background.shot)
      slide.background = { data: placeholder(mine.background) }
    } else {
      slide.background = { color: s.background.color }
    }
    for (const obj of s.objects) {
      if (obj.kind === 'text') slide.addText(obj.runs, obj.options)
      else if (obj.kind === 'shape') slide.addShape(obj.shape === 'roundRect' ? pptx.ShapeType.roundRect : pptx.ShapeType.rect, obj.options)
      else {
        const picture = obj.kind === 'picture' ? await pictureOf(obj.src, files.tmp, files.pictures) : shot(obj.shot)
        mine.pictures.push(picture)
        slide.addImage({ data: placeholder(picture), ...obj.options })
      }
    }
    if (s.notes) slide.addNotes(s.notes)
  }
  const raw = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer
  const zip = await JSZip.loadAsync(raw)
  // Folders are no parts: pptxgenjs writes entries for empty ones (ppt/charts/…), which a strict reader rejects.
  for (const name of Object.keys(zip.files)) if (zip.files[name]!.dir) delete zip.files[name]
  const parts = Object.keys(zip.files)
  const fix = async (name: string, repair: (xml: string) => string) => {
    zip.file(name, repair(await zip.file(name)!.async('string')), { createFolders: false })
  }
  await Promise.all(
    real.map(async (r, i) => {
      const part = `ppt/slides/slide${i + 1}.xml`
      const xml = await zip.file(part)!.async('string')
      const rels = await zip.file(`ppt/slides/_rels/slide${i + 1}.xml.rels`)!.async('string')
      const target = new Map([...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="\.\.\/media\/([^"]+)"/g)].map((m) => [m[1]!, `ppt/media/${m[2]!}`]))
      const media = (rId: string | undefined) => {
        const name = rId === undefined ? undefined : target.get(rId)
        if (!name || !zip.file(name)) throw new Error(`${part}: no picture for ${rId}`)
        return name
      }
      const embedded = [...xml.matchAll(/<p:pic>[\s\S]*?r:embed="([^"]+)"/g)].map((m) => m[1]!)
      if (embedded.length !== r.pictures.length) throw new Error(`${part}: ${embedded.length} pictures written for ${r.pictures.length} added`)
      const swaps = embedded.map((rId, k) => [media(rId), r.pictures[k]!] as const)
      if (r.background) swaps.push([media(/<p:bg>[\s\S]*?r:embed="([^"]+)"/.exec(xml)?.[1]), r.background])
      for (const [name, picture] of swaps) zip.file(name, picture.bytes, { createFolders: false, binary: true })
      zip.file(part, repairSlideXml(xml), { createFolders: false })
    }),
  )
  if (zip.file('ppt/notesMasters/notesMaster1.xml')) await fix('ppt/notesMasters/notesMaster1.xml', repairNotesMaster)
  await fix('[Content_Types].xml', (xml) => repairContentTypes(xml, new Set(parts)))
  // No part may hold a character XML forbids, whatever brought it (the notes are cleaned, with a warning, when read).
  await Promise.all(
    parts
      .filter((n) => /\.(xml|rels)$/.test(n))
      .map(async (n) => {
        const xml = await zip.file(n)!.async('string')
        if (xml.search(XML_FORBIDDEN) !== -1) zip.file(n, withoutXmlForbidden(xml), { createFolders: false })
      }),
  )
  if (info.date) await fixDates(zip, info.date)
  // Deflated: the slides, masters, layouts and theme (most of the XML). Stored as pptxgenjs
  // stored them (copied, not compressed again): pictures, compressed already, and the small
  // parts (notes pages, relationships, properties: 0.3–2 KB each), where setting up a deflate
  // stream costs more than it saves (the sample's recap: 1/3 of the CPU, +4 % size).
  for (const name of parts) if (!/^ppt\/(slides|slideMasters|slideLayouts|notesMasters|theme)\/[^/]+\.xml$/.test(name)) zip.files[name]!.options.compression = 'STORE'
  // nodebuffer: JSZip's Uint8Array output copies chunk by chunk, ~40% slower here.
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } })
}
