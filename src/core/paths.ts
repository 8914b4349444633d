/** Where bbl's own files are, whether it runs from src/ (tsx) or lib/ (compiled). */
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const assetsDir = path.join(packageRoot, 'assets')
export const themesDir = path.join(packageRoot, 'themes')

/** A script that runs in the page (src/page/NAME.js): shipped as written, type-checked with tsconfig.page.json. */
export const pageScriptFile = (name: 'deck' | 'live' | 'pdf-page' | 'pptx-read' | 'pptx-fonts' | 'pptx-page' | 'cut' | 'paginate' | 'no-dialogs' | 'mermaid'): string => path.join(packageRoot, 'src', 'page', `${name}.js`)

const require = createRequire(import.meta.url)
/** A notes file's name without its folder and extension: its output folder's name. */
export const notesName = (file: string): string => safeName(path.basename(file).replace(/\.[^.]+$/, ''))

/**
 * A folder name every file system accepts (a deck folder is zipped and mailed):
 * no Windows-reserved characters or names (CON, NUL, COM1…), no trailing dot or space.
 */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this replaces
  let s = name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, '')
  if (/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i.test(s)) s = `${s}_`
  return s || 'notes'
}

/** A path with forward slashes, for manifests and messages that must read the same everywhere. */
export const posix = (p: string): string => p.split(path.sep).join('/')

/** Where a build keeps the measured layouts of a notes file's slides. */
export const fitCacheFile = (outDir: string, name: string): string => path.join(outDir, '.bbl-cache', `${name}.fit.json`)

/** Where a build keeps straightened slide photos, keyed by content (shared by every notes file). */
export const photoCacheDir = (outDir: string): string => path.join(outDir, '.bbl-cache', 'photos')

/** reveal.js's dist/ folder. */
export const revealDist = path.dirname(require.resolve('reveal.js'))

/** A deck's title-slide picture (bbl images makes it; the landing page shows it): `index.html` → `index.thumb.webp`. */
export const thumbFile = (deckFile: string): string => deckFile.replace(/\.html$/, '.thumb.webp')
