/**
 * Branding (issue 12 point 5), end to end: the sample built and printed with the
 * example theme themes/acme shows its logo and footer on every slide of every deck,
 * the logo inside the slide box and over no text, with nothing overflowing; every
 * page of the slide PDF and of the handout carries the footer; the notes'
 * `:bbl-logo:` and `:bbl-footer:` override the theme's.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'puppeteer-core'
import { bblMain, root } from '../helpers/cli.js'
import { closeBrowser, inspectDeck, launchBrowser, openDeck, problems } from '../helpers/deck.js'

import { SAMPLE, seedCache } from '../helpers/shared.js'
const ACME_FOOTER = 'Acme Analytics · internal · brown bag lunch'

const pdfPages = (file: string) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })
    .toString()
    .split('\f')
    .slice(0, -1)

interface SlideBrand {
  where: string
  logo?: { x: number; y: number; w: number; h: number }
  footer: string
  /** Text boxes the logo or the footer band is drawn over. */
  covered: string[]
}

/**
 * Every slide shown in turn: its logo's box (slide px), its footer text, and any text
 * the branding covers. Plain JavaScript in a string: the test's transpiler would add
 * helpers that do not exist in the page.
 */
const SLIDE_BRANDS = `(async () => {
  const R = window.Reveal
  R.configure({ transition: 'none', backgroundTransition: 'none' })
  const out = []
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1
  for (const s of R.getSlides()) {
    const { h, v } = R.getIndices(s)
    R.slide(h, v || 0)
    await new Promise((r) => requestAnimationFrame(() => r(null)))
    const box = s.getBoundingClientRect()
    const k = box.width / 1280
    const where = h + '/' + (v || 0) + ' ' + (s.querySelector('.bbl-title, .bbl-cover-title, .bbl-kicker')?.textContent || '').trim().slice(0, 50)
    const logo = s.querySelector('img.bbl-logo')
    const band = [logo, s.querySelector('.bbl-brand')].filter(Boolean).map((e) => e.getBoundingClientRect())
    const covered = []
    const walker = document.createTreeWalker(s.querySelector('.bbl-slide'), NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement
      if (!n.textContent.trim() || !el || el.closest('.bbl-brand, aside.notes, [hidden]')) continue
      const range = document.createRange()
      range.selectNodeContents(n)
      for (const r of range.getClientRects()) if (band.some((b) => hit(b, r))) covered.push(n.textContent.trim().slice(0, 40))
    }
    const lr = logo && logo.complete && logo.naturalWidth > 0 ? logo.getBoundingClientRect() : undefined
    out.push({
      where,
      logo: lr ? { x: (lr.left - box.left) / k, y: (lr.top - box.top) / k, w: lr.width / k, h: lr.height / k } : undefined,
      footer: s.querySelector('.bbl-footer')?.textContent || '',
      covered,
    })
  }
  return out
})()`

const slideBrands = (page: Page) => page.evaluate(SLIDE_BRANDS) as Promise<SlideBrand[]>

describe('branding: the example theme themes/acme on the sample', () => {
  let tmp: string
  let out: string
  let browser: Browser
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-brand-'))
    out = path.join(tmp, 'dist')
    // The sample's photos are read from the shared build's cache; the slides are measured anew (another theme).
    await seedCache('sample', out)
    const run = await bblMain(['pdf', SAMPLE, '--theme', 'themes/acme', '--no-talks', '-o', out], root)
    assert.equal(run.code, 0, run.stderr)
    browser = await launchBrowser()
  })
  after(async () => {
    await closeBrowser(browser)
    await rm(tmp, { recursive: true, force: true })
  })

  it('copies the logo into the deck folder', () => {
    assert.ok(existsSync(path.join(out, 'dataxday-2018', 'assets', 'brand', 'logo.svg')), "existsSync(path.join(out, 'dataxday-2018', 'assets', 'brand', 'logo.svg'))")
  })

  it('shows the logo and the footer on every slide of the recap and talk decks, over no text, with nothing overflowing', async () => {
    const dir = path.join(out, 'dataxday-2018')
    const decks = (await readdir(dir)).filter((f) => f.endsWith('.html'))
    assert.ok(decks.length >= 10, decks.join(' '))
    for (const f of decks) {
      const file = path.join(dir, f)
      assert.deepEqual(problems(await inspectDeck(browser, file)), [], f)
      const { page } = await openDeck(browser, file)
      const slides = await slideBrands(page)
      await page.close()
      assert.ok(slides.length > 0, f)
      for (const s of slides) {
        assert.equal(s.footer, ACME_FOOTER, `${f} ${s.where}: footer`)
        assert.ok(s.logo && s.logo.w > 0 && s.logo.h > 0, `${f} ${s.where}: no logo`)
        assert.ok(s.logo.x >= 0 && s.logo.y >= 0 && s.logo.x + s.logo.w <= 1281 && s.logo.y + s.logo.h <= 721, `${f} ${s.where}: logo outside the slide ${JSON.stringify(s.logo)}`)
        assert.deepEqual(s.covered, [], `${f} ${s.where}: the branding covers text`)
      }
      // The covers (title, closing) show it large; the other slides small.
      const covers = await readFile(file, 'utf8').then((h) => h.match(/bbl-logo-cover/g)?.length ?? 0)
      assert.ok(covers >= 2, `${f}: the title and closing slides carry the large logo`)
    }
  })

  it('prints the footer on every page of the slide PDF and of the handout', () => {
    for (const pdf of ['dataxday-2018.pdf', 'dataxday-2018-handout.pdf']) {
      const pages = pdfPages(path.join(out, 'dataxday-2018', pdf))
      assert.ok(pages.length > 5, pdf)
      const without = pages.flatMap((p, i) => (p.replace(/\s+/g, ' ').includes(ACME_FOOTER) ? [] : [i + 1]))
      assert.deepEqual(without, [], `${pdf}: pages without the footer`)
    }
  })
})

