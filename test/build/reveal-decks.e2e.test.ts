/**
 * Decks written for asciidoctor-reveal.js (points 4, 5 and 7 of its issue), built
 * with the CLI and opened from disk in headless Chromium at 1280×720:
 *
 * - raw embeds (test/fixtures/raw-media.adoc): players and pages in raw HTML are
 *   link cards, local media in raw HTML is copied and plays, a background video
 *   next to the notes is found, a warning from an include names it; no request
 *   leaves the deck's folder;
 * - sizes (author-sizes.adoc): pictures the author sized show at that size, scaled
 *   from the converter's slide (within 5 %), unsized ones are photo slides, a
 *   picture in a title is copied and drawn;
 * - splitting (splitting.adoc): long paragraphs cut only at sentence ends outside
 *   inline code, no part carried over with fewer than three lines;
 * - small things (small-things.adoc): each checked in the rendered deck.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'puppeteer-core'
import sharp from 'sharp'
import { bbl, type Run } from '../helpers/cli.js'
import { closeBrowser, launchBrowser, type OpenDeck, openDeck } from '../helpers/deck.js'

const FIXTURES = ['raw-media', 'author-sizes', 'splitting', 'small-things']

/** The slides of the open deck: [h, v] and the slide's title text. */
async function slides(page: Page): Promise<Array<{ h: number; v: number; title: string; id: string }>> {
  return (await page.evaluate(`Reveal.getSlides().map((s) => { const i = Reveal.getIndices(s); return { h: i.h, v: i.v || 0, id: s.id, title: ((s.querySelector('.bbl-title-text, .bbl-cover-title') || {}).textContent || '').trim() } })`)) as Array<{
    h: number
    v: number
    title: string
    id: string
  }>
}

async function show(page: Page, title: string): Promise<void> {
  const at = (await slides(page)).find((s) => s.title === title)
  assert.ok(at, `no slide titled ${title}`)
  await page.evaluate(`Reveal.slide(${at.h}, ${at.v})`)
}

