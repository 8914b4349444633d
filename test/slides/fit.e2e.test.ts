/**
 * Long and deep notes through the fitter (src/page/paginate.js), end to end: a
 * list longer than many slides, items nested 20 levels deep, a long listing and
 * a long table are built with the CLI and opened in headless Chromium. Every
 * item, line and row must be on the slides exactly once and in order, and no
 * slide may overflow. (How fast this is belongs to `npm run bench`, not here.)
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import { bbl } from '../helpers/cli.js'
import { closeBrowser, inspectDeck, launchBrowser, openDeck, problems } from '../helpers/deck.js'

const WORDS = 'stream broker partition offset consumer replica latency window join state topic schema'.split(' ')
const phrase = (i: number, n = 6) => Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')
const talk = (title: string, body: string) => `= Scale Day\n:lang: en\n\n== Talks\n\n=== ${title} (EN)\n\nPresented by Ada Lovelace\n\n==== Notes\n\n${body}`

const ITEMS = 700
const DEPTH = 20
const LINES = 600
const ROWS = 400
/** A footnote in a section title, long enough to take three lines from each slide the section fills. */
const TITLE_NOTE = `Measured on the staging cluster only, ${phrase(1, 40)}.`
const NOTES: Record<string, string> = {
  'title-footnote': talk('A footnoted heading', Array.from({ length: 60 }, (_, i) => `* Point ${i + 1}: ${phrase(i)}\n`).join('')).replace(
    '==== Notes',
    `==== Notesfootnote:[${TITLE_NOTE}]`,
  ),
  'long-list': talk('Seven hundred things we learned', Array.from({ length: ITEMS }, (_, i) => `* Lesson ${i + 1}: ${phrase(i)}\n`).join('')),
  // Two items a level, down to level 20, then one more item on the way back up at each level.
  'deep-lists': talk(
    'Twenty levels of detail',
    Array.from({ length: DEPTH }, (_, d) => `${'*'.repeat(d + 1)} Level ${d + 1}: ${phrase(d)}\n${'*'.repeat(d + 1)} Level ${d + 1} again: ${phrase(d + 1)}\n`).join('') +
      Array.from({ length: DEPTH }, (_, d) => `${'*'.repeat(DEPTH - d)} Back at level ${DEPTH - d}\n`).join(''),
  ),
  'long-listing': talk('Six hundred lines of logs', `[source,text]\n----\n${Array.from({ length: LINES }, (_, i) => `${String(i + 1).padStart(4, '0')} ${phrase(i, 4)}`).join('\n')}\n----\n`),
  'long-table': talk(
    'Four hundred measurements',
    `[cols="1,3,2",options="header"]\n|===\n| Run | Setup | p99\n${Array.from({ length: ROWS }, (_, i) => `| ${i + 1} | ${phrase(i, 3)} | ${(i * 37) % 1000} ms\n`).join('')}|===\n`,
  ),
}


/** The text of every element matching `selector` on the recap's notes slides, in order. */
async function texts(browser: Browser, file: string, selector: string): Promise<string[]> {
  const { page } = await openDeck(browser, file)
  try {
    return (await page.evaluate(`[...document.querySelectorAll('section.bbl-part-notes ${selector}')].map((e) => e.textContent.trim())`)) as string[]
  } finally {
    await page.close()
  }
}

