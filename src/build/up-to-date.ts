/**
 * Nothing changed, nothing done. After a build, `.bbl-cache/<name>.built.json`
 * records what the notes' output was made from (the notes, every file Asciidoctor
 * included, every picture, video and logo they show or might show, the theme's
 * files, bbl's version and the options) and what was written (every file of the
 * output folder: size, time, inode and digest), with the plans the PDFs, handout
 * and PowerPoint files need. A rebuild whose inputs all hash the same, into an
 * output folder nobody touched since, reuses it all without parsing the notes.
 * The record is a sealed cache entry (src/build/cache-store.ts): one that does
 * not verify, or any difference at all, means a full build.
 *
 * A full build links the files it made the same as before to the earlier ones, so
 * that an edit to one talk rewrites only that talk's deck and the recap on disk.
 */
import { createHash } from 'node:crypto'
import type { Dirent } from 'node:fs'
import { link, lstat, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import type { Manifest } from '../core/manifest.js'
import { codeIdentity } from '../core/version.js'
import type { Conference } from '../notes/conference.js'
import type { Brand, Fitted } from '../slides/render.js'
import type { DeckPlan } from '../slides/spec.js'
import { CACHE_DIR, CacheStore } from '../cache/store.js'

/** An output file as it was written. */
export interface OutputFile {
  file: string
  size: number
  mtimeMs: number
  ino: number
  sha256: string
}

/** What the API returns of a build, kept so that a reused build returns it too. */
export interface KeptBuild {
  manifest: Manifest
  decks: DeckPlan[]
  /** The fitted layouts of the decks' slides, by the fitter's key. */
  fitted: Array<[string, Fitted]>
  conference: Conference
  brand?: Brand
}

export interface BuildRecord {
  /** bbl's version and code, the options and where the notes are: one digest. */
  key: string
  /** Absolute path → sha256 of its content, or null: the file was absent and must still be. */
  inputs: Array<[string, string | null]>
  outputs: OutputFile[]
  built: KeptBuild
}

const recordName = (name: string) => `${name}.built.json`
const store = (outDir: string) => new CacheStore(path.join(outDir, CACHE_DIR))

/** One digest of everything besides files that decides the output. */
export function buildKey(o: { file: string; cwd: string; options: Record<string, unknown> }): string {
  const options = Object.fromEntries(Object.entries(o.options).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))
  return createHash('sha256').update(JSON.stringify({ bbl: codeIdentity(), cwd: o.cwd, file: path.resolve(o.cwd, o.file), options })).digest('hex')
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/** The digest of `file`'s content, null when there is no such regular file. */
async function digestOf(file: string): Promise<string | null> {
  try {
    return sha(await readFile(file))
  } catch {
    return null
  }
}

/** Each input with its digest now. */
export async function digestInputs(files: Iterable<string>): Promise<Array<[string, string | null]>> {
  const unique = [...new Set(files)].sort()
  return Promise.all(unique.map(async (f): Promise<[string, string | null]> => [f, await digestOf(f)]))
}

/** Every regular file under `dir`, by path relative to it (`/`-separated); anything else (a link) makes it undefined. */
async function filesUnder(dir: string): Promise<Map<string, { size: number; mtimeMs: number; ino: number }> | undefined> {
  const out = new Map<string, { size: number; mtimeMs: number; ino: number }>()
  let entries: Dirent[]
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  } catch {
    return undefined
  }
  for (const e of entries) {
    if (e.isDirectory()) continue
    if (!e.isFile()) return undefined
    const abs = path.join(e.parentPath, e.name)
    const s = await lstat(abs)
    out.set(path.relative(dir, abs).split(path.sep).join('/'), { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino })
  }
  return out
}

/** Whether the output folder holds exactly the files the record wrote, untouched since. */
async function outputsIntact(dir: string, outputs: OutputFile[]): Promise<boolean> {
  const now = await filesUnder(dir)
  if (!now || now.size !== outputs.length) return false
  return outputs.every((o) => {
    const s = now.get(o.file)
    return s !== undefined && s.size === o.size && s.mtimeMs === o.mtimeMs && s.ino === o.ino
  })
}