describe('branding: the notes override the theme', () => {
  let tmp: string
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-brand-notes-'))
  })
  after(async () => {
    await rm(tmp, { recursive: true, force: true })
  })

  it(':bbl-logo: and :bbl-footer: replace the theme\'s logo and footer', async () => {
    await copyFile(path.join(root, 'test', 'fixtures', 'images', 'phone-screenshot.png'), path.join(tmp, 'mark.png'))
    await writeFile(path.join(tmp, 'notes.adoc'), '= Team notes\n:bbl-logo: mark.png\n:bbl-footer: Our own footer\n\n== A talk\n\nSome text.\n')
    const run = await bblMain(['build', 'notes.adoc', '--theme', path.join(root, 'themes', 'acme'), '-o', 'dist'], tmp)
    assert.equal(run.code, 0, run.stderr)
    const dir = path.join(tmp, 'dist', 'notes')
    const html = await readFile(path.join(dir, 'index.html'), 'utf8')
    assert.match(html, /<p class="bbl-footer" dir="auto">Our own footer<\/p>/)
    assert.doesNotMatch(html, /Acme Analytics/)
    assert.match(html, /src="assets\/brand\/logo\.png"/)
    assert.ok(existsSync(path.join(dir, 'assets', 'brand', 'logo.png')), "existsSync(path.join(dir, 'assets', 'brand', 'logo.png'))")
  })

  it('shows an SVG logo as a picture (its script never runs); a missing one is a warning, not a failure', async () => {
    await writeFile(
      path.join(tmp, 'evil.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>document.title = "ran"</script><rect width="10" height="10"/></svg>',
    )
    await writeFile(path.join(tmp, 'svg.adoc'), '= SVG notes\n:bbl-logo: evil.svg\n\n== A talk\n\nSome text.\n')
    const run = await bblMain(['build', 'svg.adoc', '-o', 'dist'], tmp)
    assert.equal(run.code, 0, run.stderr)
    const html = await readFile(path.join(tmp, 'dist', 'svg', 'index.html'), 'utf8')
    assert.match(html, /<img class="bbl-logo[^"]*" src="assets\/brand\/logo\.svg" alt="">/)
    assert.doesNotMatch(html, /<(object|embed|iframe)\b|document\.title/)
    await writeFile(path.join(tmp, 'gone.adoc'), '= Gone\n:bbl-logo: nowhere.svg\n\n== A talk\n\nSome text.\n')
    const gone = await bblMain(['build', 'gone.adoc', '-o', 'dist'], tmp)
    assert.equal(gone.code, 0, gone.stderr)
    assert.match(gone.stderr, /:bbl-logo: nowhere\.svg not found/)
  })

  it('the default theme, without logo or footer, adds no branding', async () => {
    await writeFile(path.join(tmp, 'plain.adoc'), '= Plain notes\n\n== A talk\n\nSome text.\n')
    const run = await bblMain(['build', 'plain.adoc', '-o', 'dist'], tmp)
    assert.equal(run.code, 0, run.stderr)
    const html = await readFile(path.join(tmp, 'dist', 'plain', 'index.html'), 'utf8')
    assert.doesNotMatch(html, /bbl-brand|bbl-logo|bbl-footer/)
  })
})
