/**
 * What the conformance test (test/build/conformance.e2e.test.ts) reads in every deck
 * of the corpus, and the ids Asciidoctor gives its sections.
 */
import { createRequire } from 'node:module'
import type { Browser } from 'puppeteer-core'
import type { Run } from './cli.js'
import type { AxeReport } from './axe.js'
import type { DeckReport } from './deck.js'

const require = createRequire(import.meta.url)

/** The conformance run, as the rules registered in it see it (the values exist once its `before` ran). */
export interface ConformanceRun {
  build(): Run
  reports: Map<string, DeckReport>
  /** axe-core's report on every deck, read in the same visit as its DeckReport. */
  axe: Map<string, AxeReport>
  /** Run `fn` in the open deck `name` (reveal.js ready), return its result. */
  inDeck<T>(name: string, fn: string): Promise<T>
  /** Where the decks were built (one folder per deck), and where their PDFs were printed. */
  outDir(): string
  pdfDir(): string
  /** The run's browser, and the built deck of `name`. */
  browser(): Browser
  deck(name: string): string
}

export interface Facts {
  links: number
  badLinks: string[]
  /** Ids of slides and of the anchors on them (a section with no slide of its own lands on the next). */
  slideIds: string[]
  dupIds: string[]
  wording: string[]
  /** Ids of bbl's own slides (cover, agenda, closing). */
  ownIds: string[]
  /** Listing blocks in order: how many lines, and whether each continues the one before (a split). */
  listings: Array<{ lines: number; cont: boolean }>
}

export const FACTS = `(() => {
  const links = [...document.querySelectorAll('.slides a[href^="#"]')].map((a) => a.getAttribute('href'))
  const badLinks = links.filter((h) => {
    const id = decodeURIComponent(h.startsWith('#/') ? h.slice(2).split('/')[0] : h.slice(1))
    const el = id && document.getElementById(id)
    return !el || !el.closest('.slides section')
  })
  const all = [...document.querySelectorAll('[id]')].map((e) => e.id)
  const slideIds = [...document.querySelectorAll('.slides section[id], .slides section .bbl-anchor')].map((e) => e.id)
  const wording = [...document.querySelectorAll('.bbl-eyebrow, .bbl-closing, .bbl-head .bbl-kicker')].map((e) => e.className + ': ' + e.textContent.trim().slice(0, 40))
  // A listing with highlight steps is a table of lines once reveal.js's highlight plugin has run (its first copy counts).
  const lineCount = (pre) => pre.querySelector(':scope > code > table')?.rows.length ?? (pre.textContent.replace(/\\n$/, '').match(/\\n/g) ?? []).length + 1
  const listings = [...document.querySelectorAll('.slides .listingblock, .slides .literalblock')].map((b) => ({
    lines: lineCount(b.querySelector('pre')),
    cont: b.classList.contains('bbl-cont-block') }))
  const ownIds = [...document.querySelectorAll('section.bbl-cover-conference, section.bbl-agenda-slide, section.bbl-closing')].map((s) => s.id)
  return { links: links.length, badLinks, slideIds, dupIds: all.filter((x, i) => all.indexOf(x) !== i), wording, listings, ownIds }
})()`

/** The ids Asciidoctor gives the slides' sections (levels 1 and 2) of an AsciiDoc text. */
export function sectionIds(text: string): string[] {
  const ad = (require('@asciidoctor/core') as () => { load: (t: string, o: object) => { findBy(q: object): Array<{ getId(): string; getLevel(): number }> } })()
  // With the reveal.js converter, as bbl reads notes: a title's footnote number is part of its id.
  ;(require('@asciidoctor/reveal.js') as { register: () => void }).register()
  // The converter counts footnotes across documents: start from zero, as bbl does for each notes file.
  const opal = (globalThis as unknown as { Opal: { Object: { $new(): { $extend(m: unknown): void; $clear_slide_footnotes(): void } }; Asciidoctor: { Revealjs: { Converter: { Helpers: unknown } } } } }).Opal
  const any = opal.Object.$new()
  any.$extend(opal.Asciidoctor.Revealjs.Converter.Helpers)
  any.$clear_slide_footnotes()
  return ad
    .load(text, { safe: 'safe', backend: 'revealjs', standalone: true })
    .findBy({ context: 'section' })
    .filter((s) => s.getLevel() >= 1 && s.getLevel() <= 2)
    .map((s) => s.getId())
    .filter((id) => typeof id === 'string' && id !== '') // `== !` has none
}
