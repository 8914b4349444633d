/**
 * The picture, photo and diagram caches of an output folder (`.bbl-cache/pictures/`,
 * `.bbl-cache/photos/`, `.bbl-cache/diagrams/`, keyed by content) hold what the notes built there use,
 * no more. After a build, the keys a notes file used are listed in
 * `.bbl-cache/used/<name>.json`; lists of notes whose folder is gone are dropped,
 * then every entry no list names is removed. An entry written since the run began
 * is kept whatever the lists say: another bbl may be building beside this one.
 * Only what bbl can tell it wrote goes: a regular file with one of its entry names,
 * in a cache folder that is a real folder (src/cache/store.ts), never a
 * link or anything reached through one.
 */
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { CACHE_DIR, CacheStore } from './store.js'

/** The caches whose entries are named `<key>.<what>`, and the names bbl gives them. */
const KEYED = [
  { dir: 'pictures', ours: /^[0-9a-f]{64}\.(?:json|prepared\.json|prepared\.(?:jpe?g|png|webp))$/i },
  { dir: 'photos', ours: /^[0-9a-f]{32}\.(?:json|fixed|original)$/ },
  { dir: 'diagrams', ours: /^[0-9a-f]{64}\.svg$/ },
]

const LIST = /^(.+)\.json$/
const isKeys = (v: unknown): v is string[] => Array.isArray(v) && v.every((k) => typeof k === 'string' && /^[0-9a-f]{32,64}$/.test(k))

const usedStore = (outDir: string) => new CacheStore(path.join(outDir, CACHE_DIR, 'used'))

/** Record the keys the notes `name` used (after their build). */
export async function listUsed(outDir: string, name: string, used: Iterable<string>): Promise<void> {
  // Without its list, nothing is pruned from the caches (see keysInUse): only room is lost.
  await usedStore(outDir).putJson(`${name}.json`, [...new Set(used)].sort())
}

/**
 * Prune the keyed caches of `outDir` to what all notes there use; entries written
 * since `since` (the run's start: notes built beside each other list theirs at
 * their end) are kept whatever the lists say.
 */
export async function pruneCaches(outDir: string, since: number): Promise<void> {
  try {
    const keep = await keysInUse(outDir)
    if (keep) for (const { dir, ours } of KEYED) await prune(new CacheStore(path.join(outDir, CACHE_DIR, dir)), ours, keep, since)
  } catch {
    // A cache that cannot be pruned only takes room; the build itself succeeded.
  }
}

/**
 * Every key a list names, for notes whose deck folder is still there; the other
 * lists are removed. Undefined while a deck folder has no valid list (built by a bbl
 * that kept none, or a list that does not verify): what it uses is not known, so nothing may go.
 */
async function keysInUse(outDir: string): Promise<Set<string> | undefined> {
  const store = usedStore(outDir)
  if (!(await store.real())) return undefined
  const lists = new Map<string, string[] | undefined>()
  for (const { name } of await store.list(LIST)) lists.set(name.slice(0, -'.json'.length), await store.getJson(name, isKeys))
  for (const e of await readdir(outDir, { withFileTypes: true })) {
    if (e.isDirectory() && !lists.get(e.name) && (await exists(path.join(outDir, e.name, 'manifest.json')))) return undefined
  }
  const keep = new Set<string>()
  for (const [notes, keys] of lists) {
    if (!(await exists(path.join(outDir, notes, 'manifest.json')))) {
      await store.remove(`${notes}.json`)
      continue
    }
    for (const k of keys ?? []) keep.add(k)
  }
  return keep
}

async function prune(store: CacheStore, ours: RegExp, keep: Set<string>, since: number): Promise<void> {
  for (const { name, mtimeMs } of await store.list(ours)) {
    if (!keep.has(keyOf(name)) && mtimeMs < since) await store.remove(name)
  }
}

/** `abc123.prepared.jpg` → `abc123`. */
const keyOf = (name: string) => name.split('.')[0]!

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  )
