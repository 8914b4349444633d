/**
 * Branding (issue 12): a logo and a footer text on every slide. They come from the
 * theme folder (`logo.svg` or `logo.png`, `footer.txt`) unless the notes set
 * `:bbl-logo:` (a path relative to the notes) or `:bbl-footer:`. The logo is copied
 * into the deck folder (assets/brand/) and shown as an <img>: nothing is fetched,
 * and an SVG's scripts never run.
 */
import { existsSync } from 'node:fs'
import { copyFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Warning } from '../core/warning.js'
import type { NotesDoc } from '../notes/model.js'
import type { SlideSpec } from '../slides/spec.js'
import type { Brand } from '../slides/render.js'
import type { ResolvedTheme } from './theme.js'

/** The logo's source file, or a warning saying why the notes' one is not used. */
export function logoSource(doc: NotesDoc, theme: ResolvedTheme, docdir: string): { file?: string; warning?: Warning } {
  const given = doc.brand?.logo
  if (!given) return theme.logo ? { file: theme.logo } : {}
  if (/^[a-z][\w+.-]*:/i.test(given)) return { warning: { code: 'THEME', message: `:bbl-logo: ${given} is not fetched (decks never request the network); put the file next to the notes` } }
  const file = path.resolve(docdir, given)
  if (!/\.(svg|png)$/i.test(file)) return { warning: { code: 'THEME', message: `:bbl-logo: ${given} is neither an .svg nor a .png file; no logo` } }
  if (!existsSync(file)) return { warning: { code: 'THEME', message: `:bbl-logo: ${given} not found (paths are relative to the notes); no logo` } }
  return { file }
}

/** The deck's branding, its logo copied into `dir`/assets/brand; none when neither the theme nor the notes have any. */
export async function prepareBrand(doc: NotesDoc, theme: ResolvedTheme, docdir: string, dir: string): Promise<{ brand?: Brand; warnings: Warning[] }> {
  const footer = doc.brand?.footer ?? theme.footer
  const { file, warning } = logoSource(doc, theme, docdir)
  const warnings = warning ? [warning] : []
  if (!file && !footer) return { warnings }
  let logo: string | undefined
  if (file) {
    logo = `assets/brand/logo${path.extname(file).toLowerCase()}`
    await mkdir(path.join(dir, 'assets', 'brand'), { recursive: true })
    await copyFile(file, path.join(dir, logo))
  }
  return { brand: { ...(logo ? { logo } : {}), ...(footer ? { footer } : {}) }, warnings }
}

/**
 * Classes that keep room for the branding on every slide (assets/bbl.css): the
 * fitter measures slides with them, so the band at the foot and the cover's logo
 * never cover content, and the layout cache tells branded slides apart.
 */
export function brandClasses(brand: Brand | undefined): string[] {
  if (!brand) return []
  return ['bbl-branded', ...(brand.logo ? ['bbl-has-logo'] : [])]
}

export function markBranded(specs: Iterable<SlideSpec>, brand: Brand | undefined): void {
  const extra = brandClasses(brand)
  if (extra.length === 0) return
  for (const s of specs) s.classes = [...s.classes, ...extra]
}
