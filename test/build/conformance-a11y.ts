/**
 * axe-core (test/helpers/axe.ts) on every deck of the conformance corpus: each
 * slide shown in turn, in the page test/build/conformance.e2e.test.ts opened to
 * measure the deck (one build, one browser, one visit per deck).
 * Decks that colour their own slides (`:customcss:`, `background-color=` on
 * titles) are held to the same rule: bbl's text colours follow the backgrounds.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { atLeast, byImpact } from '../helpers/axe.js'
import type { ConformanceRun } from '../helpers/conformance.js'

export function a11yRules(run: ConformanceRun): void {
  describe('accessibility: axe-core on every slide of every deck', () => {
    it('no serious or critical violation, on the colours authors chose too', () => {
      const reports = [...run.axe.values()]
      const slides = reports.reduce((s, r) => s + r.slides, 0)
      console.log(`# axe: ${reports.length} decks, ${slides} slides; violations by impact ${JSON.stringify(byImpact(reports))}`)
      assert.equal(reports.length, run.reports.size)
      assert.deepEqual(reports.flatMap((r) => atLeast(r, 'serious')), [])
    })
  })
}
