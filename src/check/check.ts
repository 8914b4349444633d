/**
 * bbl check: everything a build would warn about, and a few things only a
 * reader would notice (links to nothing, pictures without alt text), with the
 * notes' file and line, for CI and editors. The decks are planned and fitted as
 * a build does (src/build/prepare.ts: same code, same warnings), in a temporary folder of the system's
 * that is removed afterwards: nothing is written next to the notes or in the
 * output folder, whose fitting cache is read, never written.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { BrowserManager } from '../browser/manager.js'
import { ExitCode, isBblError } from '../core/error.js'
import { fitCacheFile, photoCacheDir } from '../core/paths.js'
import type { Reporter } from '../core/report.js'
import type { WarningCode } from '../core/warning.js'
import { loadNotes } from '../notes/asciidoc.js'
import type { Block, NotesDoc, Section, Warning } from '../notes/model.js'
import { describeUnderstood } from '../notes/conference.js'
import { slidePhotoSources } from '../assets/photos/index.js'
import { loadFitCache, prepareDecks } from '../build/prepare.js'
import { isRealDir } from '../cache/store.js'
import { type ResolvedTheme, resolveTheme } from '../assets/theme.js'

export type ProblemLevel = 'error' | 'warning' | 'info'

/** A warning's code; NOTES_UNREADABLE: the notes cannot be read at all (level error); TALKS: what bbl understood of them (level info). */
export type ProblemCode = WarningCode | 'NOTES_UNREADABLE' | 'TALKS'

/** One problem found in the notes. `info` (a hint) does not change the exit code. */
export interface Problem {
  file: string
  line?: number
  level: ProblemLevel
  code: ProblemCode
  message: string
}

export interface CheckOptions {
  inputs: string[]
  cwd: string
  theme: string
  /** Whether --theme or the project file chose the theme: it then wins over a plain deck's own. */
  themeChosen?: boolean
  /** Output folder: its fitting cache is read (never written). */
  outDir: string
  /** Conference notes or a plain deck; decided from the notes when undefined. */
  as?: 'deck' | 'notes'
  /** Straighten photos of projected slides, as the build does (default auto). */
  photos?: 'auto' | 'off'
  /** Attributes set from outside the notes (`-a name=value`). */
  attributes?: Record<string, string>
  /** The folder the notes may include files from (`--root`, absolute). */
  root?: string
}

/** Check every notes file; a file that cannot be read is an `error` problem, and the others are still checked. */
export async function check(o: CheckOptions, browser: BrowserManager, report: Reporter): Promise<Problem[]> {
  const theme = await resolveTheme(o.theme, o.cwd)
  const problems: Problem[] = []
  for (const file of o.inputs) {
    try {
      problems.push(...(await checkNotes(file, o, browser, theme, report)))
    } catch (e) {
      if (!isBblError(e) || e.exitCode !== ExitCode.INPUT) throw e
      problems.push({ file, ...(e.where.line ? { line: e.where.line } : {}), level: 'error', code: 'NOTES_UNREADABLE', message: e.message })
    }
    report.debug(`${file}: checked`)
  }
  return problems
}

/** The exit code `bbl check` ends with: 3 if notes could not be read, 4 with warnings, else 0. */
export function checkExitCode(problems: Problem[]): ExitCode {
  if (problems.some((p) => p.level === 'error')) return ExitCode.INPUT
  if (problems.some((p) => p.level === 'warning')) return ExitCode.STRICT
  return ExitCode.OK
}

