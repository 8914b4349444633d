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
 *
 * A save is acted on once its burst is over: QUIET_MS after the last notice
 * about a file someone depends on. Chokidar's own events come late for a
 * burst's end (it drops a file's further "change" events for 50 ms after one,
 * and holds a deletion 100 ms to see whether the file comes back), so the raw
 * notices of the file system are listened to as well: each postpones the
 * callback. A notice about a file whose stat is what it was when its owners
 * were last told (chokidar's late event of the same save) is dropped.
 */
import { existsSync, type Stats, statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { type FSWatcher, watch } from 'chokidar'
import type { NotesDoc } from '../notes/model.js'
import { candidatePaths, collectImages, isRemote } from '../assets/pictures.js'
import { themesDir } from '../core/paths.js'

/** Owner key of the theme's files. */
export const THEME = '\u0000theme'

/** Quiet time that ends a save burst. */
const QUIET_MS = 15
/** A burst that never goes quiet (a file written to all the time) is acted on after this long anyway. */
const MAX_WAIT_MS = 250

export class Watcher {
  private readonly fsw: FSWatcher
  /** owner → files it depends on */
  private readonly owners = new Map<string, Set<string>>()
  /** file → owners depending on it */
  private readonly users = new Map<string, Set<string>>()
  private readonly dirs = new Set<string>()
  private readonly pending = new Set<string>()
  /** Files whose notices made the owners pending. */
  private readonly touched = new Set<string>()
  /** Each file's stat when its owners were last told (undefined: it did not exist). */
  private readonly told = new Map<string, string | undefined>()
  /** When the first notice of the burst came. */
  private since = 0
  private timer?: NodeJS.Timeout
  private readonly ready: Promise<void>

  constructor(
    private readonly onChange: (owners: string[]) => void,
    private readonly o: { debounceMs?: number; onError?: (e: Error) => void } = {},
  ) {
    this.fsw = watch([], { ignoreInitial: true, depth: 0, ignorePermissionErrors: true })
    this.ready = new Promise((resolve) => this.fsw.once('ready', () => resolve()))
    this.fsw.on('all', (event, p) => this.event(event, path.resolve(p)))
    this.fsw.on('raw', (_event, p, details) => this.raw(p, (details as { watchedPath?: string }).watchedPath))
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
    for (const f of this.told.keys()) if (!this.users.has(f)) this.told.delete(f)
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
      this.touch(p)
    }
    this.arm()
  }

  /**
   * A raw notice of the file system: `name` in the folder watched, or the file
   * watched itself (`watched`). Chokidar's event for it may come late or not at all.
   */
  private raw(name: string | undefined, watched: string | undefined): void {
    if (!watched) return
    const dir = path.resolve(watched)
    for (const f of name ? [path.join(dir, name), dir] : [dir]) if (this.users.has(f)) this.touch(f)
    this.arm()
  }

  /** `file`'s owners are pending, unless the file is as it was when they were last told. */
  private touch(file: string): void {
    const users = this.users.get(file)
    if (!users?.size || (this.told.has(file) && this.told.get(file) === stamp(file))) return
    this.touched.add(file)
    for (const o of users) this.pending.add(o)
  }

  /** (Re)start the wait for the end of the burst: editors save in bursts (write, rename, chmod). */
  private arm(): void {
    if (this.pending.size === 0) return
    const now = performance.now()
    if (!this.timer) this.since = now
    clearTimeout(this.timer)
    const wait = Math.min(this.o.debounceMs ?? QUIET_MS, Math.max(0, this.since + MAX_WAIT_MS - now))
    this.timer = setTimeout(() => this.fire(), wait)
  }

  /** The burst is over: tell the owners, and note what their files are now. */
  private fire(): void {
    this.timer = undefined
    const owners = [...this.pending]
    this.pending.clear()
    for (const f of this.touched) this.told.set(f, stamp(f))
    this.touched.clear()
    this.onChange(owners)
  }
}

/** A file's stat as a string (undefined: it does not exist), to see whether a notice is about something new. */
function stamp(file: string): string | undefined {
  let s: Stats
  try {
    s = statSync(file)
  } catch {
    return undefined
  }
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`
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
