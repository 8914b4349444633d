/**
 * The author's backgrounds and themes, end to end: the fixtures of
 * test/fixtures/contrast/ are built with the CLI (decks and PowerPoint files),
 * and every text run is measured against what is really drawn behind it.
 *
 * - deck: each slide is shown in headless Chromium at 1280×720; each text run's
 *   colour is read, then the slide is drawn again with all text transparent and
 *   the pixels under the run are taken from the screenshot: the contrast (WCAG
 *   2.2's formula) over those pixels must reach 4.5:1, 3:1 for large text. This
 *   measures the backgrounds reveal.js draws (colours, pictures), not bbl's idea of them.
 * - the plain deck with `:revealjs_theme: night` shows night's colours and
 *   requests nothing; --theme still wins over it.
 * - PowerPoint: each run's colour in the slide XML against the fill drawn under
 *   it (the shapes below it, else the slide's background colour or picture).
 */
import assert from 'node:assert/strict'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import JSZip from 'jszip'
import type { Browser, Page } from 'puppeteer-core'
import sharp from 'sharp'
import { bbl, root } from '../helpers/cli.js'
import { closeBrowser, launchBrowser, openDeck } from '../helpers/deck.js'

declare const Reveal: { getSlides(): HTMLElement[]; getIndices(s: HTMLElement): { h: number; v?: number }; slide(h: number, v?: number): void; getScale(): number; configure(o: Record<string, unknown>): void }

type Rgb = [number, number, number]
const lum = (c: Rgb) => {
  const [r, g, b] = c.map((v) => {
    const x = v / 255
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4
  }) as Rgb
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
const ratio = (a: Rgb, b: Rgb) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05)
const over = (top: number[], under: Rgb): Rgb => [0, 1, 2].map((i) => top[i]! * top[3]! + under[i]! * (1 - top[3]!)) as Rgb

interface Run {
  text: string
  color: number[]
  large: boolean
  box: { x: number; y: number; w: number; h: number }
}

/** The text runs of the current slide: colour (rgba), whether WCAG calls them large, their boxes in page px. */
function runsOfSlide(page: Page): Promise<Run[]> {
  return page.evaluate(() => {
    const slide = document.querySelector('.reveal .slides section.present:not(.stack), .reveal .slides section.stack.present > section.present')!
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT)
    const out: Run[] = []
    const range = document.createRange()
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement!
      const text = (t.textContent ?? '').trim()
      if (!text || el.closest('aside.notes, .bbl-anchor, svg')) continue
      const cs = getComputedStyle(el)
      if (cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue
      range.selectNodeContents(t)
      const r = range.getBoundingClientRect()
      if (r.width < 2 || r.height < 2) continue
      const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(cs.color)
      const color = m ? [+m[1]!, +m[2]!, +m[3]!, m[4] === undefined ? 1 : +m[4]] : [0, 0, 0, 1]
      const px = parseFloat(cs.fontSize) / Reveal.getScale()
      const large = px >= 24 || (px >= 18.66 && Number(cs.fontWeight) >= 700)
      out.push({ text: text.slice(0, 40), color, large, box: { x: r.left, y: r.top, w: r.width, h: r.height } })
    }
    return out
  })
}

/** The contrast each run reaches over the pixels behind it (the 5th percentile: antialiased edges of boxes aside). */
async function slideContrasts(page: Page): Promise<Array<{ run: Run; contrast: number }>> {
  const runs = await runsOfSlide(page)
  const style = await page.addStyleTag({ content: '*, *::marker, *::before, *::after { color: transparent !important; text-shadow: none !important; text-decoration-color: transparent !important; }' })
  const shot = Buffer.from(await page.screenshot({ type: 'png' }))
  await style.evaluate((s) => s.remove())
  const { data, info } = await sharp(shot).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return runs.map((run) => {
    const ratios: number[] = []
    const { x, y, w, h } = run.box
    for (let py = Math.max(0, Math.floor(y)); py < Math.min(info.height, y + h); py += 2) {
      for (let px = Math.max(0, Math.floor(x)); px < Math.min(info.width, x + w); px += 2) {
        const i = (py * info.width + px) * 3
        const under: Rgb = [data[i]!, data[i + 1]!, data[i + 2]!]
        ratios.push(ratio(over(run.color, under), under))
      }
    }
    ratios.sort((a, b) => a - b)
    return { run, contrast: ratios[Math.floor(ratios.length * 0.05)] ?? 21 }
  })
}

let turn: Promise<unknown> = Promise.resolve()
/**
 * One deck measured at a time, its page in front: the tests of a suite run side by side, and a page
 * behind another in the shared browser is not painted again for its screenshots (a run then reads
 * the pixels of a frame before its background or its ink changed).
 */
