/**
 * bbl's caches in an output folder (`.bbl-cache/` and its folders) are an
 * optimisation, never an input. Every entry is written under a temporary name
 * and renamed when complete, and starts with a line recording its length and
 * digest (`bbl-cache/1 <bytes> <sha256>`). An entry is believed only when it is
 * a regular file, reached through no symbolic link, inside a folder that is no
 * link either, and its content matches that line (and, for JSON, its schema):
 * anything else is ignored, to be recomputed and overwritten. A write that
 * fails leaves nothing behind and only costs time.
 */
import { createHash, randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { lstat, mkdir, open, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** The folder every cache lives in, inside the output folder. */
export const CACHE_DIR = '.bbl-cache'

const MAGIC = 'bbl-cache/1'
/** Larger entries are not bbl's (a prepared picture is a few MB at most). */
const MAX_ENTRY = 256 * 1024 * 1024

/**
 * The line that lets a reader verify `bytes` bytes of digest `sum`: always as long
 * (its length zero-padded), so that it can be written once the content is.
 */
function sealLine(bytes: number, sum: string): Buffer {
  return Buffer.from(`${MAGIC} ${String(bytes).padStart(15, '0')} ${sum}\n`, 'latin1')
}
const SEAL_LINE_BYTES = sealLine(0, '0'.repeat(64)).length

/** `data` behind the line that lets a reader verify it. */
export function seal(data: Buffer): Buffer {
  return Buffer.concat([sealLine(data.length, createHash('sha256').update(data).digest('hex')), data])
}

/** Pieces written to a file at most this large: a few writes for a large entry, one for a small one. */
const PIECE = 4 * 2 ** 20

/**
 * The JSON of `value`, as JSON.stringify writes it, in pieces: the arrays and
 * objects of its first `depth` levels are taken apart, so that a large record
 * (a build of 10 MB of notes) is never one string in memory.
 */
export function* jsonPieces(value: unknown, depth = 6): Generator<string> {
  const v = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value
  if (depth <= 0 || v === null || typeof v !== 'object') {
    yield JSON.stringify(v) ?? 'null'
    return
  }
  if (Array.isArray(v)) {
    yield '['
    for (const [i, item] of v.entries()) {
      if (i > 0) yield ','
      yield* jsonPieces(item, depth - 1)
    }
    yield ']'
    return
  }
  yield '{'
  let first = true
  for (const [key, item] of Object.entries(v)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
    yield `${first ? '' : ','}${JSON.stringify(key)}:`
    first = false
    yield* jsonPieces(item, depth - 1)
  }
  yield '}'
}

/** `pieces` gathered into buffers of about PIECE bytes. */
function* chunked(pieces: Iterable<string | Buffer>): Generator<Buffer> {
  let held: string[] = []
  let size = 0
  for (const p of pieces) {
    if (Buffer.isBuffer(p)) {
      if (held.length) yield Buffer.from(held.join(''))
      held = []
      size = 0
      yield p
      continue
    }
    held.push(p)
    size += p.length
    if (size >= PIECE) {
      yield Buffer.from(held.join(''))
      held = []
      size = 0
    }
  }
  if (held.length) yield Buffer.from(held.join(''))
}

/** The content of a sealed entry; undefined when it is not one, is cut short or was changed. */
export function unseal(entry: Buffer): Buffer | undefined {
  const nl = entry.indexOf(10)
  if (nl < 0 || nl > 100) return undefined
  const m = /^bbl-cache\/1 (\d+) ([0-9a-f]{64})$/.exec(entry.toString('latin1', 0, nl))
  if (!m) return undefined
  const data = entry.subarray(nl + 1)
  if (data.length !== Number(m[1])) return undefined
  return createHash('sha256').update(data).digest('hex') === m[2] ? data : undefined
}

/** Whether `p` is a folder itself, not a link to one. */
export async function isRealDir(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined))?.isDirectory() ?? false
}

/**
 * The folders a cache folder hangs from, up to `.bbl-cache` itself: each must
 * be a real folder. (The output folder above may be a link: --out is the user's choice.)
 */
function chain(dir: string): string[] {
  const out = [dir]
  for (let d = dir; path.basename(d) !== CACHE_DIR; ) {
    const up = path.dirname(d)
    if (up === d || !up.split(path.sep).includes(CACHE_DIR)) break
    out.unshift(up)
    d = up
  }
  return out
}

/** Rethrows anything but EEXIST. */
function alreadyThere(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EEXIST') throw e
}

export class CacheStore {
  constructor(
    /** Without a folder, nothing is kept (tests, the API). */
    readonly dir: string | undefined,
    /** Read what is kept, keep nothing new (bbl check reads the build's cache). */
    private readonly readOnly = false,
  ) {}

  /** Whether the folder and those it hangs from (to `.bbl-cache`) are real folders. */
  async real(): Promise<boolean> {
    if (!this.dir) return false
    for (const d of chain(this.dir)) if (!(await isRealDir(d))) return false
    return true
  }

  /** Make the folder and those it hangs from where missing, one by one: false when one is not a real folder. */
  private async made(): Promise<boolean> {
    const dirs = chain(this.dir!)
    for (const [i, d] of dirs.entries()) {
      const s = await lstat(d).catch(() => undefined)
      // Another write of the same run may make it between lstat and mkdir: what is there then is checked below.
      if (!s) await mkdir(d, { recursive: i === 0 }).catch(alreadyThere)
      else if (!s.isDirectory()) return false
    }
    return this.real()
  }

