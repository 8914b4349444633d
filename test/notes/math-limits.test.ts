/**
 * Math under limits: a formula MathJax cannot take (a code point past U+10FFFF),
 * one nested or long enough to overflow its stack or run for minutes, is a
 * warning with its line and shows as its source, never exit 1 or a hang; links
 * in a formula keep their target only to the web, mail or the deck.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MATH_LIMITS, typeset } from '../../src/notes/math.js'
import { parseNotes } from '../../src/notes/asciidoc.js'

describe('math under limits', () => {
  for (const [what, source, notation] of [
    ['a code point past U+10FFFF', '\\unicode{1114112}', 'latexmath'],
    ['500 nested braces', `${'{'.repeat(500)}x${'}'.repeat(500)}`, 'latexmath'],
    ['500 nested square roots', `${'\\sqrt{'.repeat(500)}x${'}'.repeat(500)}`, 'latexmath'],
    ['500 nested AsciiMath parentheses', `${'('.repeat(500)}x${')'.repeat(500)}`, 'asciimath'],
    ['200,000 characters of AsciiMath', 'a+b '.repeat(50_000), 'asciimath'],
  ] as const) {
    it(`${what}: an error, the formula shown as its source`, () => {
      const r = typeset(source, notation, false)
      assert.ok(r.error, 'an error to warn about')
      assert.ok(r.svg.startsWith('<code class="bbl-math-source">'), r.svg.slice(0, 80))
      assert.ok(r.svg.includes(source.slice(0, 40).replace(/</g, '&lt;')), "r.svg.includes(source.slice(0, 40).replace(/</g, '&lt;'))")
    })
  }

  it('a formula inside the limits is typeset as before', () => {
    const r = typeset(`${'{'.repeat(20)}x^2${'}'.repeat(20)}`, 'latexmath', false)
    assert.equal(r.error, undefined)
    assert.match(r.svg, /^<svg /)
    assert.ok(MATH_LIMITS.chars >= 1000 && MATH_LIMITS.depth >= 20, 'MATH_LIMITS.chars >= 1000 && MATH_LIMITS.depth >= 20')
  })

  it('keeps links to the web, mail and the deck; others lose their target', () => {
    const { svg } = typeset('\\href{javascript:alert(1)}{a} + \\href{JavaScript:x}{b} + \\href{file:///etc/passwd}{c} + \\href{https://example.org}{d} + \\href{mailto:a@b.c}{e} + \\href{#talk}{f}', 'latexmath', false)
    const hrefs = [...svg.matchAll(/<a\b[^>]*>/g)].map((m) => /href="([^"]*)"/.exec(m[0])?.[1] ?? null)
    assert.deepEqual(hrefs, [null, null, null, 'https://example.org', 'mailto:a@b.c', '#talk'])
    assert.doesNotMatch(svg, /href="\s*(?:javascript|file):/i)
  })

  it('a formula MathJax takes longer than the time limit over: its thread ended, shown as source; the next one typeset', () => {
    const long = 'a+b '.repeat(900)
    const r = typeset(long, 'asciimath', false, { ...MATH_LIMITS, ms: 50 })
    assert.match(r.error ?? '', /took longer than 0.05 s/)
    assert.ok(r.svg.startsWith('<code class="bbl-math-source">a+b a+b'), r.svg.slice(0, 80))
    const next = typeset('x^2', 'latexmath', false)
    assert.equal(next.error, undefined)
    assert.match(next.svg, /^<svg /)
  })

  it('in the notes, past the time limit: a warning with the line, the build goes on', () => {
    const ms = MATH_LIMITS.ms
    MATH_LIMITS.ms = 50
    try {
      const doc = parseNotes(`= Math\n\n== Talks\n\n=== A talk\n\nPrésenté par Ada\n\nasciimath:[${'a+b '.repeat(900)}] is long.\n`, 'slow.adoc')
      assert.deepEqual(doc.warnings.filter((w) => /took longer than/.test(w.message)).map((w) => w.line), [9])
    } finally {
      MATH_LIMITS.ms = ms
    }
  })

  it('in the notes: a warning with the line, and the build goes on', () => {
    const doc = parseNotes(`= Math\n\n== Talks\n\n=== A talk\n\nPrésenté par Ada\n\nlatexmath:[\\unicode{1114112}] and more.\n\nasciimath:[${'('.repeat(300)}x${')'.repeat(300)}]\n`, 'math.adoc')
    const math = doc.warnings.filter((w) => w.message.startsWith('math cannot be typeset'))
    assert.deepEqual(math.map((w) => w.line), [9, 11])
  })
})
