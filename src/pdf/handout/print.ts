/**
 * The handout → PDF: one navigation to a page holding the deck's CSS and
 * assets/handout.css, then, in that page (src/page/pdf-page.js), measure
 * (header and cover heights, speaker notes cut into chunks), lay the pages out
 * (layout.ts and render.ts, pure), show them, and print once. Slide content is inserted
 * as HTML, so scripts in the notes never run here.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'puppeteer-core'
import { type Geometry, paginate, type Pagination } from './layout.js'
import type { HandoutModel } from './model.js'
import { handoutOutline, handoutPage, measureHtml, renderHandout } from './render.js'
import type { OutlineEntry } from '../file.js'
import { assetsDir } from '../../core/paths.js'
import type { PageAssets } from '../../slides/render.js'
import { addPageScript, type InPage } from '../slides.js'

let handoutCss: Promise<string> | undefined

export interface PrintedHandout {
  bytes: Uint8Array
  plan: Pagination
  outline: OutlineEntry[]
}

export async function printHandout(page: Page, dir: string, model: HandoutModel, geo: Geometry, assets: PageAssets): Promise<PrintedHandout> {
  handoutCss ??= readFile(path.join(assetsDir, 'handout.css'), 'utf8')
  const file = path.join(dir, '.bbl-handout.html')
  await writeFile(file, handoutPage(model, geo, assets, await handoutCss))
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    await addPageScript(page)
    const measures = await page.evaluate((html) => (window as unknown as InPage).bblPdf.measureHandout(html), measureHtml(model, geo))
    const plan = paginate(model, geo, measures)
    await page.evaluate((html) => (window as unknown as InPage).bblPdf.showHandout(html), renderHandout(model, geo, measures, plan))
    const bytes = await page.pdf({
      width: `${geo.widthMm}mm`,
      height: `${geo.heightMm}mm`,
      printBackground: true,
      margin: { top: 0, right: 0, bottom: 0, left: 0 },
    })
    return { bytes, plan, outline: handoutOutline(model, plan) }
  } finally {
    await rm(file, { force: true })
  }
}
