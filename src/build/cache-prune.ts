/**
 * The picture and photo caches of an output folder (`.bbl-cache/pictures/`,
 * `.bbl-cache/photos/`, keyed by content) hold what the notes built there use,
 * no more. After a build, the keys a notes file used are listed in
 * `.bbl-cache/used/<name>.json`; lists of notes whose folder is gone are dropped,
 * then every entry no list names is removed. An entry written since the run began
 * is kept whatever the lists say: another bbl may be building beside this one.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** The caches whose entries are named `<key>.<what>`. */
const KEYED = ['pictures', 'photos']

/** Record the keys the notes `name` used (after their build). */
export async function listUsed(outDir: string, name: string, used: Iterable<string>): Promise<void> {
  try {
    await writeList(path.join(outDir, '.bbl-cache', 'used'), name, [...new Set(used)].sort())
  } catch {
    // Without its list, nothing is pruned from the caches (see keysInUse): only room is lost.
  }
}

/**
 * Prune the keyed caches of `outDir` to what all notes there use; entries written
 * since `since` (the run's start: notes built beside each other list theirs at
 * their end) are kept whatever the lists say.
 */
export async function pruneCaches(outDir: string, since: number): Promise<void> {
  const cache = path.join(outDir, '.bbl-cache')
  try {
    const keep = await keysInUse(outDir, path.join(cache, 'used'))
    if (keep) for (const dir of KEYED) await prune(path.join(cache, dir), keep, since)
  } catch {
    // A cache that cannot be pruned only takes room; the build itself succeeded.
  }
}

async function writeList(dir: string, name: string, keys: string[]): Promise<void> {
  await mkdir(dir, { recursive: true })
  const file = path.join(dir, `${name}.json`)
  const tmp = `${file}.${process.pid}`
  await writeFile(tmp, `${JSON.stringify(keys)}\n`)
  await rename(tmp, file)
}

/**
 * Every key a list names, for notes whose deck folder is still there; the other
 * lists are removed. Undefined while a deck folder has no list (built by a bbl
 * that kept none): what it uses is not known, so nothing may go.
 */
async function keysInUse(outDir: string, lists: string): Promise<Set<string> | undefined> {
  const listed = new Set((await readdir(lists)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)))
  for (const e of await readdir(outDir, { withFileTypes: true })) {
    if (e.isDirectory() && !listed.has(e.name) && (await exists(path.join(outDir, e.name, 'manifest.json')))) return undefined
  }
  const keep = new Set<string>()
  for (const f of await readdir(lists)) {
    if (!f.endsWith('.json')) continue
    const notes = f.slice(0, -'.json'.length)
    const file = path.join(lists, f)
    if (!(await exists(path.join(outDir, notes, 'manifest.json')))) {
      await rm(file, { force: true })
      continue
    }
    for (const k of JSON.parse(await readFile(file, 'utf8')) as string[]) keep.add(k)
  }
  return keep
}

async function prune(dir: string, keep: Set<string>, since: number): Promise<void> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return
  }
  for (const n of names) {
    // Temporary names (`.x.pid.rand`) belong to a write in progress.
    if (n.startsWith('.') || keep.has(keyOf(n))) continue
    const file = path.join(dir, n)
    const s = await stat(file).catch(() => undefined)
    if (s && s.mtimeMs < since) await rm(file, { force: true })
  }
}

/** `abc123.prepared.jpg` → `abc123`. */
const keyOf = (name: string) => name.split('.')[0]!

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  )
