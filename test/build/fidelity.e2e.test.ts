/**
 * Issue 7, points 1-4, 8 and 9, end to end: notes written the ways people write
 * them (test/fixtures/footnotes, title-footnotes, speaker-notes, math, speakers, short-english)
 * are built with the CLI (`bbl pdf`), their decks opened in headless Chromium
 * (test/helpers/deck.ts), their PDFs read with pdftotext. What Asciidoctor's own
 * HTML5 converter makes of the same notes is the reference for footnote texts
 * and numbers.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import type { Manifest } from '../../src/core/manifest.js'
import { decodeEntities, htmlToText } from '../../src/core/text.js'
import { root } from '../helpers/cli.js'
import { type Shared, shared } from '../helpers/shared.js'
import { closeBrowser, type DeckReport, inspectDeck, launchBrowser, openSpeakerView, problems } from '../helpers/deck.js'

const require = createRequire(import.meta.url)
const FIXTURES = ['footnotes', 'title-footnotes', 'speaker-notes', 'math', 'speakers', 'short-english']


const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 }).toString().normalize('NFKC')
/** Whitespace (and pdftotext's line breaks and hyphenation) does not matter when looking for a sentence. */
const flat = (s: string) => s.replace(/\s+/g, ' ')
const has = (text: string, sentence: string) => flat(text).includes(flat(sentence))

/** Footnotes as Asciidoctor's HTML5 converter numbers them: the references in order, and each text. */
function asciidoctorFootnotes(adoc: string): { refs: number[]; texts: Map<number, string> } {
  const ad = require('@asciidoctor/core')() as { load: (t: string, o: object) => { convert(): string } }
  const html = ad.load(adoc, { safe: 'safe', backend: 'html5' }).convert()
  const refs = [...html.matchAll(/<sup class="footnote(?:ref)?"[^>]*>\[<a[^>]*>(\d+)<\/a>\]<\/sup>/g)].map((m) => Number(m[1]))
  const texts = new Map(
    [...html.matchAll(/<div class="footnote" id="_footnotedef_(\d+)">\s*<a[^>]*>\d+<\/a>\.\s*([\s\S]*?)\s*<\/div>/g)].map((m) => [Number(m[1]), decodeEntities(htmlToText(m[2]!))]),
  )
  return { refs, texts }
}

/** The deck's slides as HTML, in order (vertical stacks flattened). */
const sections = (html: string) => [...html.matchAll(/<section(?![^>]*bbl-stack)[^>]*>([\s\S]*?)<\/section>/g)].map((m) => m[0])

