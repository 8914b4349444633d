/**
 * --theme: a theme of ours (themes/<name>/theme.css, in the current folder or
 * bbl's), a reveal.js theme name (white, black, ...), or a CSS file. Whatever it
 * is, it is copied into the deck folder and anything it would fetch from the
 * network is removed, with a warning: decks never request the network.
 */
import { existsSync, statSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { BblError, ExitCode } from '../core/error.js'
import type { Warning } from '../notes/model.js'
import { revealDist, themesDir } from '../core/paths.js'
import { stripRemote } from './css-clean.js'

export interface ResolvedTheme {
  name: string
  /** Files to copy into assets/theme/: [absolute source, relative destination]. */
  files: Array<[string, string]>
  /** The theme's CSS, cleaned of remote references. */
  css: string
  /** A reveal.js theme needs the colour adapter. */
  reveal: boolean
  /** Branding from a theme folder: its `logo.svg` or `logo.png` (absolute path) and the text of its `footer.txt`. */
  logo?: string
  footer?: string
  warnings: Warning[]
  /** Every file whose content or presence decided the theme (absent ones included): a rebuild with all unchanged reuses the output. */
  sources: string[]
}

export async function cleanCss(css: string, source: string): Promise<{ css: string; warnings: Warning[] }> {
  const warnings: Warning[] = []
  const { css: cleaned, removed } = await stripRemote(css)
  if (removed.length > 0) {
    warnings.push({
      code: 'THEME',
      message: `${source}: ${removed.length} reference(s) to the network or outside the theme's folder removed (${removed[0]!.slice(0, 80)}); decks load nothing from elsewhere (bundled fonts are used instead)`,
    })
  }
  return { css: cleaned, warnings }
}

async function folderFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(path.relative(dir, path.join(e.parentPath, e.name)))
  }
  return out.sort()
}

/** A theme folder's logo (logo.svg before logo.png) and footer (footer.txt, its first non-empty line). */
async function themeBrand(dir: string): Promise<{ logo?: string; footer?: string }> {
  const logo = ['logo.svg', 'logo.png'].map((f) => path.join(dir, f)).find((f) => existsSync(f))
  const footerFile = path.join(dir, 'footer.txt')
  const footer = existsSync(footerFile) ? (await readFile(footerFile, 'utf8')).split(/\r?\n/).map((l) => l.trim()).find(Boolean) : undefined
  return { ...(logo ? { logo } : {}), ...(footer ? { footer } : {}) }
}

/** The most CSS a theme may hold: a stylesheet, not a place for fonts or pictures (they go beside it, in its folder). */
export const MAX_THEME_CSS_BYTES = 2 * 1024 * 1024

/** A theme's CSS, refused (exit 2) above MAX_THEME_CSS_BYTES before it is read. */
async function readThemeCss(file: string, shown: string): Promise<string> {
  const size = statSync(file).size
  if (size > MAX_THEME_CSS_BYTES) {
    throw new BblError(`theme ${shown} is ${(size / 1024 / 1024).toFixed(1)} MB of CSS; a theme's CSS may be at most 2 MB: put fonts and pictures beside it, in its folder`, ExitCode.USAGE)
  }
  return readFile(file, 'utf8')
}

export async function resolveTheme(spec: string, cwd: string): Promise<ResolvedTheme> {
  const asPath = path.resolve(cwd, spec)
  if (spec.endsWith('.css')) {
    if (!existsSync(asPath)) throw new BblError(`theme file ${spec} not found; pass a CSS file, a theme in themes/, or a reveal.js theme name`, ExitCode.USAGE)
    const { css, warnings } = await cleanCss(await readThemeCss(asPath, spec), spec)
    return { name: path.basename(spec, '.css'), files: [], css, reveal: /--r-main-color/.test(css), warnings, sources: [asPath] }
  }
  const looked: string[] = []
  for (const dir of [path.join(cwd, 'themes', spec), path.join(themesDir, spec), asPath]) {
    looked.push(path.join(dir, 'theme.css'))
    if (existsSync(path.join(dir, 'theme.css')) && statSync(dir).isDirectory()) {
      const files = (await folderFiles(dir)).filter((f) => f !== 'theme.css').map((f) => [path.join(dir, f), f] as [string, string])
      const { css, warnings } = await cleanCss(await readThemeCss(path.join(dir, 'theme.css'), `themes/${spec}/theme.css`), `themes/${spec}/theme.css`)
      const branding = ['footer.txt', 'logo.svg', 'logo.png'].map((f) => path.join(dir, f))
      return { name: spec, files, css, reveal: false, warnings, ...(await themeBrand(dir)), sources: [...looked, ...files.map(([src]) => src), ...branding] }
    }
  }
  const revealTheme = path.join(revealDist, 'theme', `${spec}.css`)
  if (/^[\w-]+$/.test(spec) && existsSync(revealTheme)) {
    const { css, warnings } = await cleanCss(await readFile(revealTheme, 'utf8'), `reveal.js theme ${spec}`)
    return { name: spec, files: [], css, reveal: true, warnings, sources: [...looked, revealTheme] }
  }
  const builtIn = (await readdir(path.join(revealDist, 'theme'))).filter((f) => f.endsWith('.css')).map((f) => f.slice(0, -4))
  throw new BblError(
    `unknown theme "${spec}"; use bbl, one of reveal.js's (${builtIn.join(', ')}), a folder themes/NAME with a theme.css, or a .css file`,
    ExitCode.USAGE,
  )
}
