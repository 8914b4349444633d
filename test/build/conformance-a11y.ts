/**
 * axe-core (test/helpers/axe.ts) on every deck of the conformance corpus: each
 * slide shown in turn, once per deck, in a hook of its own (bounded on its own).
 * Registered by test/build/conformance.e2e.test.ts inside its run (one build,
 * one browser).
 *
 * What the authors wrote themselves stays theirs: a deck whose own stylesheet or
 * slide backgrounds set the colours (AUTHOR_COLOURS) may fail contrast there; that
 * is the author's choice of colours, not bbl's theme, and is listed, not hidden.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { type AxeReport, atLeast, axeDeck, byImpact } from '../helpers/axe.js'
import type { ConformanceRun } from '../helpers/conformance.js'
import { pool } from '../helpers/corpus.js'

/** Decks that colour their own slides (`:customcss:`, `background-color=` on titles): contrast there is the author's. */
const AUTHOR_COLOURS = new Set(['theme-custom'])

export function a11yRules(run: ConformanceRun): void {
  describe('accessibility: axe-core on every slide of every deck', () => {
    const reports: AxeReport[] = []
    before(async () => {
      if (run.build().code !== 0) return
      const t0 = Date.now()
      await pool([...run.reports.keys()], 2, async (n) => {
        reports.push(await axeDeck(run.browser(), run.deck(n)))
      })
      const slides = reports.reduce((s, r) => s + r.slides, 0)
      console.log(`# axe: ${reports.length} decks, ${slides} slides in ${((Date.now() - t0) / 1000).toFixed(1)} s; violations by impact ${JSON.stringify(byImpact(reports))}`)
    })

    it('no serious or critical violation, but contrast on the colours an author chose', () => {
      assert.equal(reports.length, run.reports.size)
      const bad = reports.flatMap((r) => {
        const own = AUTHOR_COLOURS.has(r.file.split('/').at(-2)!)
        return atLeast({ ...r, violations: r.violations.filter((v) => !(own && v.rule === 'color-contrast')) }, 'serious')
      })
      assert.deepEqual(bad, [])
    })
  })
}
