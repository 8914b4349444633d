/**
 * bbl build's side of src/build/up-to-date.ts: the key of a build's options, what
 * it keeps of a build for the API, and the reuse of the last build when nothing changed.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Reporter } from '../core/report.js'
import { describeUnderstood } from '../notes/conference.js'
import { outputHasher } from './carry-over.js'
import { checkOutDir, removeStale } from './out-guard.js'
import { cacheProblem } from '../cache/store.js'
import { notesName } from '../core/paths.js'
import { type Fitted, fitKey } from '../slides/render.js'
import type { SlideSpec } from '../slides/spec.js'
import type { BuildOptions, BuiltNotes } from './built.js'
import type { Prepared } from './prepare.js'
import { buildKey, digestOutputs, type KeptBuild, linkUnchanged, readRecord, reusable } from './up-to-date.js'

/**
 * The digests of the finished output in `tmp`; the files the same as those the last
 * build wrote become links to them, so the swap rewrites only what changed.
 */
export async function recordStart(tmp: string, finalDir: string, outDir: string, name: string): Promise<Map<string, string>> {
  const digests = await digestOutputs(tmp)
  await linkUnchanged({ tmp, finalDir, digests, previous: await readRecord(outDir, name) })
  return digests
}

/** The options that change what a build writes, with bbl's version and the notes' place: one digest. */
export function keyOf(file: string, opts: BuildOptions): string {
  const { theme, themeChosen, strict, keepMetadata, allowRemote, as, photos, attributes, root, talk, browser } = opts
  // The browser lays the slides out: another one (or one named that is not there) is another build.
  return buildKey({ file, cwd: opts.cwd, options: { theme, themeChosen, strict, keepMetadata, allowRemote, as, photos, attributes, root, talk, browser } })
}

/** What the API returns of a build, as kept for a rebuild that reuses it. */
export function keptOf(built: BuiltNotes, p: Prepared): KeptBuild {
  const specs = p.decks.flatMap((d) => d.stacks.flatMap((st) => st.slides))
  const fitted = new Map(specs.map((s) => [fitKey(s), p.fit.fitted(s)]))
  return { manifest: built.manifest, decks: p.decks, fitted: [...fitted], conference: p.conf, ...(p.brand ? { brand: p.brand } : {}) }
}

/** The last build of `file`, when nothing it was made from changed and its output is untouched (src/build/up-to-date.ts). */
export async function reused(file: string, opts: BuildOptions): Promise<BuiltNotes | undefined> {
  const outDir = path.resolve(opts.cwd, opts.outDir)
  const name = notesName(file)
  if (!existsSync(path.join(outDir, 'index.html'))) return undefined
  const kept = await reusable({ outDir, name, key: keyOf(file, opts) })
  if (!kept) return undefined
  const layouts = new Map(kept.fitted)
  const fitted = (spec: SlideSpec): Fitted => {
    const f = layouts.get(fitKey(spec))
    if (!f) throw new Error(`slide was not fitted: ${fitKey(spec).slice(0, 60)}`)
    return f
  }
  const dir = path.join(outDir, name)
  return { name, dir, manifest: kept.manifest, decks: kept.decks, fitted, conference: kept.conference, ...(kept.brand ? { brand: kept.brand } : {}), hashOf: await outputHasher(dir) }
}


/** What a build says of each notes file it built (or reused). */
export function reportBuilt(o: { file: string; built: BuiltNotes; cwd: string; report: Reporter }): void {
  const { decks } = o.built.manifest
  const talks = decks.filter((d) => d.kind === 'talk').length
  const slides = decks.find((d) => d.kind === 'recap')?.slides ?? 0
  // What bbl understood of the notes (not on every rebuild of bbl serve: only here).
  o.report.info(`${o.file}: ${describeUnderstood(o.built.conference.understood)}`)
  o.report.info(`${o.file} → ${path.relative(o.cwd, o.built.dir) || o.built.dir}/ (recap: ${slides} slides, ${talks} talk deck${talks === 1 ? '' : 's'})`)
}

/**
 * Every notes file's last build, when none changed (src/build/up-to-date.ts): bbl
 * build's first step, made before the parser, the browser and the picture tools
 * are even loaded. `kept` is undefined when one must be built: src/build/build.ts
 * does it all then, told what was `checked` here so that it checks no file twice.
 */
export async function reuseAll(opts: BuildOptions, report: Reporter): Promise<{ kept?: BuiltNotes[]; checked: Map<string, BuiltNotes | undefined> }> {
  const outDir = path.resolve(opts.cwd, opts.outDir)
  const checked = new Map<string, BuiltNotes | undefined>()
  checkOutDir(outDir, opts.cwd, opts.inputs)
  if (opts.inputs.length === 0 || (await cacheProblem(outDir))) return { checked }
  for (const file of opts.inputs) {
    const b = await reused(file, opts)
    checked.set(file, b)
    if (!b) return { checked }
  }
  const built = opts.inputs.map((f) => checked.get(f)!)
  await removeStale(outDir)
  for (const [i, b] of built.entries()) {
    reportKept({ file: opts.inputs[i]!, built: b, report })
    reportBuilt({ file: opts.inputs[i]!, built: b, cwd: opts.cwd, report })
  }
  return { kept: built, checked }
}

/** A reused build's warnings, said again as its build said them. */
export function reportKept(o: { file: string; built: BuiltNotes; report: Reporter }): void {
  for (const w of o.built.manifest.warnings) o.report.warn(o.file, w)
  o.report.debug(`${o.file}: unchanged since the last build; its output is kept as it is (parsing skipped)`)
}
