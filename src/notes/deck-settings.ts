/**
 * Deck-wide settings asciidoctor-reveal.js documents (document attributes). bbl
 * honours some of them elsewhere (`:title-slide-background-*:`, `:notitle:`,
 * `:sectnums:`, `:source-highlighter:`, `:imagesdir:`); the page, its theme and
 * reveal.js's configuration are bbl's own, so the others are reported, once each,
 * by name, rather than silently ignored. The README lists which is which.
 */
import type { Warning } from '../core/warning.js'

/** What bbl does instead, for the settings it does not follow. */
const INSTEAD: Array<[RegExp, string]> = [
  [/^revealjs_(theme|customtheme)$/, 'bbl uses its own theme: pick one with --theme'],
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
    const why = INSTEAD.find(([re]) => re.test(name))?.[1]
    if (why) out.push({ code: 'UNSUPPORTED', message: `:${name}: is not followed: ${why}` })
  }
  return out
}