function inFront<T>(page: Page, work: () => Promise<T>): Promise<T> {
  const mine = turn.then(async () => {
    await page.bringToFront()
    // No slide or background transition: a screenshot taken during one shows the slide before. No colour
    // transition either (reveal.js themes fade links' colour): a run's ink would be read, or hidden, halfway.
    await page.evaluate(() => Reveal.configure({ transition: 'none', backgroundTransition: 'none' }))
    await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' })
    return work()
  })
  turn = mine.catch(() => undefined)
  return mine
}

/** Every slide of a deck: its runs under AA (3:1 for large text), as messages. */
async function illegible(page: Page): Promise<{ faint: string[]; runs: number }> {
  const slides = await page.evaluate(() => Reveal.getSlides().map((s) => Reveal.getIndices(s)))
  const faint: string[] = []
  let runs = 0
  for (const { h, v } of slides) {
    await page.evaluate((h, v) => Reveal.slide(h, v ?? 0), h, v)
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    for (const { run, contrast } of await slideContrasts(page)) {
      runs++
      if (contrast < (run.large ? 3 : 4.5)) faint.push(`slide ${h}/${v ?? 0}: "${run.text}" ${contrast.toFixed(2)}:1`)
    }
  }
  return { faint, runs }
}

/** asciidoctor-reveal.js's example decks with section background colours and pictures. */
const REAL = ['background-color', 'data-background-oldstyle', 'data-background-newstyle', 'title-slide-color']

describe('author backgrounds and themes', { timeout: 600_000 }, () => {
  let dir: string
  let browser: Browser
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-contrast-'))
    await cp(path.join(root, 'test/fixtures/contrast'), dir, { recursive: true })
    // A dark picture (night sky with a moon), and one half black, half white (no ink reads on both).
    await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#1a1f3a' } })
      .composite([{ input: Buffer.from('<svg width="1600" height="900"><circle cx="1200" cy="600" r="300" fill="#2d3561"/></svg>') }])
      .jpeg()
      .toFile(path.join(dir, 'dark.jpg'))
    await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#ffffff' } })
      .composite([{ input: Buffer.from('<svg width="1600" height="900"><rect width="800" height="900" fill="#000"/></svg>') }])
      .png()
      .toFile(path.join(dir, 'split.png'))
    const run = await bbl(['pptx', path.join(dir, 'backgrounds.adoc'), path.join(dir, 'night.adoc'), '--out', path.join(dir, 'out')])
    assert.equal(run.code, 0, run.stderr)
    // Decks other people wrote: asciidoctor-reveal.js's own examples of background colours and pictures (their origin and licence: test/fixtures/conformance/README.md, LICENSE).
    const conformance = path.join(root, 'test/fixtures/conformance')
    const real = await bbl(['build', ...REAL.map((n) => path.join(conformance, `${n}.adoc`)), '--out', path.join(dir, 'out')])
    assert.equal(real.code, 0, real.stderr)
    browser = await launchBrowser()
  })
  after(async () => {
    await closeBrowser(browser)
    await rm(dir, { recursive: true, force: true })
  })

  for (const name of ['backgrounds', 'night', ...REAL]) {
    it(`${name}: every text run of the deck reaches AA against what is drawn behind it`, async () => {
      const { page, log } = await openDeck(browser, path.join(dir, 'out', name, 'index.html'))
      try {
        const { faint, runs } = await inFront(page, () => illegible(page))
        assert.ok(runs >= 3, `only ${runs} runs measured`)
        assert.deepEqual(faint, [])
        assert.deepEqual(log.outside, [], 'requests outside the deck folder')
      } finally {
        await page.close()
      }
    })
  }

  it('the measurement fails where it should: the same slides with the theme\'s dark text forced back', async () => {
    const { page } = await openDeck(browser, path.join(dir, 'out', 'backgrounds', 'index.html'))
    try {
      const low = await inFront(page, async () => {
        await page.addStyleTag({ content: '.reveal .slides section[style] { --bbl-fg: #16202e !important; --bbl-muted: #4f5b70 !important; color: #16202e !important; }' })
        await page.evaluate(() => Reveal.slide(1, 0))
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
        return (await slideContrasts(page)).filter((c) => c.contrast < 4.5)
      })
      assert.ok(low.length > 0, 'dark text on dark green passed the check')
    } finally {
      await page.close()
    }
  })

  it('a plain deck with :revealjs_theme: night gets night\'s colours, offline; --theme wins over it', async () => {
    const { page, log } = await openDeck(browser, path.join(dir, 'out', 'night', 'index.html'))
    try {
      const colours = await page.evaluate(() => ({
        viewport: getComputedStyle(document.querySelector('.reveal-viewport') ?? document.body).backgroundColor,
        text: getComputedStyle(document.querySelector('.reveal .slides section:not(.stack) .bbl-body p') ?? document.body).color,
      }))
      assert.equal(colours.viewport, 'rgb(17, 17, 17)')
      assert.equal(colours.text, 'rgb(255, 255, 255)')
      assert.deepEqual(log.outside, [])
      assert.deepEqual(log.failed, [])
    } finally {
      await page.close()
    }
    const manifest = JSON.parse(await readFile(path.join(dir, 'out', 'night', 'manifest.json'), 'utf8'))
    assert.equal(manifest.theme, 'night')
    const forced = await bbl(['build', path.join(dir, 'night.adoc'), '--out', path.join(dir, 'forced'), '--theme', 'bbl'])
    assert.equal(forced.code, 0, forced.stderr)
    assert.equal(JSON.parse(await readFile(path.join(dir, 'forced', 'night', 'manifest.json'), 'utf8')).theme, 'bbl')
  })

  it('PowerPoint: every run\'s colour reaches AA against the fill under it', async () => {
    const low: string[] = []
    let runs = 0
    for (const name of ['backgrounds', 'night']) {
      const zip = await JSZip.loadAsync(await readFile(path.join(dir, 'out', name, `${name}.pptx`)))
      const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
      for (const file of slides) {
        const xml = await zip.file(file)!.async('string')
        const under = await slideBackground(zip, file, xml)
        for (const r of pptxRuns(xml, under)) {
          runs++
          if (ratio(r.color, r.under) < (r.large ? 3 : 4.5)) low.push(`${name} ${file}: "${r.text}" ${ratio(r.color, r.under).toFixed(2)}:1`)
        }
      }
    }
    assert.ok(runs >= 10, `only ${runs} runs`)
    assert.deepEqual(low, [])
  })
})

