/**
 * The sample, slide by slide, as a reader sees it: each deck's file name, then
 * one line per slide (`#/h/v` and its text). test/fixtures/sample-slides.txt
 * holds it as last approved; `npm run update:sample-slides` writes it anew after
 * an intended change (test/shared/update-sample-slides.ts).
 */
import path from 'node:path'
import type { Manifest } from '../../src/core/manifest.js'
import { root } from './cli.js'
import type { DeckReport } from './deck.js'

export const SAMPLE_SLIDES = path.join(root, 'test', 'fixtures', 'sample-slides.txt')

/** The lines of sample-slides.txt for these decks (`reports`: deck file → its inspection). */
export function slideLines(manifest: Manifest, reports: Map<string, DeckReport>): string[] {
  return manifest.decks.flatMap((d) => [`# ${d.file}`, ...reports.get(d.file)!.slides.map((s) => `#/${s.h}/${s.v} ${s.text.replace(/\s+/g, ' ').trim()}`)])
}
