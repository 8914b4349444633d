/** Where bbl's own files are, whether it runs from src/ (tsx) or lib/ (compiled). */
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const assetsDir = path.join(packageRoot, 'assets')
export const themesDir = path.join(packageRoot, 'themes')

const require = createRequire(import.meta.url)
/** reveal.js's dist/ folder. */
export const revealDist = path.dirname(require.resolve('reveal.js'))
