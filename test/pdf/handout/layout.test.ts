/** Handout pagination (pure: measured heights in, pages out). */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { geometry, paginate } from '../../../src/pdf/handout/layout.js'
import { type HandoutModel, handoutModel } from '../../../src/pdf/handout/model.js'
import { measureHtml } from '../../../src/pdf/handout/render.js'
import type { Measures } from '../../../src/page/contract.js'
import { labelsFor } from '../../../src/notes/lang.js'
import { parseNotes } from '../../../src/notes/asciidoc.js'
import { mapConference } from '../../../src/notes/conference.js'
import { planDecks } from '../../../src/slides/plan.js'
import type { SlideSpec } from '../../../src/slides/spec.js'
import type { Fitted } from '../../../src/slides/render.js'

describe('handout pagination (src/pdf/handout/layout.ts)', () => {
  const model = (notes: number[][]): HandoutModel => ({
    lang: 'en',
    title: 'Conf',
    titleText: 'Conf',
    labels: labelsFor('en'),
    sections: [{ kind: 'talk', anchor: 'h-t', eyebrow: '', title: 'T', titleText: 'T', meta: '', number: 1, slides: notes.map((_, i) => i) }],
    slides: notes.map((_, i) => ({ html: '', notes: '', label: `S${i}`, background: '' })),
  })
  const measures = (notes: number[][]): Measures => ({
    coverHead: 300,
    toc: [40],
    heads: [90],
    chunks: notes.map((hs) => hs.map((h) => ({ html: '<p>x</p>', h }))),
  })

  it('puts at most N slides on a page, each talk on a page of its own after the cover', () => {
    for (const layout of [1, 2, 3, 6] as const) {
      const notes = Array.from({ length: 7 }, () => [])
      const plan = paginate(model(notes), geometry('a4', layout), measures(notes))
      assert.equal(plan.pages[0]!.kind, 'cover')
      assert.equal(plan.sectionPages[0], 2)
      for (const p of plan.pages.slice(1)) {
        const slides = p.rows.flatMap((r) => r.cells).filter((c) => c.slide !== undefined).length
        assert.ok(slides <= layout, `layout ${layout}: ${slides} slides on a page`)
      }
      assert.equal(plan.pages.length, 1 + Math.ceil(7 / layout), `layout ${layout}`)
    }
  })

  it('continues notes too long for their page on the next one, never past the bottom', () => {
    const geo = geometry('a4', 2)
    const notes = [[], Array.from({ length: 40 }, () => 60), []]
    const plan = paginate(model(notes), geo, measures(notes))
    const placed = plan.pages.flatMap((p) => p.rows.flatMap((r) => r.cells.filter((c) => c.notesOf === 1).flatMap((c) => c.chunks)))
    assert.deepEqual(placed, [...Array(40).keys()], 'every piece once, in order')
    assert.ok(plan.pages.some((p) => p.rows.some((r) => r.cells.some((c) => c.continued))), 'plan.pages.some((p) => p.rows.some((r) => r.cells.some((c) => c.continued)))')
    for (const p of plan.pages) for (const r of p.rows) assert.ok(r.y + r.height <= geo.contentH + 0.01, `row ends at ${r.y + r.height} of ${geo.contentH}`)
    assert.deepEqual(plan.clipped, [])
  })

  it('says when a single piece of notes is taller than a page', () => {
    const notes = [[5000]]
    const plan = paginate(model(notes), geometry('a4', 2), measures(notes))
    assert.deepEqual(plan.clipped, [0])
  })
})

describe("the handout of a talk whose heading has a footnote (issue 7)", () => {
  const doc = parseNotes('= Conf\n\n== Talks\n\n=== Cutting p99 footnote:[Staging only.] - ACME (EN)\n\nPresented by Ann Lee\n\n==== Notes\n\nText.\n', '/tmp/conf.adoc')
  const conf = mapConference(doc)
  const labels = labelsFor('en')
  const recap = planDecks(conf, { labels, images: new Map() })[0]!
  const fitted = (spec: SlideSpec): Fitted => (spec.type === 'flow' ? { type: 'flow', pages: [spec.blocks] } : { type: 'fixed', step: 0 })
  const model = handoutModel(conf, recap, fitted, labels)
  const html = measureHtml(model, geometry('a4', 3))

  it("prints the note's text in the talk's header, which stands for its title slide; the cover's list of talks shows no reference", () => {
    assert.match(html, /<h1 class="h-title">Cutting p99<sup class="footnote" data-footnote="1">\[1\]<\/sup><\/h1>/)
    assert.match(html, /<p class="h-role h-footnote">1\. Staging only\.<\/p>/)
    assert.match(html, /<span class="h-toc-name">Cutting p99<\/span>/)
  })
})

describe("the handout of notes whose own title has a footnote", () => {
  const labels = labelsFor('en')
  const fitted = (spec: SlideSpec): Fitted => (spec.type === 'flow' ? { type: 'flow', pages: [spec.blocks] } : { type: 'fixed', step: 0 })
  const handoutOf = (text: string) => {
    const conf = mapConference(parseNotes(text, '/tmp/conf.adoc'))
    return handoutModel(conf, planDecks(conf, { labels, images: new Map() })[0]!, fitted, labels)
  }

  it("prints the note's text under the title on the first page; talks' eyebrows name the title without it", () => {
    const model = handoutOf('= DevFest 2025 footnote:[Nantes.]\n\n== Talks\n\n=== One\n\nPresented by Ann Lee\n\nText.\n')
    const html = measureHtml(model, geometry('a4', 3))
    assert.match(html, /<h1 class="h-cover-title">DevFest 2025 <sup class="footnote" data-footnote="1">\[1\]<\/sup><\/h1>\s*<p class="h-role h-footnote">1\. Nantes\.<\/p>/)
    assert.ok(model.sections.every((s) => !/footnote|\[1\]/.test(`${s.eyebrow} ${s.title}`)), JSON.stringify(model.sections.map((s) => [s.eyebrow, s.title])))
  })

  it('a plain deck\'s header, which is its title, shows no number either', () => {
    const model = handoutOf('= Plain footnote:[Once.]\n\n== First\n\nText.\n\n== Second\n\nMore.\n')
    assert.ok(model.sections.length > 0, 'model.sections.length > 0')
    for (const s of model.sections) assert.doesNotMatch(`${s.title} ${s.titleText}`, /footnote|\[1\]/)
  })
})
