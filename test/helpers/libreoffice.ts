/**
 * A .pptx as a user of LibreOffice Impress sees it: converted headless to PDF
 * (`soffice --convert-to pdf`), its words and their boxes read back with
 * `pdftotext -bbox-layout`, and checked for what a reader notices at once:
 * words printed over the words of another line, words cut between the end of
 * a line and the start of the next, a slide spilling onto a second page.
 */
import { execFile, spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { decodeEntities } from '../../src/core/text.js'

const run = promisify(execFile)

/** LibreOffice's command, when it is installed. */
export const soffice: string | undefined = ['soffice', 'libreoffice'].find((b) => spawnSync('which', [b]).status === 0)

/**
 * Skip, saying why, where LibreOffice is missing — except under CI, where the
 * tests must run (`.ci/run` installs it): there a missing LibreOffice fails.
 */
export function sofficeSkip(o: { env?: NodeJS.ProcessEnv; found?: string | null } = {}): string | false {
  const env = o.env ?? process.env
  if (o.found === undefined ? soffice : o.found) return false
  if (env.CI) throw new Error('LibreOffice (soffice) is not installed, and CI is set: .ci/run must install libreoffice-impress')
  return 'LibreOffice (soffice) is not installed; the PowerPoint files are not checked in a real client'
}

/** Converts .pptx files to PDF in `outDir` (one LibreOffice run, its own profile); returns the PDFs' paths. */
export async function convertToPdf(files: string[], outDir: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  if (!soffice) throw new Error('LibreOffice is not installed')
  const profile = await mkdtemp(path.join(os.tmpdir(), 'bbl-lo-profile-'))
  try {
    await run(soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', outDir, ...files], { timeout: 600_000, env: { ...process.env, ...env } })
  } finally {
    await rm(profile, { recursive: true, force: true })
  }
  return files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.pdf`))
}

export interface Word {
  text: string
  x0: number
  y0: number
  x1: number
  y1: number
}

/** A line as pdftotext groups words; `block` numbers its block on the page. */
export interface Line {
  block: number
  words: Word[]
}

export interface Page {
  lines: Line[]
}

/** pdftotext's words with their boxes (points), page by page, line by line. */
export async function bboxPages(pdf: string): Promise<Page[]> {
  const { stdout } = await run('pdftotext', ['-bbox-layout', pdf, '-'], { maxBuffer: 256 * 1024 * 1024 })
  return parseBbox(stdout)
}

const num = (attrs: string, name: string) => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(attrs)?.[1] ?? Number.NaN)

/** The XHTML of `pdftotext -bbox-layout` as pages of lines of words. */
export function parseBbox(xhtml: string): Page[] {
  return [...xhtml.matchAll(/<page\b[^>]*>([\s\S]*?)<\/page>/g)].map((p) => {
    const lines: Line[] = []
    let block = 0
    for (const b of p[1]!.matchAll(/<block\b[^>]*>([\s\S]*?)<\/block>/g)) {
      for (const l of b[1]!.matchAll(/<line\b[^>]*>([\s\S]*?)<\/line>/g)) {
        const words = [...l[1]!.matchAll(/<word\b([^>]*)>([^<]*)<\/word>/g)].map((w) => ({
          text: decodeEntities(w[2]!).normalize('NFKC'),
          x0: num(w[1]!, 'xMin'),
          y0: num(w[1]!, 'yMin'),
          x1: num(w[1]!, 'xMax'),
          y1: num(w[1]!, 'yMax'),
        }))
        if (words.length > 0) lines.push({ block, words })
      }
      block++
    }
    return { lines }
  })
}

export interface Overlap {
  page: number
  a: string
  b: string
}

/**
 * Words printed over a word of another line: their boxes cross by more than a
 * point across and by more than 35 % of the shorter one's height (a word's box
 * is its font's whole height, so the lines of a tight paragraph touch a little).
 */
export function overlaps(pages: Page[]): Overlap[] {
  const found: Overlap[] = []
  pages.forEach((page, p) => {
    // Words of letters or digits: an emoji sequence's box, in a client without a colour emoji font, spans glyphs drawn apart.
    const all = page.lines.flatMap((l, i) => l.words.filter((w) => /[\p{L}\p{N}]/u.test(w.text)).map((w) => ({ w, i })))
    for (let m = 0; m < all.length; m++) {
      for (let n = m + 1; n < all.length; n++) {
        const a = all[m]!
        const b = all[n]!
        if (a.i === b.i) continue
        const ix = Math.min(a.w.x1, b.w.x1) - Math.max(a.w.x0, b.w.x0)
        const iy = Math.min(a.w.y1, b.w.y1) - Math.max(a.w.y0, b.w.y0)
        if (ix > 1 && iy > 0.35 * Math.min(a.w.y1 - a.w.y0, b.w.y1 - b.w.y0)) found.push({ page: p + 1, a: a.w.text, b: b.w.text })
      }
    }
  })
  return found
}

export interface Cut {
  page: number
  end: string
  start: string
}

/** Scripts written without spaces, where a line may end between any two characters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u

/** Whitespace-separated tokens, NFKC, without the punctuation at their ends. */
export function tokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/\s+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((t) => t !== '')
}

/**
 * Words cut across lines: the last word of a line and the first of the next
 * line of the same block make, together, a word of the slide's text, and the
 * text never has them as two words in that order. A line may end after a hyphen
 * or a slash, and between two characters of a script written without spaces.
 * `slideText[i]` is the text of the page `i`'s slide.
 */
export function cuts(pages: Page[], slideText: string[]): Cut[] {
  const found: Cut[] = []
  pages.forEach((page, p) => {
    const said = tokens(slideText[p] ?? '')
    const whole = new Set(said)
    const pairs = new Set(said.slice(1).map((t, i) => `${said[i]} ${t}`))
    for (let i = 1; i < page.lines.length; i++) {
      const prev = page.lines[i - 1]!
      const line = page.lines[i]!
      if (prev.block !== line.block) continue
      const end = prev.words[prev.words.length - 1]!.text
      const start = line.words[0]!.text
      if (/[-/\u2010\u2011\u2013\u2014]$/.test(end)) continue
      if (UNSPACED.test(end.slice(-1)) || UNSPACED.test(start.slice(0, 1))) continue
      const [a] = tokens(end).slice(-1)
      const [b] = tokens(start)
      if (a === undefined || b === undefined) continue
      if (whole.has(a + b) && !pairs.has(`${a} ${b}`)) found.push({ page: p + 1, end, start })
    }
  })
  return found
}

/**
 * A PDF's text for coverage checks: pdftotext's reading order (right-to-left
 * lines in order), then its words as boxed (a word hyphenated at a line's end is
 * joined in the first, kept in two in the second).
 */
export async function pdfText(pdf: string): Promise<string> {
  const { stdout } = await run('pdftotext', [pdf, '-'], { maxBuffer: 256 * 1024 * 1024 })
  const boxed = (await bboxPages(pdf)).map((p) => p.lines.map((l) => l.words.map((w) => w.text).join(' ')).join('\n')).join('\n')
  return `${stdout}\n${boxed}`
}

/**
 * Words for a coverage check between a slide's text and a converted PDF's:
 * pdftotext's direction marks as spaces, a lam-alef ligature's letters in one
 * order (pdftotext writes them in the order drawn), and
 * the characters of scripts written without spaces one by one (a line may end
 * between any two of them).
 */
export function coverageWords(text: string): string[] {
  const plain = text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').normalize('NFKC').replace(/\u0644([\u0622\u0623\u0625\u0627])/g, '$1\u0644')
  return (plain.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).flatMap((w) => (UNSPACED.test(w) ? [...w].filter((c) => UNSPACED.test(c)) : [w]))
}
