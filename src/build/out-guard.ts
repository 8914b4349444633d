/**
 * bbl replaces or deletes only what it made. Before a build writes into --out,
 * these checks refuse (exit 2, one line) an output folder that is a file, holds
 * the notes or their pictures, or would replace a folder or landing page bbl did
 * not write; and they remove temporary folders left by bbl runs that died.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { BblError, ExitCode } from '../core/error.js'
import { isAlive, stalePid } from '../core/cleanup.js'
import { CACHE_DIR, CACHE_FOLDERS, CacheStore, isRealDir, TMP_ENTRY } from '../cache/store.js'

const shown = (p: string, cwd: string) => {
  const r = path.relative(cwd, p)
  return r === '' ? '.' : !r.startsWith('..') && !path.isAbsolute(r) ? r : p
}

const inside = (child: string, parent: string) => {
  const r = path.relative(parent, child)
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r))
}

function isDir(p: string): boolean | undefined {
  try {
    return statSync(p).isDirectory()
  } catch {
    return undefined
  }
}

/** The output folder itself: a folder (or nothing yet), not under a file, holding neither the notes nor what bbl did not write. */
export function checkOutDir(outDir: string, cwd: string, inputs: string[]): void {
  for (let p = outDir; ; p = path.dirname(p)) {
    const dir = isDir(p)
    if (dir === false) {
      const what = p === outDir ? `--out ${shown(outDir, cwd)} is a file` : `--out ${shown(outDir, cwd)} is under the file ${shown(p, cwd)}`
      throw new BblError(`${what}; pass a folder (bbl makes it if needed)`, ExitCode.USAGE)
    }
    if (dir || path.dirname(p) === p) break
  }
  for (const input of inputs) {
    const notes = path.resolve(cwd, input)
    if (inside(notes, outDir)) {
      throw new BblError(`--out ${shown(outDir, cwd)} holds the notes themselves; pick a folder of its own for bbl's output, e.g. --out dist`, ExitCode.USAGE, { file: input })
    }
  }
  const landing = path.join(outDir, 'index.html')
  if (existsSync(landing) && !isBblLanding(landing)) {
    throw new BblError(`${shown(landing, cwd)} was not written by bbl and would be replaced by its landing page; pick another --out`, ExitCode.USAGE)
  }
}

const isBblLanding = (file: string) => {
  try {
    return isDir(file) === false && readFileSync(file, 'utf8').slice(0, 4096).includes('<meta name="generator" content="bbl">')
  } catch {
    return false
  }
}

/** A folder bbl may replace: absent, empty, or holding a manifest.json bbl wrote. */
export function checkReplaceable(finalDir: string, cwd: string, file: string): void {
  const dir = isDir(finalDir)
  if (dir === undefined) return
  const what = shown(finalDir, cwd)
  if (!dir) throw new BblError(`${what} is a file, not a deck folder bbl made; move it away or pick another --out`, ExitCode.USAGE, { file })
  if (readdirSync(finalDir).length === 0 || isBblManifest(path.join(finalDir, 'manifest.json'))) return
  throw new BblError(
    `${what} exists and was not made by bbl (no bbl manifest.json in it); bbl replaces only its own folders: pick another --out, or move ${what} away`,
    ExitCode.USAGE,
    { file },
  )
}

const isBblManifest = (file: string) => {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { bbl?: unknown; decks?: unknown }
    return typeof m.bbl === 'string' && Array.isArray(m.decks)
  } catch {
    return false
  }
}

/** Pictures the notes use must not live in the output folder: a rebuild would replace them. */
export function checkPictures(outDir: string, sources: string[], cwd: string, file: string): void {
  const hit = sources.find((s) => inside(path.resolve(cwd, s), outDir))
  if (hit) {
    throw new BblError(`--out ${shown(outDir, cwd)} holds pictures the notes use (${shown(hit, cwd)}); pick a folder of its own for bbl's output, e.g. --out dist`, ExitCode.USAGE, { file })
  }
}

/** Remove the temporary folders and files of bbl runs that are no longer running (a second Ctrl-C, a kill). */
export async function removeStale(outDir: string): Promise<void> {
  const cache = path.join(outDir, CACHE_DIR)
  // Never through a link: a cache folder that is one is not bbl's to clean.
  const places = [outDir, ...((await isRealDir(cache)) ? [cache] : [])]
  for (const dir of places) {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    for (const n of names) {
      const pid = stalePid(n)
      if (pid !== undefined && !n.startsWith('bbl-') && !isAlive(pid)) await rm(path.join(dir, n), { recursive: true, force: true }).catch(() => undefined)
    }
  }
  for (const sub of ['', ...CACHE_FOLDERS]) await removeDeadWrites(new CacheStore(path.join(cache, sub)))
}

/** Entries a dead bbl was writing (`.<name>.<pid>.<random>`), in one cache folder. */
async function removeDeadWrites(store: CacheStore): Promise<void> {
  for (const { name } of await store.list(TMP_ENTRY)) if (!isAlive(Number(TMP_ENTRY.exec(name)![1]))) await store.remove(name)
}
