/**
 * What a reader of a reveal.js deck gets, measured in Chromium at 1280×720:
 * how many slides, and how many of them are taller than the screen (their
 * bottom is cut off when presented). Untimed; works with reveal.js 4 and 6.
 */
import { pathToFileURL } from 'node:url'
import puppeteer from 'puppeteer-core'

export const VIEWPORT = { width: 1280, height: 720 }

export async function deckStats(chrome, htmlFile) {
  const browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--hide-scrollbars'],
  })
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage())
    await page.setViewport(VIEWPORT)
    const failed = []
    page.on('requestfailed', (r) => failed.push(r.url()))
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' })
    await page.waitForFunction(() => typeof Reveal !== 'undefined' && Reveal.isReady())
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    // No transitions: each slide is measured in its final place.
    await page.evaluate(() => Reveal.configure({ transition: 'none', backgroundTransition: 'none' }))
    const total = await page.evaluate(() => Reveal.getTotalSlides())
    const slides = await page.evaluate(() => Reveal.getSlides().map((s) => Reveal.getIndices(s)))
    const tall = []
    for (const idx of slides) {
      const m = await page.evaluate(async ({ h, v }) => {
        Reveal.slide(h, v ?? 0)
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        const s = Reveal.getCurrentSlide()
        await Promise.all([...s.querySelectorAll('img')].map((i) => (i.complete ? null : new Promise((r) => i.addEventListener('load', r, { once: true }) || i.addEventListener('error', r, { once: true })))))
        // Content height in the deck's own pixels, times the scale reveal.js shows it at.
        const scale = Reveal.getScale()
        const title = (s.querySelector('h1,h2,h3,h4') ?? s).textContent.trim().replace(/\s+/g, ' ').slice(0, 60)
        return { height: s.scrollHeight * scale, title }
      }, idx)
      if (m.height > VIEWPORT.height + 0.5) tall.push({ index: `${idx.h}/${idx.v ?? 0}`, height: Math.round(m.height), title: m.title })
    }
    const config = await page.evaluate(() => ({ width: Reveal.getConfig().width, height: Reveal.getConfig().height }))
    return { total, tall, config, failedRequests: failed }
  } finally {
    await browser.close()
  }
}
