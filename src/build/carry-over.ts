/**
 * Outputs that outlive the run that made them. `bbl pdf`, `bbl pptx` and
 * `bbl images` each rebuild a notes file's folder aside and swap it in; the PDFs,
 * PowerPoint files and slide pictures an earlier run made, and this one did not
 * make again, are copied into the new folder before the swap while they are
 * still current: made by this bbl from the same deck (its HTML and every
 * picture, font and style the folder holds) with the same options. That is
 * decided by a content hash each output carries in manifest.json; the others
 * (stale, or from a bbl that recorded no hash) are left out, and said.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Manifest, PdfEntry, PptxEntry, SlidePicturesEntry } from '../core/manifest.js'
import { posix } from '../core/paths.js'
import { version } from '../core/version.js'

/** The hash of an output made from `deck` (a deck file of the folder) with options `what`. */
export type OutputHasher = (deck: string, what: Record<string, unknown>) => Promise<string>

/**
 * A hasher for the folder being built in `tmp`, taken when it holds what the build
 * wrote and nothing else: everything but the decks' HTML is shared by every deck
 * (assets, pictures, media); a deck's own HTML is read when first asked for.
 */
export async function outputHasher(tmp: string): Promise<OutputHasher> {
  // The files are listed now and read when first needed: a build that keeps no earlier output reads none.
  const files = await sharedFiles(tmp)
  let shared: Promise<string> | undefined
  const decks = new Map<string, Promise<string>>()
  return async (deck, what) => {
    shared ??= filesHash(tmp, files)
    let html = decks.get(deck)
    if (!html) {
      html = readFile(path.join(tmp, deck)).then((b) => sha256(b))
      decks.set(deck, html)
    }
    return sha256(JSON.stringify({ bbl: version, shared: await shared, deck: await html, ...what }))
  }
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

/** Every file under `dir` but its top-level HTML files (the decks). */
async function sharedFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => posix(path.relative(dir, path.join(d.parentPath, d.name))))
    .filter((f) => f.includes('/') || !f.endsWith('.html'))
    .sort()
}

/** `files` of `dir`, by name and content. */
async function filesHash(dir: string, files: string[]): Promise<string> {
  const h = createHash('sha256')
  for (const f of files) h.update(`${f}\0`).update(await readFile(path.join(dir, f))).update('\0')
  return h.digest('hex')
}

/** The deck a PDF is made from, and the options its hash covers. */
export const pdfSource = (e: PdfEntry): { deck: string; what: Record<string, unknown> } => ({
  deck: e.kind === 'talk' ? e.file.replace(/\.pdf$/, '.html') : 'index.html',
  what: { output: 'pdf', kind: e.kind, ...(e.kind === 'handout' ? { layout: e.layout, paper: e.paper } : {}) },
})

export const pptxSource = (e: PptxEntry): { deck: string; what: Record<string, unknown> } => ({
  deck: e.kind === 'recap' ? 'index.html' : e.file.replace(/\.pptx$/, '.html'),
  what: { output: 'pptx' },
})

export const picturesSource = (e: SlidePicturesEntry): { deck: string; what: Record<string, unknown> } => ({
  deck: e.deck,
  what: { output: 'pictures', format: e.format, scale: e.scale },
})

/** What carryOver did: the files kept from the earlier output, and those left out as stale. */
export interface CarriedOver {
  kept: string[]
  /** Each stale output as shown (a picture folder as `slides/`), with the command that makes it. */
  stale: Array<{ shown: string; command: 'pdf' | 'pptx' | 'images' }>
}

interface Kind<E> {
  list: (m: Manifest) => E[] | undefined
  set: (m: Manifest, list: E[]) => void
  /** Two entries for the same place: the new one replaces the old whatever it is. */
  slot: (e: E) => string
  files: (e: E) => string[]
  source: (e: E) => { deck: string; what: Record<string, unknown> }
  hash: (e: E) => string | undefined
  command: 'pdf' | 'pptx' | 'images'
  /** How a stale one is named in the line that says so. */
  shown: (e: E) => string
}

/** A kind whose entries are one file each (a PDF, a PowerPoint file), kept in the manifest's list `key`. */
function fileKind<K extends 'pdfs' | 'pptx'>(key: K, command: 'pdf' | 'pptx', source: Kind<NonNullable<Manifest[K]>[number]>['source']): Kind<NonNullable<Manifest[K]>[number]> {
  type E = NonNullable<Manifest[K]>[number]
  return {
    list: (m) => m[key] as E[] | undefined,
    set: (m, l) => {
      m[key] = l as Manifest[K]
    },
    slot: (e) => e.file,
    files: (e) => [e.file],
    source,
    hash: (e) => e.hash,
    command,
    shown: (e) => e.file,
  }
}
const PDF: Kind<PdfEntry> = fileKind('pdfs', 'pdf', pdfSource)
const PPTX: Kind<PptxEntry> = fileKind('pptx', 'pptx', pptxSource)
const PICTURES: Kind<SlidePicturesEntry> = {
  list: (m) => m.slidePictures,
  set: (m, l) => {
    m.slidePictures = l
  },
  slot: (e) => e.deck,
  files: (e) => [...e.files, e.thumb],
  source: picturesSource,
  hash: (e) => e.hash,
  command: 'images',
  shown: (e) => `${path.posix.dirname(e.files[0] ?? 'slides/x')}/`,
}

