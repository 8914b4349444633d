/**
 * axe-core (test/helpers/axe.ts) on every deck of the conformance corpus: each
 * slide shown in turn, once per deck, in a hook of its own (bounded on its own).
 * Registered by test/build/conformance.e2e.test.ts inside its run (one build,
 * one browser).
 * Decks that colour their own slides (`:customcss:`, `background-color=` on
 * titles) are held to the same rule: bbl's text colours follow the backgrounds.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { type AxeReport, atLeast, axeDeck, byImpact } from '../helpers/axe.js'
import type { ConformanceRun } from '../helpers/conformance.js'
import { pool } from '../helpers/corpus.js'

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

    it('no serious or critical violation, on the colours authors chose too', () => {
      assert.equal(reports.length, run.reports.size)
      assert.deepEqual(reports.flatMap((r) => atLeast(r, 'serious')), [])
    })
  })
}
