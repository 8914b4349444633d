/**
 * The landing page of the sample (its shared `bbl pdf` run) opened in headless
 * Chromium from file://: one card per deck with its title slide, in French, in
 * the bundled fonts, a filter that narrows the list, and nothing requested
 * outside the output folder.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'puppeteer-core'
import type { Manifest } from '../../src/index.js'
import { shared } from '../helpers/shared.js'
import { closeBrowser, launchBrowser, type PageLog, watchPage } from '../helpers/deck.js'


describe('landing page of the sample (Chromium)', () => {
  let browser: Browser
  let page: Page
  let log: PageLog
  let manifest: Manifest
  before(async () => {
    // The sample's shared `bbl pdf` run (test/helpers/shared.ts): read only.
    const { out } = await shared('sample')
    manifest = JSON.parse(await readFile(path.join(out, 'dataxday-2018', 'manifest.json'), 'utf8')) as Manifest
    browser = await launchBrowser()
    page = await browser.newPage()
    await page.setViewport({ width: 1280, height: 720 })
    const dist = `${pathToFileURL(out).href}/`
    log = watchPage(page, dist)
    await page.goto(`${dist}index.html`, { waitUntil: 'load' })
    await page.evaluate('document.fonts.ready')
  })
  after(() => closeBrowser(browser))

  const visibleCards = () =>
    page.$$eval('li.card', (cards) => cards.filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => (c as HTMLElement).innerText))

  it('shows one card per deck, each with a 16:9 title slide', async () => {
    const thumbs = await page.$$eval('li.card .thumb', (els) => els.map((e) => {
      const r = e.getBoundingClientRect()
      return { w: r.width, h: r.height, text: (e as HTMLElement).innerText }
    }))
    assert.equal(thumbs.length, manifest.decks.length)
    assert.equal(thumbs.length, 10)
    for (const t of thumbs) {
      assert.ok(t.w > 150 && Math.abs(t.w / t.h - 16 / 9) < 0.05, JSON.stringify(t))
      assert.ok(t.text.trim().length > 0, 'the drawn title slide shows the title')
    }
    const recap = await page.$eval('li.card.recap', (c) => (c as HTMLElement).innerText)
    assert.match(recap, new RegExp(`${manifest.decks[0]!.slides} diapositives`))
  })

  it('is in French and in the bundled fonts', async () => {
    assert.equal(await page.$eval('html', (h) => h.lang), 'fr')
    assert.match(await page.$eval('#bbl-filter', (i) => (i as HTMLInputElement).placeholder), /^Filtrer/)
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/["']/g, '')))
    assert.ok(loaded.includes('Source Sans 3'), loaded.join(', '))
    assert.match(await page.$eval('h3', (h) => getComputedStyle(h).fontFamily), /^"?Source Sans 3/)
  })

  it('filters by speaker, company and title, accents and case ignored, offline', async () => {
    const talk = manifest.decks.find((d) => d.kind === 'talk' && d.company && d.speakers.length > 0)!
    const type = async (text: string) => {
      await page.$eval('#bbl-filter', (i, t) => {
        const input = i as HTMLInputElement
        input.value = t
        input.dispatchEvent(new Event('input'))
      }, text)
      return visibleCards()
    }
    const speaker = talk.speakers[0]!
    const bySpeaker = await type(speaker.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase())
    assert.ok(bySpeaker.length >= 1 && bySpeaker.length < 10, `${speaker}: ${bySpeaker.length}`)
    for (const c of bySpeaker) assert.ok(c.includes(speaker), c)
    const byCompany = await type(talk.company!.toLowerCase())
    assert.ok(byCompany.length >= 1 && byCompany.length < 10, 'byCompany.length >= 1 && byCompany.length < 10')
    assert.ok(byCompany.some((c) => c.includes(talk.title)), 'byCompany.some((c) => c.includes(talk.title))')
    assert.equal((await type('zzz-nothing-like-this')).length, 0)
    assert.equal(await page.$eval('#bbl-none', (p) => (p as HTMLElement).hidden), false)
    assert.equal((await type('')).length, 10)
    assert.equal(await page.$eval('#bbl-none', (p) => (p as HTMLElement).hidden), true)
  })

  it('requests nothing outside the output folder, and has no errors', () => {
    assert.deepEqual(log.outside, [])
    assert.deepEqual(log.failed, [])
    assert.deepEqual(log.errors, [])
  })
})