describe('fitting long and deep notes', () => {
  let tmp = ''
  let out = ''
  let browser: Browser
  let run: { code: number | null; stderr: string }

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-fit-'))
    out = path.join(tmp, 'out')
    for (const [name, text] of Object.entries(NOTES)) await writeFile(path.join(tmp, `${name}.adoc`), text)
    run = await bbl(['build', ...Object.keys(NOTES).map((n) => path.join(tmp, `${n}.adoc`)), '-o', out, '--timeout', '600'])
    browser = await launchBrowser()
  })

  after(async () => {
    await closeBrowser(browser)
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('builds them all with exit code 0 and no warning', () => {
    assert.equal(run.code, 0, run.stderr)
    assert.doesNotMatch(run.stderr, /warning/)
  })

  for (const name of Object.keys(NOTES)) {
    it(`${name}: no slide overflows or shows a problem`, async () => {
      const r = await inspectDeck(browser, path.join(out, name, 'index.html'))
      assert.deepEqual(problems(r), [])
      assert.ok(r.slides.length >= 3, `${r.slides.length} slides`)
    })
  }

  it("title-footnote: every part of the split section shows its title's footnote at its foot, under the title's number", async () => {
    const { page } = await openDeck(browser, path.join(out, 'title-footnote', 'index.html'))
    try {
      const parts = (await page.evaluate(`[...document.querySelectorAll('section.bbl-part-notes')].map((s) => ({
        title: s.querySelector('.bbl-title-text').textContent, foot: s.querySelector('.bbl-footnotes')?.textContent ?? '' }))`)) as Array<{ title: string; foot: string }>
      assert.ok(parts.length >= 2, `${parts.length} parts`)
      for (const p of parts) assert.deepEqual([p.title, p.foot.replace(/\s+/g, ' ')], ['Notes[1]', `1. ${TITLE_NOTE}`])
    } finally {
      await page.close()
    }
  })

  it(`long-list: the ${ITEMS} items are all there once, in order, over many slides`, async () => {
    const items = await texts(browser, path.join(out, 'long-list', 'index.html'), 'li:not(.bbl-cont-text)')
    assert.deepEqual(
      items.map((t) => Number(/^Lesson (\d+):/.exec(t)?.[1])),
      Array.from({ length: ITEMS }, (_, i) => i + 1),
    )
  })

  it(`deep-lists: all ${DEPTH} levels are on the slides, each item once`, async () => {
    // An item's own text, once: not the text a continued item repeats (li.bbl-cont), and
    // joined with its rest when it goes on mid-text on the next slide (li.bbl-cont-text).
    const { page } = await openDeck(browser, path.join(out, 'deep-lists', 'index.html'))
    const pieces = (await page.evaluate(`[...document.querySelectorAll('section.bbl-part-notes li:not(.bbl-cont) > p:first-child')]
      .map((p) => [p.parentElement.classList.contains('bbl-cont-text'), p.textContent.trim()])`)) as Array<[boolean, string]>
    await page.close()
    const own: string[] = []
    for (const [goesOn, t] of pieces) {
      if (goesOn && own.length) own[own.length - 1] = `${own.at(-1)} ${t}`
      else own.push(t)
    }
    const expected = [
      ...Array.from({ length: DEPTH }, (_, d) => [`Level ${d + 1}: ${phrase(d)}`, `Level ${d + 1} again: ${phrase(d + 1)}`]).flat(),
      ...Array.from({ length: DEPTH }, (_, d) => `Back at level ${DEPTH - d}`),
    ]
    assert.deepEqual(own, expected)
  })

  it(`long-listing: the ${LINES} lines are all there once, in order`, async () => {
    const pieces = await texts(browser, path.join(out, 'long-listing', 'index.html'), 'pre')
    const lines = pieces.join('\n').split('\n')
    assert.deepEqual(
      lines.map((l) => Number(l.slice(0, 4))),
      Array.from({ length: LINES }, (_, i) => i + 1),
    )
    assert.ok(pieces.length >= 10, `${pieces.length} pieces`)
  })

  it(`long-table: the ${ROWS} rows are all there once, in order, each piece under the header`, async () => {
    const rows = await texts(browser, path.join(out, 'long-table', 'index.html'), 'table tbody tr > :first-child')
    assert.deepEqual(rows.map(Number), Array.from({ length: ROWS }, (_, i) => i + 1))
    const heads = await texts(browser, path.join(out, 'long-table', 'index.html'), 'table thead tr')
    assert.ok(heads.length >= 10 && heads.every((h) => /Run\s*Setup\s*p99/.test(h)), heads.join(' | '))
  })
})
