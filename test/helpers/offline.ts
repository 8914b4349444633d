/**
 * Opening a deck offline and reading what a picture would tell: every request
 * (and which ones the deck's Content-Security-Policy refused before they left
 * the browser), every dialog, and a picture's EXIF/XMP/IPTC.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'puppeteer-core'
import sharp from 'sharp'
import { unseal } from '../../src/cache/store.js'
import { folderUrl, watchPage } from './deck.js'

/** The URLs a page asked for that its Content-Security-Policy refused (so never sent), as Chromium reports them. */
async function networkLog(page: Page): Promise<{ refused: Set<string> }> {
  const cdp = await page.createCDPSession()
  const urls = new Map<string, string>()
  const refused = new Set<string>()
  cdp.on('Network.requestWillBeSent', (e) => void urls.set(e.requestId, e.request.url))
  cdp.on('Network.loadingFailed', (e) => {
    if (e.blockedReason === 'csp' || e.errorText === 'net::ERR_BLOCKED_BY_CSP') refused.add(urls.get(e.requestId) ?? '')
  })
  await cdp.send('Network.enable')
  return { refused }
}

/** Open a deck, logging every request, what the CSP refused and every dialog, from the first byte. */
export async function open(browser: Browser, file: string) {
  const page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 720 })
  const log = watchPage(page, folderUrl(file))
  const sent = await networkLog(page)
  const dialogs: string[] = []
  page.on('dialog', (x) => {
    dialogs.push(x.message())
    void x.dismiss()
  })
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
  await page.waitForFunction('window.Reveal && Reveal.isReady()', { timeout: 30_000 })
  return { page, log, sent, dialogs }
}

/** Where a picture bbl wrote would tell where and with what it was taken (a cache entry is read through its seal). */
export async function metadataOf(file: string): Promise<string[]> {
  const bytes = await readFile(file)
  const m = await sharp(file.includes(`${path.sep}.bbl-cache${path.sep}`) ? unseal(bytes) ?? bytes : bytes).metadata()
  return [m.exif && 'EXIF', m.xmp && 'XMP', m.iptc && 'IPTC'].filter(Boolean) as string[]
}