describe('fidelity: footnotes, speaker notes, math, speakers, language', () => {
  /** The fixtures' shared `bbl pdf` run (test/helpers/shared.ts): read only. */
  let built: Shared
  let browser: Browser
  const reports = new Map<string, DeckReport>()
  const out = (name: string, file = 'index.html') => path.join(built.out, name, file)

  before(async () => {
    const launching = launchBrowser()
    built = await shared('fixtures')
    browser = await launching
    if (built.run.code !== 0) return
    for (const name of FIXTURES) reports.set(name, await inspectDeck(browser, out(name)))
  })

  after(() => closeBrowser(browser))

  it('builds every fixture and its PDFs with no warning', () => {
    assert.equal(built.run.code, 0, built.run.stderr)
    for (const name of FIXTURES) assert.doesNotMatch(built.run.stderr, new RegExp(`${name}\\.adoc:.*warning`))
  })

  it('every deck: no overflow, small or faint text, overlap, outside request or page error', () => {
    for (const name of FIXTURES) assert.deepEqual(problems(reports.get(name)!), [], name)
  })

  describe('1. footnotes', () => {
    it('are numbered as Asciidoctor numbers them, and each slide shows the texts of those it references', async () => {
      const adoc = await readFile(path.join(root, 'test/fixtures/footnotes.adoc'), 'utf8')
      const want = asciidoctorFootnotes(adoc)
      assert.ok(want.texts.size >= 7, 'want.texts.size >= 7')
      const html = await readFile(out('footnotes'), 'utf8')
      const refs: number[] = []
      let withFoot = 0
      for (const s of sections(html)) {
        const body = /<div class="bbl-body[^"]*">([\s\S]*?)<\/div>\s*(?:<div class="bbl-footnotes">|$)/.exec(s)?.[0] ?? s
        const here = [...body.matchAll(/<sup class="footnote" data-footnote="(\d+)">\[(\d+)\]<\/sup>/g)].map((m) => Number(m[2]))
        refs.push(...here)
        const foot = [...s.matchAll(/<p class="bbl-footnote" data-footnote="(\d+)"[^>]*><span class="bbl-fn-n">\d+\.<\/span> ([\s\S]*?)<\/p>/g)]
        assert.deepEqual(foot.map((m) => Number(m[1])), [...new Set(here)].sort((a, b) => a - b), 'the foot lists exactly the footnotes of the slide')
        for (const [, n, text] of foot) assert.equal(decodeEntities(htmlToText(text!)), want.texts.get(Number(n)), `footnote ${n}`)
        if (foot.length) withFoot++
      }
      assert.deepEqual(refs, want.refs)
      assert.ok(withFoot >= 3, `${withFoot} slides with footnotes`)
    })

    it('counts for fitting: the long section is split and each part carries its own footnotes', () => {
      const parts = reports.get('footnotes')!.slides.filter((s) => s.title === 'Long write-up')
      assert.ok(parts.length >= 2, `${parts.length} parts`)
      assert.ok(parts.every((p) => /\[\d+\]/.test(p.text) && /\n\d+\. /.test(p.text)), 'every part shows references and their texts')
    })

    it('are in the slide PDF and the handout', async () => {
      const { texts } = asciidoctorFootnotes(await readFile(path.join(root, 'test/fixtures/footnotes.adoc'), 'utf8'))
      for (const pdf of ['footnotes.pdf', 'footnotes-handout.pdf']) {
        const text = pdfText(out('footnotes', pdf))
        for (const t of texts.values()) assert.ok(has(text, t), `${pdf}: "${t}"`)
      }
    })
  })

  describe('1. footnotes in titles (a topic\'s, a talk\'s heading, a talk\'s section)', () => {
    const TITLES: Array<[string, string]> = [
      ['Overview', 'Counted from the badge scans, not the registrations.'],
      ['Streaming joins at scale', 'Recorded; the video is on the conference site.'],
      ['Notes', 'Written during the talk, checked against the slides afterwards.'],
    ]
    /** The slide's foot: number → text, as shown. */
    const foot = (text: string) => new Map([...text.matchAll(/(?:^|\n)(\d+)\. ([^\n]+)/g)].map((m) => [m[1]!, m[2]!.trim()]))

    it('are at the foot of every slide that shows the title, under the number the title shows; no number stands for two notes', () => {
      const slides = reports.get('title-footnotes')!.slides
      const seen = new Map<string, string>()
      for (const [title, note] of TITLES) {
        const showing = slides.filter((s) => new RegExp(`^${title}\\[\\d+\\]`).test(s.title))
        assert.ok(showing.length >= (title === 'Notes' ? 2 : 1), `${title}: ${showing.length} slides`)
        for (const s of showing) {
          const n = /\[(\d+)\]/.exec(s.title)![1]!
          assert.equal(foot(s.text).get(n), note, `${title} #/${s.h}/${s.v}: footnote ${n}`)
        }
      }
      for (const s of slides) {
        for (const [n, note] of foot(s.text)) {
          assert.equal(seen.get(n) ?? note, note, `footnote ${n}`)
          seen.set(n, note)
        }
      }
      assert.deepEqual([...seen.keys()].map(Number).sort((a, b) => a - b), [1, 2, 3, 4, 5], 'numbered 1 to 5 in the notes\' order')
    })

    it('are in the slide PDF and the handout', () => {
      for (const pdf of ['title-footnotes.pdf', 'title-footnotes-handout.pdf']) {
        const text = pdfText(out('title-footnotes', pdf))
        for (const [title, note] of TITLES) assert.ok(has(text, note), `${pdf}: ${title}'s "${note}"`)
      }
    })
  })

  describe('2 and 3. speaker notes', () => {
    const FORMS = [
      ['Abstract', 'Open-block notes: start with the invoice slide, it gets a laugh.'],
      ['Sampling', 'Sidebar notes: ask the room who runs tail sampling in production.'],
      ['Retention', 'Admonition notes: mention the legal hold exception.'],
    ] as const

    it('all three forms reach the speaker view', async () => {
      const slides = reports.get('speaker-notes')!.slides
      for (const [title, notes] of FORMS) {
        const s = slides.find((x) => x.title === title)!
        const sv = await openSpeakerView(browser, out('speaker-notes'), { h: s.h, v: s.v })
        assert.ok(sv.opened, title)
        assert.ok(has(sv.notes ?? '', notes), `${title}: speaker view shows "${sv.notes}"`)
      }
    })

    it('all three forms reach the handout', () => {
      const text = pdfText(out('speaker-notes', 'speaker-notes-handout.pdf'))
      for (const [, notes] of FORMS) assert.ok(has(text, notes), notes)
    })

    it('every part of a split slide has its notes in the speaker view', async () => {
      const parts = reports.get('speaker-notes')!.slides.filter((s) => s.title === 'Everything she said')
      assert.ok(parts.length >= 2, `${parts.length} parts`)
      for (const p of parts) {
        const sv = await openSpeakerView(browser, out('speaker-notes'), { h: p.h, v: p.v })
        assert.ok(has(sv.notes ?? '', 'Long-section notes: this section spans several slides'), `part #/${p.h}/${p.v}: "${sv.notes}"`)
      }
    })
  })

  describe('4. math', () => {
    it('is static SVG: no TeX delimiters, no script or request for it', async () => {
      for (const file of ['index.html', 'sorting-at-scale.html']) {
        const html = await readFile(out('math', file), 'utf8')
        assert.doesNotMatch(html, /\\\(|\\\[|\\\$/, file)
        assert.ok((html.match(/<span class="bbl-math"><svg /g) ?? []).length >= 8, `${file}: inline formulas`)
        assert.ok((html.match(/<div class="content bbl-math-block"><svg /g) ?? []).length >= 2, `${file}: block formulas`)
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
        assert.ok(scripts.every((s) => /src="assets\/(reveal|deck|no-dialogs)/.test(s) && !/math/i.test(s)), scripts.join(' '))
      }
      const r = reports.get('math')!
      assert.deepEqual([...r.outside, ...r.failed], [])
    })

    it('is measured like any block (nothing leaves the slide) and present as text in both PDFs, without delimiters', () => {
      assert.deepEqual(problems(reports.get('math')!), [])
      for (const pdf of ['math.pdf', 'math-handout.pdf']) {
        const text = pdfText(out('math', pdf))
        assert.doesNotMatch(text, /\\\(|\\\[|\\\$/, pdf)
        for (const f of ['O(n \\log n)', '\\Omega(n \\log n)', 'sum_(i=1)^n i', 'sqrt(a^2 + b^2) <= a + b']) assert.ok(has(text, f), `${pdf}: ${f}`)
      }
    })
  })

  it('8. speakers and their companies, from every form', async () => {
    const m = JSON.parse(await readFile(out('speakers', 'manifest.json'), 'utf8')) as Manifest
    assert.deepEqual(
      m.decks.filter((d) => d.kind === 'talk').map((d) => [d.speakers, d.company]),
      [
        [['Ada Park', 'Ben Stone'], 'Initech, Umbrella'],
        [['Chloé Martin'], 'Zalando'],
        [['Dana Lee', 'Eli Novak'], 'Fastly, Cloudflare'],
        [['Farah Khan', 'Gus Weber'], 'Grafana Labs'],
      ],
    )
    const slides = reports.get('speakers')!.slides
    assert.ok(slides.some((s) => /Ada Park \(Initech\) and Ben Stone \(Umbrella\)/.test(s.text)), 'title slide names each speaker with their company')
    assert.ok(slides.some((s) => /Patroni handles failover/.test(s.text)), 'content attached to a speaker entry stays on the slides')
  })

  it('9. short English text gets English labels', async () => {
    const html = await readFile(out('short-english'), 'utf8')
    assert.match(html, /<html lang="en">/)
    const m = JSON.parse(await readFile(out('short-english', 'manifest.json'), 'utf8')) as Manifest
    assert.equal(m.lang, 'en')
    assert.ok(reports.get('short-english')!.slides.some((s) => /Thank you!/.test(s.text)), "reports.get('short-english')!.slides.some((s) => /Thank you!/.test(s.text))")
  })
})
