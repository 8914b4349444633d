/**
 * What bbl pdf prints for one notes file, as a list of jobs: the recap's slide
 * PDF, the handout, one PDF per talk, each with its file name, its document
 * information and how to print it. Deciding the list does no I/O; running a
 * job is src/pdf/runner.ts's business.
 */
import { talkMeta } from '../notes/conference.js'
import path from 'node:path'
import type { Page } from 'puppeteer-core'
import type { BuiltNotes } from '../build/build.js'
import type { PdfEntry } from '../core/manifest.js'
import type { PdfCommand } from '../core/options.js'
import { posix } from '../core/paths.js'
import { version } from '../core/version.js'
import type { Warning } from '../core/warning.js'
import { labelsFor } from '../notes/lang.js'
import type { PageAssets } from '../slides/render.js'
import type { OutlineEntry, PdfInfo } from './file.js'
import { geometry } from './handout/layout.js'
import { handoutModel } from './handout/model.js'
import { printHandout } from './handout/print.js'
import { printDeck, slidesOutline } from './slides.js'

export interface Job {
  kind: PdfEntry['kind']
  file: string
  title: string
  /** What the job exports, for messages: the deck (or handout) path as the user sees it. */
  what: string
  run: (page: Page) => Promise<{ bytes: Uint8Array; outline: OutlineEntry[]; warnings?: Warning[]; slides?: number }>
  info: PdfInfo
}

export interface JobOptions {
  o: Pick<PdfCommand, 'cwd' | 'handout' | 'talks' | 'paper' | 'layout'>
  /** The deck's own stylesheets, as the build copied them (the handout page links them). */
  assets: PageAssets
  date?: Date
  warn: (w: Warning) => void
}

/** The PDFs of one notes file, built into `tmp`, in the order they are listed in the manifest. */
export function pdfJobs(tmp: string, built: BuiltNotes, { o, assets, date, warn }: JobOptions): Job[] {
  const conf = built.conference
  const labels = labelsFor(conf.lang)
  const recap = built.decks.find((d) => d.kind === 'recap')
  if (!recap) throw new Error(`${built.name}: no recap deck was built`)
  const shown = (file: string) => posix(path.relative(o.cwd, path.join(built.dir, file)))
  const base: Omit<PdfInfo, 'title'> = {
    ...(conf.author ? { author: conf.author } : {}),
    lang: conf.lang,
    creator: `bbl ${version}`,
    ...(date ? { date } : {}),
  }
  const jobs: Job[] = [
    {
      kind: 'slides',
      file: `${built.name}.pdf`,
      title: conf.titleText,
      what: shown(recap.file),
      info: { ...base, title: conf.titleText, subject: labels.recap, keywords: conf.talks.map((t) => t.titleText) },
      run: async (page) => {
        const p = await printDeck(page, path.join(tmp, recap.file))
        return { bytes: p.bytes, outline: slidesOutline(p.marks), slides: slideCount(built, recap.file) }
      },
    },
  ]
  if (o.handout) jobs.push(
    {
      kind: 'handout',
      file: `${built.name}-handout.pdf`,
      title: `${conf.titleText} · ${labels.handout}`,
      what: `the handout of ${shown(recap.file)}`,
      info: {
        ...base,
        title: `${conf.titleText} · ${labels.handout}`,
        subject: labels.handout,
        keywords: conf.talks.map((t) => t.titleText),
        paper: o.paper === 'a4' ? [595.28, 841.89] : [612, 792],
      },
      run: async (page) => {
        const model = handoutModel(conf, recap, built.fitted, labels, built.brand)
        const geo = geometry(o.paper, o.layout)
        const p = await printHandout(page, tmp, model, geo, assets)
        const warnings: Warning[] = p.plan.clipped.map((i) => ({
          code: 'OVERFLOW',
          message: `handout: the speaker notes of "${model.slides[i]!.label}" hold a block taller than a page; it is cut. Split it into paragraphs.`,
        }))
        return { bytes: p.bytes, outline: p.outline, warnings }
      },
    },
  )
  const taken = new Set(jobs.map((j) => j.file))
  if (o.talks) {
    for (const d of built.decks) {
      if (d.kind !== 'talk' || !d.talk) continue
      const t = d.talk
      const file = d.file.replace(/\.html$/, '.pdf')
      if (taken.has(file)) {
        warn({ code: 'PDF_NAME', message: `talk "${t.titleText}": its PDF would be ${file}, a name taken by another PDF; no PDF for this talk` })
        continue
      }
      jobs.push({
        kind: 'talk',
        file,
        title: t.titleText,
        what: shown(d.file),
        info: {
          ...base,
          title: t.titleText,
          subject: [...talkMeta({ ...t, lang: undefined }), conf.titleText].join(' · '),
          keywords: [...t.speakers, ...(t.company ? [t.company] : []), conf.titleText],
        },
        run: async (page) => {
          const p = await printDeck(page, path.join(tmp, d.file))
          return { bytes: p.bytes, outline: slidesOutline(p.marks), slides: slideCount(built, d.file) }
        },
      })
    }
  }
  return jobs
}

/** How many slides the build says a deck has: its PDF must have as many pages. */
function slideCount(built: BuiltNotes, file: string): number | undefined {
  return built.manifest.decks.find((d) => d.file === file)?.slides
}