const hexRgb = (h: string): Rgb => [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as Rgb

/** The slide's background: its colour, or its picture's mean colour; white when it has none. */
async function slideBackground(zip: JSZip, file: string, xml: string): Promise<Rgb> {
  const bg = /<p:bg>([\s\S]*?)<\/p:bg>/.exec(xml)?.[1] ?? ''
  const solid = /<a:srgbClr val="([0-9A-Fa-f]{6})"/.exec(bg)
  if (solid && !bg.includes('<a:blip')) return hexRgb(solid[1]!)
  const rid = /r:embed="([^"]+)"/.exec(bg)?.[1]
  if (!rid) return [255, 255, 255]
  const rels = await zip.file(`${file.replace('slides/', 'slides/_rels/')}.rels`)!.async('string')
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1]!
  const picture = await zip.file(path.posix.normalize(path.posix.join('ppt/slides', target)))!.async('nodebuffer')
  const { channels } = await sharp(picture).removeAlpha().stats()
  return channels.slice(0, 3).map((c) => Math.round(c.mean)) as Rgb
}

/** Each text run with its colour and the fill under its shape: the filled shapes drawn before it whose box holds its box's centre. */
function pptxRuns(xml: string, slideBg: Rgb): Array<{ text: string; color: Rgb; large: boolean; under: Rgb }> {
  const fills: Array<{ x: number; y: number; w: number; h: number; color: number[] }> = []
  const out: Array<{ text: string; color: Rgb; large: boolean; under: Rgb }> = []
  for (const sp of xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []) {
    const off = /<a:off x="(\d+)" y="(\d+)"\/><a:ext cx="(\d+)" cy="(\d+)"/.exec(sp)
    if (!off) continue
    const [x, y, w, h] = off.slice(1).map(Number) as [number, number, number, number]
    const spPr = /<p:spPr>([\s\S]*?)<\/p:spPr>/.exec(sp)?.[1] ?? ''
    const fill = /<a:solidFill><a:srgbClr val="([0-9A-Fa-f]{6})"(?:>\s*<a:alpha val="(\d+)"\/>)?/.exec(spPr)
    const cx = x + w / 2
    const cy = y + h / 2
    const under = fills.filter((f) => cx >= f.x && cx <= f.x + f.w && cy >= f.y && cy <= f.y + f.h).reduce((u, f) => over(f.color, u), slideBg)
    for (const r of sp.match(/<a:r>[\s\S]*?<\/a:r>/g) ?? []) {
      const c = /<a:rPr[^>]*?(?:sz="(\d+)")?[^>]*>[\s\S]*?<a:srgbClr val="([0-9A-Fa-f]{6})"/.exec(r)
      const sz = Number(/sz="(\d+)"/.exec(r)?.[1] ?? 1800)
      const bold = /<a:rPr[^>]*\bb="1"/.test(r)
      const text = /<a:t>([^<]*)<\/a:t>/.exec(r)?.[1] ?? ''
      if (c && text.trim()) out.push({ text: text.slice(0, 40), color: hexRgb(c[2]!), large: sz >= 1800 || (bold && sz >= 1400), under })
    }
    if (fill) fills.push({ x, y, w, h, color: [...hexRgb(fill[1]!), fill[2] ? Number(fill[2]) / 100000 : 1] })
  }
  return out
}
