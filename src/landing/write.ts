/**
 * The output folder's landing page (index.html), listing every deck folder's
 * manifest. Written under a temporary name and renamed, so that a failed write
 * (a full disk) leaves the earlier page; bbl build writes it before it swaps a
 * deck folder in, as it will be once the folder is there.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Manifest } from '../core/manifest.js'
import { thumbFile } from '../core/paths.js'
import { trackPath } from '../core/cleanup.js'
import { writeOut } from '../core/write.js'
import { type LandingEntry, landingPage } from './page.js'

/** A deck folder about to replace `outDir/name`: read from `dir`, where it is ready. */
export interface Incoming {
  name: string
  dir: string
}

/** Rewrite dist/index.html from every manifest in the output folder. */
export async function writeLanding(outDir: string): Promise<void> {
  await (await stageLanding(outDir)).commit()
}

/** The landing page written aside: `commit` puts it in place, `discard` removes it. */
export interface StagedLanding {
  commit(): Promise<void>
  discard(): Promise<void>
}

/** Write the landing page aside, as it will be once `incoming` is in place. */
export async function stageLanding(outDir: string, incoming?: Incoming): Promise<StagedLanding> {
  const entries: LandingEntry[] = []
  const names = new Set(existsSync(outDir) ? (await readdir(outDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name) : [])
  if (incoming) names.add(incoming.name)
  for (const d of [...names].sort()) {
    const entry = await entryOf(d, d === incoming?.name ? incoming.dir : path.join(outDir, d))
    if (entry) entries.push(entry)
  }
  await mkdir(outDir, { recursive: true })
  const tmp = path.join(outDir, `.index.html.${process.pid}`)
  const forget = trackPath(tmp)
  const discard = async () => {
    await rm(tmp, { force: true })
    forget()
  }
  try {
    await writeOut(tmp, landingPage(entries))
  } catch (e) {
    await discard()
    throw e
  }
  return {
    commit: async () => {
      await rename(tmp, path.join(outDir, 'index.html'))
      forget()
    },
    discard,
  }
}

/** The landing page's entry for the deck folder `folder`, read from `dir`; none without a manifest bbl can read. */
async function entryOf(folder: string, dir: string): Promise<LandingEntry | undefined> {
  const file = path.join(dir, 'manifest.json')
  if (!existsSync(file)) return undefined
  try {
    const m = JSON.parse(await readFile(file, 'utf8')) as Manifest
    const here = (f: string) => existsSync(path.join(dir, f))
    const pictures = (deck: string) => m.slidePictures?.find((p) => p.deck === deck)?.files.filter(here)
    const decks = m.decks.map((x) => {
      const shown = pictures(x.file)
      return { ...x, ...(here(thumbFile(x.file)) ? { thumb: thumbFile(x.file) } : {}), ...(shown?.length ? { pictures: shown } : {}) }
    })
    const fonts = here('assets/fonts/fonts.css') ? 'assets/fonts/fonts.css' : undefined
    return { folder, title: m.title, author: m.author, date: m.date, lang: m.lang, decks, pdfs: m.pdfs, ...(m.pptx ? { pptx: m.pptx } : {}), ...(fonts ? { fonts } : {}) }
  } catch {
    // A manifest we cannot read is not ours to list.
    return undefined
  }
}
