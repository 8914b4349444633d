#!/usr/bin/env node
/**
 * The floor for a slide PDF: what one Chrome print of a reveal.js deck costs,
 * with nothing else around it. Opens DECK?print-pdf, waits for Reveal.isReady()
 * and document.fonts.ready, then a single page.pdf().
 *
 *   node bench/bare-print.mjs CHROME DECK.html OUT.pdf
 *
 * Prints on stderr how long the page took from navigation to PDF written, for
 * comparison with the step timings that `bbl pdf --debug` prints.
 */
import { pathToFileURL } from 'node:url'
import puppeteer from 'puppeteer-core'

const [chrome, deck, out] = process.argv.slice(2)
if (!chrome || !deck || !out) {
  process.stderr.write('usage: node bench/bare-print.mjs CHROME DECK.html OUT.pdf\n')
  process.exit(2)
}

const browser = await puppeteer.launch({
  executablePath: chrome,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
})
try {
  const page = (await browser.pages())[0] ?? (await browser.newPage())
  await page.setViewport({ width: 1280, height: 720 })
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`))
  const t0 = performance.now()
  await page.goto(`${pathToFileURL(deck).href}?print-pdf`, { waitUntil: 'load' })
  await page.waitForFunction(() => typeof Reveal !== 'undefined' && Reveal.isReady())
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  await page.pdf({ path: out, width: '1280px', height: '720px', printBackground: true })
  process.stderr.write(`bare-print: loaded and printed in ${Math.round(performance.now() - t0)} ms\n`)
} finally {
  await browser.close()
}