/** `file:line: level: message`, one line per problem (compilers' and linters' shape: editors jump to it). */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.level}: ${p.message}\n`).join('')
}

async function checkNotes(file: string, o: CheckOptions, browser: BrowserManager, theme: ResolvedTheme, report: Reporter): Promise<Problem[]> {
  const doc = await loadNotes(file, o.cwd, { attributes: o.attributes, root: o.root })
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-check-'))
  try {
    // The build's caches: pictures and straightened photos read in place, never written;
    // font subsets copied. A check writes nothing to the output folder, and plans the
    // slides as the build did (same photos), so the build's fitting serves it.
    const outDir = path.resolve(o.cwd, o.outDir)
    const built = path.join(outDir, '.bbl-cache')
    const fontCache = path.join(tmp, '.bbl-cache', 'fonts')
    if (await isRealDir(path.join(built, 'fonts'))) await cp(path.join(built, 'fonts'), fontCache, { recursive: true })
    const photos = o.photos === 'off' ? undefined : { cacheDir: photoCacheDir(outDir), sources: slidePhotoSources(doc) }
    const ctx = { docdir: path.dirname(path.resolve(o.cwd, file)), cwd: o.cwd, name: doc.name, cacheDir: path.join(built, 'pictures'), readOnlyCache: true }
    const p = await prepareDecks(doc, {
      file,
      dir: tmp,
      ctx: { ...ctx, ...(photos ? { photos } : {}) },
      theme,
      ...(o.themeChosen ? { themeChosen: true } : {}),
      browser,
      ...(o.as ? { as: o.as } : {}),
      fontCache,
      fitCache: await loadFitCache(fitCacheFile(outDir, doc.name)),
      debug: (msg) => report.debug(`${file}: ${msg}`),
    })
    const warnings = [...p.warnings, ...linksToNothing(p.doc)]
    const problems: Problem[] = warnings.map((w) => ({ file, ...(w.line ? { line: w.line } : {}), level: 'warning', code: w.code, message: w.message }))
    // What bbl understood of the notes (talks found, or why none): a hint, in the text and the JSON alike.
    // Placed at the first talk's heading, where what was understood begins.
    const first = p.conf.talks[0]?.line
    const message = `${describeUnderstood(p.conf.understood)}${talkList(p.conf.talks.map((t) => t.titleText))}`
    problems.push({ file, ...(first ? { line: first } : {}), level: 'info', code: 'TALKS', message })
    for (const h of missingAltText(p.doc)) problems.push({ file, ...(h.line ? { line: h.line } : {}), level: 'info', code: h.code, message: h.message })
    return problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER))
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
}

/** The talks found, by title, after what was understood: ": 'A', 'B', 'C', 'D', 'E', …" (the first five). */
function talkList(titles: string[]): string {
  if (titles.length === 0) return ''
  return `: ${titles.slice(0, 5).map((t) => `'${t}'`).join(', ')}${titles.length > 5 ? ', …' : ''}`
}

/** Every block of the notes, in document order. */
function allBlocks(doc: NotesDoc): Block[] {
  const out: Block[] = [...doc.preamble]
  const walk = (s: Section) => {
    out.push(...s.blocks)
    s.sections.forEach(walk)
  }
  doc.sections.forEach(walk)
  return out
}

/** `<<id>>` and `xref:id[]` pointing at no section or anchor of the notes (Asciidoctor itself only says so in verbose mode). */
export function linksToNothing(doc: NotesDoc): Warning[] {
  const ids = new Set<string>()
  const walk = (s: Section) => {
    if (s.id) ids.add(s.id)
    s.sections.forEach(walk)
  }
  doc.sections.forEach(walk)
  const blocks = allBlocks(doc).filter((b) => b.kind !== 'photos')
  for (const b of blocks) for (const m of b.html.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]!)
  const warnings: Warning[] = []
  for (const b of blocks) {
    for (const m of b.html.matchAll(/<a\b[^>]*\shref="#([^"]*)"/g)) {
      const id = m[1]!
      if (id && !ids.has(id)) {
        warnings.push({ code: 'LINK_BROKEN', line: b.line, message: `link to "#${id}", which no section or anchor of the notes has; fix the id or add [[${id}]] where it should go` })
      }
    }
  }
  return warnings
}

/**
 * Pictures whose alt text is the one Asciidoctor makes from the file name
 * (`image::team_photo-2.jpg[]` → "team photo 2"): a screen reader gets nothing useful.
 */
export function missingAltText(doc: NotesDoc): Warning[] {
  const hints: Warning[] = []
  for (const b of allBlocks(doc)) {
    if (b.kind === 'notes') continue
    for (const img of b.images) {
      const fromName = path.posix.basename(img.target).replace(/\.[^.]*$/, '').replace(/[_-]/g, ' ')
      if (!img.alt.trim() || img.alt === fromName) {
        hints.push({ code: 'IMAGE_NO_ALT', line: img.line, message: `picture without alt text: ${img.target}; say what it shows between its brackets, ${img.target}[What it shows]` })
      }
    }
  }
  return hints
}