/**
 * Copy into `tmp` the outputs of the earlier folder `finalDir` that this run did
 * not make again and that are current (their recorded hash is the one this
 * build gives), listing them in `manifest`. Reads `finalDir`, never writes it:
 * a run that fails after this leaves the earlier output as it was.
 */
export async function carryOver(o: { finalDir: string; tmp: string; manifest: Manifest; hashOf: OutputHasher }): Promise<CarriedOver> {
  let old: Manifest
  try {
    old = JSON.parse(await readFile(path.join(o.finalDir, 'manifest.json'), 'utf8')) as Manifest
  } catch {
    return { kept: [], stale: [] }
  }
  const done: CarriedOver = { kept: [], stale: [] }
  await carryKind(PDF, old, o, done)
  await carryKind(PPTX, old, o, done)
  await carryKind(PICTURES, old, o, done)
  sortLikeARun(o.manifest)
  return done
}

async function carryKind<E>(kind: Kind<E>, old: Manifest, o: { finalDir: string; tmp: string; manifest: Manifest; hashOf: OutputHasher }, done: CarriedOver): Promise<void> {
  const now = kind.list(o.manifest) ?? []
  const taken = new Set(now.map(kind.slot))
  const carried: E[] = []
  for (const e of kind.list(old) ?? []) {
    const files = kind.files(e)
    // Remade by this run, or gone from the disk (never listed, never linked).
    if (taken.has(kind.slot(e)) || !files.every((f) => existsSync(path.join(o.finalDir, f)))) continue
    if (!(await current(kind, e, o))) {
      done.stale.push({ shown: kind.shown(e), command: kind.command })
      continue
    }
    for (const f of files) {
      await mkdir(path.dirname(path.join(o.tmp, f)), { recursive: true })
      await copyFile(path.join(o.finalDir, f), path.join(o.tmp, f))
    }
    carried.push(e)
    done.kept.push(...files)
  }
  if (carried.length > 0 || kind.list(o.manifest)) kind.set(o.manifest, [...now, ...carried])
}

/** Made from this build's deck (present in the new folder), with the options the entry records. */
async function current<E>(kind: Kind<E>, e: E, o: { tmp: string; manifest: Manifest; hashOf: OutputHasher }): Promise<boolean> {
  const hash = kind.hash(e)
  const { deck, what } = kind.source(e)
  if (!hash || !o.manifest.decks.some((d) => d.file === deck) || !existsSync(path.join(o.tmp, deck))) return false
  return (await o.hashOf(deck, what)) === hash
}

const PDF_ORDER = { slides: 0, handout: 1, talk: 2 }

/** Outputs in the order one run lists them: by deck (the recap's first), PDFs as slides, handout, talks. */
function sortLikeARun(m: Manifest): void {
  const at = (deck: string) => m.decks.findIndex((d) => d.file === deck)
  m.pdfs.sort((a, b) => PDF_ORDER[a.kind] - PDF_ORDER[b.kind] || at(pdfSource(a).deck) - at(pdfSource(b).deck))
  m.pptx?.sort((a, b) => at(pptxSource(a).deck) - at(pptxSource(b).deck))
  m.slidePictures?.sort((a, b) => at(a.deck) - at(b.deck))
  // Keys in one order whatever made them, warnings last: the manifest of one run and of several read alike.
  const { pptx, slidePictures, warnings } = m
  delete m.pptx
  delete m.slidePictures
  delete (m as Partial<Manifest>).warnings
  Object.assign(m, pptx ? { pptx } : {}, slidePictures ? { slidePictures } : {}, { warnings })
}

/** The line that says which outputs went stale, for the notes file `source`. */
export function staleLine(source: string, stale: CarriedOver['stale']): string {
  const names = stale.map((s) => s.shown)
  const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ')
  const commands = [...new Set(stale.map((s) => `bbl ${s.command}`))]
  const one = stale.length === 1
  return `${source}: removed ${stale.length} stale output${one ? '' : 's'} (made from an earlier version of the deck or by another bbl): ${shown}; ${commands.join(', ')} ${commands.length === 1 ? 'makes' : 'make'} ${one ? 'it' : 'them'} again`
}
