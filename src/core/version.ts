import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
export const version: string = (require('../../package.json') as { version: string }).version

/** The folder of the code running now (lib/, or src/ run from source), the page scripts and the deck's own styles and scripts. */
const codeFolders = (): Array<{ dir: string; recursive: boolean }> => {
  const running = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const root = path.resolve(running, '..')
  return [
    { dir: running, recursive: true },
    { dir: path.join(root, 'src', 'page'), recursive: false },
    { dir: path.join(root, 'assets'), recursive: false },
  ]
}

let identity: string | undefined

/**
 * bbl's version and a digest of its own code, page scripts and styles (fonts and
 * bundled libraries aside: they come with the version). A build made by other
 * code is another build, in a checkout being edited as after an upgrade. Read
 * once per process (about 170 small files).
 */
export function codeIdentity(): string {
  if (identity) return identity
  const h = createHash('sha256').update(version)
  for (const { dir, recursive } of codeFolders()) {
    let names: string[]
    try {
      names = readdirSync(dir, { recursive, encoding: 'utf8' }).filter((n) => /\.(js|ts|css)$/.test(n) && !n.endsWith('.d.ts')).sort()
    } catch {
      continue
    }
    for (const n of names) h.update(n).update(readFileSync(path.join(dir, n)))
  }
  identity = `${version}+${h.digest('hex').slice(0, 16)}`
  return identity
}