describe('decks written for asciidoctor-reveal.js', () => {
  let tmp: string
  let out: string
  let browser: Browser
  let build: Run
  const decks = new Map<string, OpenDeck>()

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-reveal-decks-'))
    out = path.join(tmp, 'out')
    // All are plain decks (--as deck): the splitting fixture's sections would otherwise read as talks.
    build = await bbl(['build', '--as', 'deck', ...FIXTURES.map((f) => `test/fixtures/${f}.adoc`), '--out', out])
    browser = await launchBrowser()
    for (const f of FIXTURES) {
      const deck = await openDeck(browser, path.join(out, f, 'index.html'))
      await deck.page.evaluate("Reveal.configure({ transition: 'none', backgroundTransition: 'none' })")
      decks.set(f, deck)
    }
  })

  after(async () => {
    await closeBrowser(browser)
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('builds, and no deck requests anything outside its folder nor fails to load a file', () => {
    assert.equal(build.code, 0, build.stderr)
    for (const [f, { log }] of decks) {
      assert.deepEqual(log.outside, [], f)
      assert.deepEqual(log.failed, [], f)
      assert.deepEqual(log.errors, [], f)
    }
  })

  describe('raw embeds and media', () => {
    it('shows raw players and pages as link cards, never as iframes', async () => {
      const { page } = decks.get('raw-media')!
      assert.equal(await page.evaluate(`document.querySelectorAll('iframe').length`), 0)
      const cards = (await page.evaluate(`[...document.querySelectorAll('.bbl-link-card')].map((c) => [c.querySelector('.bbl-link-card-label').textContent, c.querySelector('a').href])`)) as string[][]
      assert.deepEqual(cards, [
        ['YouTube · Video online', 'https://www.youtube.com/watch?v=rPQoq7ThGAU'],
        ['Web page', 'https://giphy.com/embed/3o7TKSjRrfIPjeiVyM'],
      ])
    })
    it('copies local media written in raw HTML and plays it from the deck folder', async () => {
      const { page } = decks.get('raw-media')!
      await show(page, 'A local video in raw HTML')
      const players = (await page.evaluate(`[...document.querySelectorAll('section.present video, section.present audio')].map((m) => [m.tagName, m.getAttribute('src'), m.loop])`)) as unknown[][]
      assert.deepEqual(players, [
        ['VIDEO', 'media/failover-drill.webm', true],
        ['AUDIO', 'media/pager-alert.wav', false],
      ])
      const video = await page.waitForFunction(`document.querySelector('section.present video').readyState >= 1 && document.querySelector('section.present video').videoWidth`, { timeout: 10_000 })
      assert.ok(Number(await video.jsonValue()) > 0, 'the copied video has frames')
      for (const f of ['failover-drill.webm', 'pager-alert.wav']) assert.ok((await stat(path.join(out, 'raw-media', 'media', f))).size > 0, f)
    })
    it('finds a background video next to the notes (after where :imagesdir: points), copied once', async () => {
      const { page } = decks.get('raw-media')!
      const bg = await page.evaluate(`document.querySelector('[data-background-video]')?.getAttribute('data-background-video')`)
      assert.equal(bg, 'media/failover-drill.webm')
      await assert.rejects(stat(path.join(out, 'raw-media', 'media', 'failover-drill-2.webm')))
      assert.doesNotMatch(build.stderr, /video not found: media\/failover-drill/)
    })
    it('names the included file and its line in a warning from it', () => {
      assert.match(build.stderr, /raw-media\.adoc: warning: raw-media\/part\.adoc:5: video not found: media\/not-there\.mp4/)
    })
  })

  describe('sizes the author gave', () => {
    /** Drawn size of the picture with this alt text, in slide px (reveal.js scales the slide to the window). */
    async function drawn(page: Page, alt: string): Promise<{ width: number; height: number; loaded: boolean }> {
      return (await page.evaluate(`(() => {
        const img = [...document.querySelectorAll('img')].find((i) => i.alt === ${JSON.stringify(alt)})
        const r = img.getBoundingClientRect()
        return { width: r.width / Reveal.getScale(), height: r.height / Reveal.getScale(), loaded: img.complete && img.naturalWidth > 0 }
      })()`)) as { width: number; height: number; loaded: boolean }
    }
    const near = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) <= want * 0.05, `${what}: ${got.toFixed(1)} px, expected ${want.toFixed(1)} (±5 %)`)

    it('shows each sized picture at the author\'s size, scaled from 960×700 to 1280×720, within the slide', async () => {
      const { page } = decks.get('author-sizes')!
      // width=150 on a 390×844 picture: 150 × 1280/960 wide.
      await show(page, 'A small logo')
      const logo = await drawn(page, 'Sponsor logo')
      near(logo.width, 200, 'logo width')
      near(logo.height, (200 * 844) / 390, 'logo height')
      // height=300 on a 900×600 picture: 300 × 720/700 high.
      await show(page, 'A short block picture')
      near((await drawn(page, 'The room')).height, 308.6, 'room height')
      // width=800 on a 960×540 picture would be 1066.7×600: kept within the body's 530 px height.
      await show(page, 'A wide block picture')
      const stage = await drawn(page, 'The stage')
      near(stage.height, 530, 'stage height')
      near(stage.width, (530 * 960) / 540, 'stage width')
    })
    it('keeps a sized inline picture in its paragraph; only the unsized one is a photo slide', async () => {
      const { page } = decks.get('author-sizes')!
      const photos = await page.evaluate(`[...document.querySelectorAll('section.bbl-photo img')].map((i) => i.alt)`)
      assert.deepEqual(photos, ['The hallway'])
      assert.equal(await page.evaluate(`[...document.querySelectorAll('img')].find((i) => i.alt === 'Sponsor logo').closest('.paragraph') !== null`), true)
    })
    it('copies a picture in a section title and draws it at its size', async () => {
      const { page } = decks.get('author-sizes')!
      await show(page, 'Our sponsor')
      const logo = await drawn(page, 'logo')
      assert.ok(logo.loaded, 'the title\'s picture is drawn')
      near(logo.height, 41.1, 'title picture height')
      assert.equal(await page.evaluate(`document.querySelector('.bbl-title img').getAttribute('src')`), 'images/phone-screenshot.png')
    })
  })

  describe('splitting', () => {
    /** Every paragraph piece on every slide: its lines, whether it was carried over, whether its last text is inside code. */
    async function pieces(page: Page): Promise<Array<{ lines: number; cont: boolean; endsInCode: boolean; slide: string }>> {
      return (await page.evaluate(`(() => {
        const out = []
        for (const s of Reveal.getSlides()) {
          const i = Reveal.getIndices(s)
          Reveal.slide(i.h, i.v || 0)
          for (const p of s.querySelectorAll('.bbl-body .paragraph p')) {
            const lines = Math.round(p.getBoundingClientRect().height / Reveal.getScale() / parseFloat(getComputedStyle(p).lineHeight))
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
            let last = null
            for (let t = walker.nextNode(); t; t = walker.nextNode()) if (t.data.trim()) last = t
            out.push({ lines, cont: !!p.closest('.bbl-cont-block'), endsInCode: !!(last && last.parentElement.closest('code')), slide: s.id || s.previousElementSibling?.id || '' })
          }
        }
        return out
      })()`)) as Array<{ lines: number; cont: boolean; endsInCode: boolean; slide: string }>
    }

    it('cuts sentences only outside inline code (a `!` in code ends no sentence)', async () => {
      const all = await pieces(decks.get('splitting')!.page)
      assert.ok(all.filter((p) => p.cont).length >= 5, 'the long paragraphs are split')
      assert.deepEqual(all.filter((p) => p.endsInCode), [])
    })
    it('carries no part of fewer than three lines over to the next slide', async () => {
      const all = await pieces(decks.get('splitting')!.page)
      assert.deepEqual(all.filter((p) => p.cont && p.lines < 3), [])
    })
  })

  describe('small things', () => {
    it('wraps Korean at spaces, never inside a word', async () => {
      const { page } = decks.get('small-things')!
      await show(page, '한국어')
      const r = (await page.evaluate(`(() => {
        const text = document.querySelector('section.present .paragraph p').firstChild
        const lines = new Set()
        const split = []
        let at = 0
        for (const word of text.data.split(' ')) {
          const range = document.createRange()
          range.setStart(text, at)
          range.setEnd(text, at + word.length)
          const tops = new Set([...range.getClientRects()].map((q) => Math.round(q.top)))
          tops.forEach((t) => lines.add(t))
          if (tops.size > 1) split.push(word)
          at += word.length + 1
        }
        return { lines: lines.size, split }
      })()`)) as { lines: number; split: string[] }
      assert.ok(r.lines >= 2, `the paragraph wraps (${r.lines} lines)`)
      assert.deepEqual(r.split, [], 'words cut across lines')
    })
    it('shows callouts in source code as callouts, not as tags', async () => {
      const { page } = decks.get('small-things')!
      const code = String(await page.evaluate(`document.querySelector('pre code').textContent`))
      assert.match(code, /nginx \(1\)/)
      assert.doesNotMatch(code, /<b>|&lt;/)
    })
    it('shows the author\'s name on the title slide, without the address markup', async () => {
      const { page } = decks.get('small-things')!
      const meta = String(await page.evaluate(`document.querySelector('.bbl-cover .bbl-cover-meta').textContent`))
      assert.equal(meta.trim(), 'Ada Lovelace')
    })
    it('labels bibliography entries and keeps their anchors', async () => {
      const { page } = decks.get('small-things')!
      const items = await page.evaluate(`[...document.querySelectorAll('.bibliography li')].map((li) => [li.querySelector('a').id, li.textContent.trim().slice(0, 4)])`)
      assert.deepEqual(items, [
        ['knuth', '[1] '],
        ['pp', '[pp]'],
      ])
    })
    it('puts a preamble of speaker notes on the title slide, not on an empty slide', async () => {
      const { page } = decks.get('small-things')!
      const all = await slides(page)
      assert.deepEqual(all.map((s) => s.title), ['Small Things', '한국어', 'Callouts', 'Reading'])
      assert.match(String(await page.evaluate(`document.querySelector('.bbl-cover aside.notes').textContent`)), /belong to the title slide/)
    })
    it('shows the title slide\'s background picture around the title', async () => {
      const { page } = decks.get('small-things')!
      await page.evaluate('Reveal.slide(0, 0)')
      await page.evaluate('new Promise((r) => setTimeout(r, 300))')
      // A band at the bottom of the slide, away from the title's panel: the picture's dark frame, not the theme's white card.
      const shot = await page.screenshot({ clip: { x: 300, y: 672, width: 600, height: 26 } })
      const { channels } = await sharp(shot).stats()
      const mean = channels.slice(0, 3).reduce((s, c) => s + c.mean, 0) / 3
      assert.ok(mean < 200, `the band is the picture, not a white card (mean ${mean.toFixed(0)})`)
    })
  })
})
