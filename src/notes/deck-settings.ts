/**
 * Deck-wide settings asciidoctor-reveal.js documents (document attributes). bbl
 * honours some of them elsewhere (`:title-slide-background-*:`, `:notitle:`,
 * `:sectnums:`, `:source-highlighter:`, `:imagesdir:`); the page, its theme and
 * reveal.js's configuration are bbl's own, so the others are reported, once each,
 * by name, rather than silently ignored. The README lists which is which.
 */
import { decodeEntities } from '../core/text.js'
import type { Warning } from '../core/warning.js'
import type { NotesDoc } from './model.js'

/** What bbl does instead, for the settings it does not follow. */
const INSTEAD: Array<[RegExp, string]> = [
  [/^customcss$/, 'bbl uses its own theme: pass your CSS with --theme FILE.css'],
  [/^docinfo$/, 'docinfo files are not added: decks load only bbl\'s scripts and styles'],
  [/^revealjs_(width|height|margin|minscale|maxscale|center|disablelayout)$/, 'slides are 1280×720 and laid out by bbl so that nothing overflows'],
  [/^revealjs_(plugins?|plugin_\w+|plugins_configuration)$/, 'decks load reveal.js\'s notes (and highlight) plugins only'],
  [/^revealjsdir$|^revealjs_(dependencies|hash|history|fragmentinurl|previewlinks)$/i, 'decks bundle reveal.js 6 with bbl\'s own settings'],
  [/^revealjs_\w+$/, 'reveal.js is configured by bbl'],
]

/** One warning per documented deck setting the notes set and bbl does not follow. */
export function unsupportedSettings(attributes: Record<string, unknown>): Warning[] {
  const out: Warning[] = []
  for (const name of Object.keys(attributes).sort()) {
    // The author's theme is followed in plain decks, or said where it is not (src/assets/author-theme.ts).
    if (name === 'revealjs_theme' || name === 'revealjs_customtheme') continue
    const why = INSTEAD.find(([re]) => re.test(name))?.[1]
    if (why) out.push({ code: 'UNSUPPORTED', message: `:${name}: is not followed: ${why}` })
  }
  return out
}

/** `:revealjs_theme:` and `:revealjs_customtheme:`, as written: the theme a plain deck's author chose (src/assets/author-theme.ts). */
export function authorThemeOf(attrs: Record<string, unknown>): NotesDoc['authorTheme'] {
  const text = (k: string) => (typeof attrs[k] === 'string' && (attrs[k] as string).trim() ? (attrs[k] as string).trim() : undefined)
  const theme = text('revealjs_theme')
  const custom = text('revealjs_customtheme')
  return theme || custom ? { ...(theme ? { theme } : {}), ...(custom ? { custom } : {}) } : undefined
}

/** `:notitle:` and `:title-slide-background-*:` (as the converter documents them) → the title slide's settings. */
export function titleSlideOf(attrs: Record<string, unknown>): NotesDoc['titleSlide'] {
  const attributes: Record<string, string> = {}
  for (const [k, v] of Object.entries(attrs)) {
    const m = /^title-slide-(background(?:-[\w-]+)?|transition(?:-speed)?|state)$/.exec(k)
    if (m && typeof v === 'string') attributes[m[1]!] = v
  }
  return { hidden: 'notitle' in attrs, attributes }
}

/** `:bbl-talks: 3`: the sections written `===` are the talks; anything else is said and ignored. */
export function talkLevelOf(v: unknown, warnings: Warning[]): { talkLevel?: number } {
  if (v === undefined || v === null || typeof v !== 'string') return {}
  const n = Number(v.trim())
  if (Number.isInteger(n) && n >= 2 && n <= 6) return { talkLevel: n }
  warnings.push({ code: 'UNSUPPORTED', message: `:bbl-talks: takes the number of = of the talks' headings (2 to 6, e.g. 3 for === sections), not "${v}"; ignored` })
  return {}
}

/**
 * The author as text, and their address. `:author: Ada <ada@example.org>` reaches
 * bbl escaped (`Ada &lt;ada@example.org&gt;`) and not split, unlike an author line:
 * the name is shown, the address kept apart.
 */
export function authorOf(author: unknown, email: unknown): { author?: string; email?: string } {
  const text = typeof author === 'string' ? decodeEntities(author).trim() : ''
  const given = typeof email === 'string' && email.trim() ? email.trim() : undefined
  const m = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(text)
  const name = (m ? m[1]! : text).trim()
  return { ...(name ? { author: name } : {}), ...((given ?? m?.[2]) ? { email: given ?? m![2] } : {}) }
}
