/**
 * What bbl learns about a picture, kept by the hash of its bytes in
 * `.bbl-cache/pictures/`: its metadata (format, orientation, size) and, for a
 * photo bbl turns upright or scales down, the prepared copy. A rebuild of
 * unchanged pictures neither decodes nor re-encodes them, and does not load
 * sharp at all. Without a folder (tests, the API) nothing is kept.
 */
import { createHash } from 'node:crypto'
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface PictureMeta {
  format?: string
  orientation?: number
  width?: number
  height?: number
  /** It was decoded whole once (a truncated or fake picture never is): no need to again. */
  decodes?: true
}

export interface PreparedSize {
  width: number
  height: number
}

export class PictureCache {
  constructor(
    private readonly dir?: string,
    /** Read what is kept, keep nothing new (bbl check reads the build's cache). */
    private readonly readOnly = false,
  ) {}

  /** The picture's bytes (read once: what is hashed is what is checked and copied), the hash it is kept under, and its size. */
  async key(file: string): Promise<{ data: Buffer; hash: string; bytes: number }> {
    const data = await readFile(file)
    return { data, hash: createHash('sha256').update(data).digest('hex'), bytes: data.length }
  }

  /** The picture's metadata: kept, or read by `read` and kept. */
  async meta(hash: string, read: () => Promise<PictureMeta>): Promise<PictureMeta> {
    return this.remember(`${hash}.json`, read)
  }

  /** Keep `meta` as the picture's metadata (an entry from an older bbl, completed). */
  async keepMeta(hash: string, meta: PictureMeta): Promise<void> {
    await this.write(`${hash}.json`, JSON.stringify(meta))
  }

  /** Write the prepared copy to `dest`: copied from the cache, or made by `make` and kept. */
  async prepared(hash: string, ext: string, dest: string, make: (dest: string) => Promise<PreparedSize>): Promise<PreparedSize> {
    const copy = this.dir && path.join(this.dir, `${hash}.prepared${ext}`)
    const size = await this.read<PreparedSize>(`${hash}.prepared.json`)
    if (copy && size) {
      try {
        await copyFile(copy, dest)
        return size
      } catch {
        // Kept size without its copy: make it again.
      }
    }
    const made = await make(dest)
    if (copy) {
      await this.write(`${hash}.prepared${ext}`, await readFile(dest))
      await this.write(`${hash}.prepared.json`, JSON.stringify(made))
    }
    return made
  }

  private async remember<T>(name: string, compute: () => Promise<T>): Promise<T> {
    const kept = await this.read<T>(name)
    if (kept) return kept
    const value = await compute()
    await this.write(name, JSON.stringify(value))
    return value
  }

  private async read<T>(name: string): Promise<T | undefined> {
    if (!this.dir) return undefined
    try {
      return JSON.parse(await readFile(path.join(this.dir, name), 'utf8')) as T
    } catch {
      return undefined
    }
  }

  /** Written under a temporary name first: builds running side by side never see half a file. */
  private async write(name: string, data: string | Buffer): Promise<void> {
    if (!this.dir || this.readOnly) return
    await mkdir(this.dir, { recursive: true })
    const tmp = path.join(this.dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}`)
    await writeFile(tmp, data)
    await rename(tmp, path.join(this.dir, name))
  }
}
