/**
 * bbl serve's watcher: which files a notes file depends on (itself, what it
 * includes, the pictures it references, the theme), and a debounced callback
 * naming the owners (notes files, or the theme) whose files changed.
 *
 * Folders are watched rather than files: an editor that saves by deleting
 * and re-creating the file, or by renaming a temporary file over it, leaves a
 * watch on the old file blind, and a picture that does not exist yet has no
 * file to watch. Each folder is watched one level deep; events for files
 * nobody depends on are dropped.
 */
import { existsSync, statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { type FSWatcher, watch } from 'chokidar'
import type { NotesDoc } from '../notes/model.js'
import { candidatePaths, collectImages, isRemote } from '../assets/pictures.js'
import { themesDir } from '../core/paths.js'

/** Owner key of the theme's files. */
export const THEME = '\u0000theme'

export class Watcher {
  private readonly fsw: FSWatcher
  /** owner → files it depends on */
  private readonly owners = new Map<string, Set<string>>()
  /** file → owners depending on it */
  private readonly users = new Map<string, Set<string>>()
  private readonly dirs = new Set<string>()
  private readonly pending = new Set<string>()
  private timer?: NodeJS.Timeout
  private readonly ready: Promise<void>

  constructor(
    private readonly onChange: (owners: string[]) => void,
    private readonly o: { debounceMs?: number; onError?: (e: Error) => void } = {},
  ) {
    this.fsw = watch([], { ignoreInitial: true, depth: 0, ignorePermissionErrors: true })
    this.ready = new Promise((resolve) => this.fsw.once('ready', () => resolve()))
    this.fsw.on('all', (event, p) => this.event(event, path.resolve(p)))
    this.fsw.on('error', (e) => this.o.onError?.(e as Error))
  }

  /** Replace the files `owner` depends on. */
  track(owner: string, files: Iterable<string>): void {
    const next = new Set([...files].map((f) => path.resolve(f)))
    for (const f of this.owners.get(owner) ?? []) if (!next.has(f)) this.users.get(f)?.delete(owner)
    for (const f of next) {
      let u = this.users.get(f)
      if (!u) {
        u = new Set()
        this.users.set(f, u)
      }
      u.add(owner)
    }
    for (const [f, u] of this.users) if (u.size === 0) this.users.delete(f)
    this.owners.set(owner, next)
    this.syncDirs()
  }

  /** Resolves once the first folders are watched (events before that are missed). */
  whenReady(): Promise<void> {
    return this.ready
  }

  async close(): Promise<void> {
    clearTimeout(this.timer)
    this.pending.clear()
    await this.fsw.close()
  }

  /** Watch the folder of every file, or its nearest existing ancestor while it does not exist. */
  private syncDirs(): void {
    const want = new Set<string>()
    for (const f of this.users.keys()) {
      let d = path.dirname(f)
      while (!isDir(d) && path.dirname(d) !== d) d = path.dirname(d)
      want.add(d)
    }
    const add = [...want].filter((d) => !this.dirs.has(d))
    const drop = [...this.dirs].filter((d) => !want.has(d))
    for (const d of drop) this.dirs.delete(d)
    for (const d of add) this.dirs.add(d)
    if (drop.length) this.fsw.unwatch(drop)
    if (add.length) this.fsw.add(add)
  }

  private event(event: string, p: string): void {
    if (event === 'addDir' || event === 'unlinkDir') {
      // A folder on the way to a file we want appeared (or went): watch closer to the
      // file, and rebuild whoever depends on a file inside, which may exist already.
      this.syncDirs()
      for (const [f, u] of this.users) if (f.startsWith(p + path.sep)) for (const o of u) this.pending.add(o)
    } else {
      for (const o of this.users.get(p) ?? []) this.pending.add(o)
    }
    if (this.pending.size === 0) return
    // Editors save in bursts (write, rename, chmod): act once they are done.
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      const owners = [...this.pending]
      this.pending.clear()
      this.onChange(owners)
    }, this.o.debounceMs ?? 50)
  }
}

const isDir = (d: string) => {
  try {
    return statSync(d).isDirectory()
  } catch {
    return false
  }
}

/**
 * Every place a picture of the notes is looked for: a picture that is missing
 * now is picked up when it appears, and one dropped into a place looked in
 * earlier takes over.
 */
export function imageFiles(doc: NotesDoc, notes: string, cwd: string): string[] {
  const ctx = { docdir: path.dirname(path.resolve(cwd, notes)), cwd, name: doc.name }
  return collectImages(doc)
    .filter((r) => !isRemote(r.src) && !r.src.startsWith('data:'))
    .flatMap((r) => candidatePaths(r, ctx))
}

/**
 * The theme's files, found the way src/assets/theme.ts looks for them: a .css file,
 * or the folder themes/NAME (current folder, then bbl's own). A reveal.js
 * theme name has nothing to watch. Also watched: themes/NAME/theme.css in the
 * current folder while it does not exist, since it would take over.
 */
export async function themeFiles(spec: string, cwd: string): Promise<string[]> {
  if (spec.endsWith('.css')) return [path.resolve(cwd, spec)]
  const local = path.join(cwd, 'themes', spec)
  const out = [path.join(local, 'theme.css')]
  for (const dir of [local, path.join(themesDir, spec), path.resolve(cwd, spec)]) {
    if (!existsSync(path.join(dir, 'theme.css'))) continue
    for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (e.isFile()) out.push(path.join(e.parentPath, e.name))
    }
    break
  }
  return out
}