  /** The verified content of `name`, or undefined. */
  async get(name: string): Promise<Buffer | undefined> {
    if (!this.dir || !(await this.real())) return undefined
    let fh: Awaited<ReturnType<typeof open>> | undefined
    try {
      // O_NOFOLLOW: an entry that is a link (to /etc/passwd, to a photo) is refused, not read.
      fh = await open(path.join(this.dir, name), constants.O_RDONLY | constants.O_NOFOLLOW)
      const s = await fh.stat()
      if (!s.isFile() || s.size > MAX_ENTRY) return undefined
      return unseal(await fh.readFile())
    } catch {
      return undefined
    } finally {
      await fh?.close()
    }
  }

  /** The verified JSON entry `name` when `valid` accepts its shape, or undefined. */
  async getJson<T>(name: string, valid: (v: unknown) => v is T): Promise<T | undefined> {
    const data = await this.get(name)
    if (!data) return undefined
    try {
      const v: unknown = JSON.parse(data.toString('utf8'))
      return valid(v) ? v : undefined
    } catch {
      return undefined
    }
  }

  /** Keep `data` as `name`; false when it could not be kept (nothing is left behind then). */
  put(name: string, data: Buffer | string): Promise<boolean> {
    return this.write(name, [data])
  }

  /** Keep the JSON of `value` as `name`, written piece by piece (jsonPieces). */
  putJson(name: string, value: unknown): Promise<boolean> {
    return this.write(name, jsonPieces(value))
  }

  /** Keep the content `pieces` as `name`, sealed: its line written last, over room kept for it. */
  private async write(name: string, pieces: Iterable<string | Buffer>): Promise<boolean> {
    if (!this.dir || this.readOnly) return false
    const tmp = path.join(this.dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}`)
    let fh: Awaited<ReturnType<typeof open>> | undefined
    try {
      if (!(await this.made())) return false
      // 'wx': a link planted under the temporary name is not written through.
      fh = await open(tmp, 'wx')
      const hash = createHash('sha256')
      let bytes = 0
      for (const b of chunked(pieces)) {
        hash.update(b)
        await fh.write(b, 0, b.length, SEAL_LINE_BYTES + bytes)
        bytes += b.length
      }
      await fh.write(sealLine(bytes, hash.digest('hex')), 0, SEAL_LINE_BYTES, 0)
      await fh.close()
      fh = undefined
      await rename(tmp, path.join(this.dir, name))
      return true
    } catch {
      await fh?.close().catch(() => {})
      await rm(tmp, { force: true }).catch(() => {})
      return false
    }
  }

  /**
   * The entries whose names `ours` recognises, with when each was written: regular
   * files only (a link or a folder someone put here is not bbl's), none when the folder is not real.
   */
  async list(ours: RegExp): Promise<Array<{ name: string; mtimeMs: number }>> {
    if (!this.dir || !(await this.real())) return []
    const out: Array<{ name: string; mtimeMs: number }> = []
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      if (!ours.test(name)) continue
      const s = await lstat(path.join(this.dir, name)).catch(() => undefined)
      if (s?.isFile()) out.push({ name, mtimeMs: s.mtimeMs })
    }
    return out
  }

  /** Remove the entry `name` if it is a regular file in the real folder: never a link, never through one. */
  async remove(name: string): Promise<void> {
    if (!this.dir || this.readOnly || path.basename(name) !== name || !(await this.real())) return
    const file = path.join(this.dir, name)
    if ((await lstat(file).catch(() => undefined))?.isFile()) await unlink(file).catch(() => {})
  }
}

/** The folders of `.bbl-cache`. */
export const CACHE_FOLDERS = ['pictures', 'photos', 'fonts', 'diagrams', 'used']
const FOLDERS = ['', ...CACHE_FOLDERS]

/** An entry being written: `.<name>.<pid>.<random>` (a dead bbl's is removed by the next run). */
export const TMP_ENTRY = /^\..+\.(\d+)\.[0-9a-f]{8}$/

/**
 * Why the cache of `outDir` cannot be used, or undefined when it can: `.bbl-cache`
 * and its folders must be real folders (made when missing, never links) that bbl
 * can write. A cache that cannot be used is not: the build goes on without it.
 */
export async function cacheProblem(outDir: string): Promise<{ dir: string; why: string } | undefined> {
  for (const sub of FOLDERS) {
    const dir = path.join(outDir, CACHE_DIR, sub)
    const s = await lstat(dir).catch(() => undefined)
    if (s?.isSymbolicLink()) return { dir, why: 'is a symbolic link' }
    if (s && !s.isDirectory()) return { dir, why: 'is not a folder' }
    const probe = path.join(dir, `.probe.${process.pid}`)
    try {
      if (!s) await mkdir(dir, { recursive: sub === '' })
      await writeFile(probe, '', { flag: 'wx' })
      await unlink(probe)
    } catch (e) {
      await rm(probe, { force: true }).catch(() => {})
      return { dir, why: `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }
    }
  }
  return undefined
}
