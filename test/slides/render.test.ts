/**
 * Slide plan → HTML (src/slides/render.ts), for what issue 7 asks of split slides:
 * every part carries the speaker notes, and the footnotes of its own text.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FlowSlide } from '../../src/slides/spec.js'
import { brandHtml, expandSlides, type Fitted, flowSkeleton } from '../../src/slides/render.js'

const ref = (n: number) => `<sup class="footnote" data-footnote="${n}">[${n}]</sup>`
const spec: FlowSlide = {
  type: 'flow',
  kicker: 'A talk',
  title: 'Notes',
  group: 'g',
  blocks: [`<div class="paragraph"><p>One.${ref(1)}</p></div>`, `<div class="paragraph"><p>Two.${ref(2)} Again.${ref(1)}</p></div>`, '<div class="paragraph"><p>Three.</p></div>'],
  footnotes: [
    { n: 1, html: 'First note.' },
    { n: 2, html: 'Second <em>note</em>.' },
  ],
  classes: ['bbl-content'],
  attrs: {},
  notes: ['<aside class="notes"><p>Say it slowly.</p></aside>'],
}
// As the paginator split it: one block per slide.
const fitted = (): Fitted => ({ type: 'flow', pages: spec.blocks.map((b) => [b]) })

describe('a flow split over several slides', () => {
  const slides = expandSlides([spec], fitted)

  it('puts the speaker notes on every part', () => {
    assert.equal(slides.length, 3)
    for (const s of slides) assert.match(s, /<aside class="notes"><p>Say it slowly\.<\/p><\/aside><\/section>$/)
  })

  it('shows at the foot of each part exactly the footnotes its text references', () => {
    const foot = (s: string) => [...s.matchAll(/<p class="bbl-footnote" data-footnote="(\d+)"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => [Number(m[1]), m[2]])
    assert.deepEqual(foot(slides[0]!), [[1, '<span class="bbl-fn-n">1.</span> First note.']])
    assert.deepEqual(foot(slides[1]!), [
      [1, '<span class="bbl-fn-n">1.</span> First note.'],
      [2, '<span class="bbl-fn-n">2.</span> Second <em>note</em>.'],
    ])
    assert.doesNotMatch(slides[2]!, /bbl-footnotes/)
  })

  it('measures in a skeleton holding every footnote, hidden until the paginator shows it', () => {
    const skeleton = flowSkeleton(spec)
    assert.match(skeleton, /<div class="bbl-footnotes" hidden>/)
    assert.equal((skeleton.match(/<p class="bbl-footnote" data-footnote="\d+" dir="auto" hidden>/g) ?? []).length, 2)
  })

  it('adds nothing to a slide without footnotes', () => {
    const plain = { ...spec, footnotes: undefined }
    assert.doesNotMatch(flowSkeleton(plain) + expandSlides([plain], fitted).join(''), /bbl-footnote/)
  })
})

describe("a flow whose title has a footnote (== Notes footnote:[…])", () => {
  const titled: FlowSlide = { ...spec, title: `Notes${ref(3)}`, footnotes: [...spec.footnotes!, { n: 3, html: 'On the title.' }] }
  const nums = (s: string) => [...s.matchAll(/<p class="bbl-footnote" data-footnote="(\d+)"/g)].map((m) => Number(m[1]))

  it('shows the title\'s footnote at the foot of every part, which all show the title', () => {
    const slides = expandSlides([titled], fitted)
    assert.deepEqual(slides.map(nums), [[1, 3], [1, 2, 3], [3]])
  })

  it('shows none for a title the author hid', () => {
    const hidden = { ...titled, classes: [...titled.classes, 'bbl-notitle'] }
    assert.deepEqual(expandSlides([hidden], fitted).map(nums), [[1], [1, 2], []])
  })
})

describe('branding on the slides', () => {
  const brand = { logo: 'assets/brand/logo.svg', footer: 'Acme <internal>' }
  it('puts the footer, escaped, and the small logo in a band on every split part; nothing without a brand', () => {
    const parts = expandSlides([spec], fitted, brand)
    assert.ok(parts.length > 1, 'parts.length > 1')
    for (const p of parts) {
      assert.match(p, /<div class="bbl-brand"><img class="bbl-logo" src="assets\/brand\/logo\.svg" alt=""><p class="bbl-footer" dir="auto">Acme &lt;internal&gt;<\/p><\/div>/)
    }
    assert.doesNotMatch(expandSlides([spec], fitted).join(''), /bbl-brand/)
    assert.doesNotMatch(flowSkeleton(spec), /bbl-brand/, 'the fitter measures with the room the CSS keeps, not the band')
  })
  it('shows the logo large on covers, and the band without it', () => {
    assert.match(brandHtml(brand, true), /^\n<img class="bbl-logo bbl-logo-cover"[^>]*><div class="bbl-brand"><p class="bbl-footer"/)
    assert.equal(brandHtml(undefined, true), '')
    assert.doesNotMatch(brandHtml({ footer: 'x' }, true), /<img/)
  })
})