const isRecord = (v: unknown): v is BuildRecord => {
  const r = v as BuildRecord
  return (
    !!r &&
    typeof r.key === 'string' &&
    Array.isArray(r.inputs) &&
    r.inputs.every((i) => Array.isArray(i) && typeof i[0] === 'string' && (i[1] === null || typeof i[1] === 'string')) &&
    Array.isArray(r.outputs) &&
    r.outputs.every((o) => typeof o?.file === 'string' && typeof o.sha256 === 'string' && Number.isFinite(o.size) && Number.isFinite(o.mtimeMs) && Number.isFinite(o.ino)) &&
    !!r.built &&
    typeof r.built.manifest === 'object' &&
    Array.isArray(r.built.manifest?.decks) &&
    Array.isArray(r.built.decks) &&
    Array.isArray(r.built.fitted) &&
    typeof r.built.conference === 'object'
  )
}

/** The record of the last build of `name` into `outDir`, when it verifies. */
export function readRecord(outDir: string, name: string): Promise<BuildRecord | undefined> {
  return store(outDir).getJson(recordName(name), isRecord)
}

/**
 * The kept build, when the output of `name` in `outDir` is what the same inputs,
 * options and bbl made last time and nobody changed it since; otherwise undefined.
 */
export async function reusable(o: { outDir: string; name: string; key: string }): Promise<KeptBuild | undefined> {
  const r = await readRecord(o.outDir, o.name)
  if (!r || r.key !== o.key) return undefined
  const now = await digestInputs(r.inputs.map(([f]) => f))
  if (now.length !== r.inputs.length || now.some(([f, d], i) => r.inputs[i]![0] !== f || r.inputs[i]![1] !== d)) return undefined
  return (await outputsIntact(path.join(o.outDir, o.name), r.outputs)) ? r.built : undefined
}

/** Each file of a finished (not yet swapped in) output folder with its digest. */
export async function digestOutputs(dir: string): Promise<Map<string, string>> {
  const files = (await filesUnder(dir)) ?? new Map()
  const out = new Map<string, string>()
  await Promise.all([...files.keys()].map(async (f) => out.set(f, sha(await readFile(path.join(dir, ...f.split('/')))))))
  return out
}

/**
 * In `tmp` (the output about to replace `finalDir`), each file made the same as
 * the one the last build wrote, untouched since, becomes a link to it: it keeps its
 * time and inode, and the swap rewrites only what changed. The earlier folder is
 * only read; a link that cannot be made leaves the new file.
 */
export async function linkUnchanged(o: { tmp: string; finalDir: string; digests: Map<string, string>; previous: BuildRecord | undefined }): Promise<number> {
  if (!o.previous) return 0
  const before = await filesUnder(o.finalDir)
  if (!before) return 0
  let linked = 0
  for (const old of o.previous.outputs) {
    const s = before.get(old.file)
    if (o.digests.get(old.file) !== old.sha256 || !s || s.size !== old.size || s.mtimeMs !== old.mtimeMs || s.ino !== old.ino) continue
    const fresh = path.join(o.tmp, ...old.file.split('/'))
    const aside = `${fresh}.bbl-new`
    try {
      await link(path.join(o.finalDir, ...old.file.split('/')), aside)
    } catch {
      continue
    }
    // Renamed over the new file, never unlinked first: the folder is complete at every moment.
    try {
      await rename(aside, fresh)
      linked++
    } catch {
      await unlink(aside).catch(() => {})
    }
  }
  return linked
}

/**
 * Keep the record of a build just swapped in (a failure only costs the next rebuild
 * its shortcut). None when an input changed since the build began at `since`:
 * the output may be of the content before.
 */
export async function saveRecord(o: { outDir: string; name: string; key: string; inputs: Iterable<string>; digests: Map<string, string>; built: KeptBuild; since: number }): Promise<void> {
  const inputs = [...new Set(o.inputs)]
  const times = await Promise.all(inputs.map((f) => stat(f).then((s) => s.mtimeMs, () => 0)))
  if (times.some((t) => t >= o.since)) return
  const files = await filesUnder(path.join(o.outDir, o.name))
  if (!files) return
  const outputs: OutputFile[] = []
  for (const [file, s] of files) {
    const sha256 = o.digests.get(file)
    if (!sha256) return
    outputs.push({ file, ...s, sha256 })
  }
  const record: BuildRecord = { key: o.key, inputs: await digestInputs(inputs), outputs, built: o.built }
  await store(o.outDir).putJson(recordName(o.name), record)
}
