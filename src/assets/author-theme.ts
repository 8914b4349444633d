/**
 * The theme a plain deck's author chose, as asciidoctor-reveal.js documents it:
 * `:revealjs_theme:` (one of reveal.js's bundled themes, used offline) or
 * `:revealjs_customtheme:` (a CSS file beside the notes, cleaned as any theme is).
 * It applies when the notes are a plain deck and no theme was asked for (--theme
 * or the project file's `theme`: they win); conference notes keep bbl's theme.
 * bbl's layout, fitting and fonts stay on top of it (assets/reveal-theme.css).
 */
import path from 'node:path'
import { isBblError } from '../core/error.js'
import type { Warning } from '../core/warning.js'
import type { NotesDoc } from '../notes/model.js'
import { isRemoteUrl } from './css-clean.js'
import { type ResolvedTheme, resolveTheme } from './theme.js'

/** reveal.js's bundled themes (node_modules/reveal.js/dist/theme). */
export const REVEAL_THEMES = ['beige', 'black', 'black-contrast', 'blood', 'dracula', 'league', 'moon', 'night', 'serif', 'simple', 'sky', 'solarized', 'white', 'white-contrast']

export interface DeckThemeOptions {
  /** The theme the run resolved (--theme, the project file, or bbl's). */
  chosen: ResolvedTheme
  /** Whether the user asked for it (--theme or the project file): then it wins. */
  themeChosen: boolean
  /** Conference notes or a plain deck. */
  kind: 'notes' | 'deck'
  /** The notes' folder: a custom theme's path is relative to it. */
  docdir: string
}

/** The theme this notes file's decks get, and what the author is told about theirs (the theme's own warnings are in it). */
export async function deckTheme(doc: Pick<NotesDoc, 'authorTheme'>, o: DeckThemeOptions): Promise<{ theme: ResolvedTheme; warnings: Warning[] }> {
  const asked = doc.authorTheme
  if (!asked || o.themeChosen) return { theme: o.chosen, warnings: [] }
  const name = asked.custom ? ':revealjs_customtheme:' : ':revealjs_theme:'
  const keep = (why: string) => ({ theme: o.chosen, warnings: [{ code: 'UNSUPPORTED' as const, message: `${name} is not followed: ${why}` }] })
  if (o.kind === 'notes') return keep(`conference notes keep bbl's theme; pass --theme ${asked.theme ?? 'FILE.css'} to use it`)
  if (asked.custom) {
    if (isRemoteUrl(asked.custom)) return keep(`"${asked.custom}" is on the network and decks request nothing; save it beside the notes`)
    if (!/\.css$/i.test(asked.custom)) return keep(`"${asked.custom}" is not a .css file`)
    return resolved(path.resolve(o.docdir, asked.custom), o.docdir, keep)
  }
  const theme = asked.theme!.toLowerCase()
  if (!REVEAL_THEMES.includes(theme)) return keep(`"${asked.theme}" is not one of reveal.js's themes (${REVEAL_THEMES.join(', ')})`)
  // Its web fonts are replaced by the bundled ones, as the README says: not worth a warning on every build.
  const bundled = await resolved(theme, o.docdir, keep)
  return bundled.theme === o.chosen ? bundled : { theme: { ...bundled.theme, warnings: [] }, warnings: [] }
}

/** The theme resolved as --theme would resolve it (its own warnings in it); a missing or refused file keeps the run's theme, with a warning. */
async function resolved(spec: string, docdir: string, keep: (why: string) => { theme: ResolvedTheme; warnings: Warning[] }): Promise<{ theme: ResolvedTheme; warnings: Warning[] }> {
  try {
    return { theme: await resolveTheme(spec, docdir), warnings: [] }
  } catch (e) {
    if (isBblError(e)) return keep(e.message)
    throw e
  }
}
