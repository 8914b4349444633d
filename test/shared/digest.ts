/** A digest of every file under a folder (paths and bytes), to see whether any changed. */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

export async function digestTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  for (const e of entries) {
    if (!e.isFile() || e.name === 'digest.json') continue
    const file = path.join(e.parentPath, e.name)
    out[path.relative(dir, file)] = createHash('sha256').update(await readFile(file)).digest('hex')
  }
  return out
}
