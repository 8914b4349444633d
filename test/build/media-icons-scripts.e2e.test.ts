/**
 * Issue 7, points 5–7, end to end: notes with video and audio, font icons, and
 * text in many scripts are built with the CLI, then opened in headless Chromium
 * at 1280×720 the way a reader would. The browser is started with a fontconfig
 * that knows one Latin-only font, so that no system CJK, emoji, Arabic... font
 * can stand in for bbl's own: whatever is drawn comes from the deck folder.
 *
 * - every deck: no request outside its folder, no page error, nothing leaving
 *   the slide box (test/helpers/deck.ts);
 * - media: local files play, remote ones are link cards (no iframe, no request),
 *   also in the PDFs (URL printed, link clickable); missing ones are named;
 * - icons: drawn with a size; sizes as asked;
 * - scripts: no character drawn as the "missing glyph" box, every font used a
 *   font of the deck (not a system one); the fallback bytes each deck carries.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib'
import type { Browser, Page } from 'puppeteer-core'
import subsetFont from 'subset-font'
import type { Manifest } from '../../src/core/manifest.js'
import { words } from '../../src/core/text.js'
import { bbl, root } from '../helpers/cli.js'
import { closeBrowser, launchBrowser, coverage, type DeckReport, inspectDeck, openDeck, openSpeakerView, problems } from '../helpers/deck.js'
import { SAMPLE, shared } from '../helpers/shared.js'
import { notesWords } from '../helpers/words.js'


/** reveal.js, as the page has it. */
declare const Reveal: {
  getSlides(): HTMLElement[]
  getIndices(s: HTMLElement): { h: number; v?: number }
  slide(h: number, v?: number): void
  getScale(): number
}
const FIXTURES = ['media', 'icons', 'icons-text', 'scripts', 'intl']
const INPUTS = FIXTURES.map((f) => `test/fixtures/${f}.adoc`)

/** A browser that knows a single system font, with Latin letters only (made from bbl's own Source Sans 3). */
async function latinOnlyBrowser(tmp: string): Promise<Browser> {
  const fonts = path.join(tmp, 'system-fonts')
  await mkdir(fonts, { recursive: true })
  let ascii = ''
  for (let c = 0x20; c < 0x7f; c++) ascii += String.fromCharCode(c)
  const latin = await readFile(path.join(root, 'assets', 'fonts', 'source-sans-3-latin-400-normal.woff2'))
  await writeFile(path.join(fonts, 'latin-only.ttf'), await subsetFont(latin, ascii, { targetFormat: 'truetype' }))
  const conf = path.join(tmp, 'fonts.conf')
  await writeFile(conf, `<?xml version="1.0"?>\n<fontconfig><dir>${fonts}</dir><cachedir>${path.join(tmp, 'fc-cache')}</cachedir></fontconfig>\n`)
  return launchBrowser({ env: { FONTCONFIG_FILE: conf } })
}

/**
 * Characters of the deck drawn as the missing-glyph box: each is drawn on a canvas in the
 * font of the element holding it and compared, pixel for pixel, with a character no font has.
 */
async function tofu(page: Page, extra = ''): Promise<string[]> {
  // Plain JavaScript: what tsx adds to TypeScript functions does not exist in the page.
  return (await page.evaluate(`(async (extra) => {
    const groups = new Map()
    const skip = /[\\p{White_Space}\\p{Cc}\\p{Cf}]|\\p{Variation_Selector}/u
    const add = (font, text) => {
      const set = groups.get(font) || new Set()
      for (const ch of text) if (!skip.test(ch)) set.add(ch)
      groups.set(font, set)
    }
    const walker = document.createTreeWalker(document.querySelector('.reveal .slides'), NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const s = getComputedStyle(n.parentElement)
      add(s.fontStyle + ' ' + s.fontWeight + ' 48px ' + s.fontFamily, n.textContent || '')
    }
    if (extra) add('normal 400 48px ' + getComputedStyle(document.querySelector('.bbl-slide')).fontFamily, extra)
    const canvas = document.createElement('canvas')
    canvas.width = 96
    canvas.height = 96
    const ctx = canvas.getContext('2d', { willReadFrequently: true })
    const draw = (font, ch) => {
      ctx.clearRect(0, 0, 96, 96)
      ctx.font = font
      ctx.fillText(ch, 16, 64)
      return ctx.getImageData(0, 0, 96, 96).data.join(',')
    }
    const bad = []
    for (const [font, chars] of groups) {
      await document.fonts.load(font, [...chars].join(''))
      const box = draw(font, '\\u{10FFFD}')
      for (const ch of chars) if (draw(font, ch) === box) bad.push('U+' + ch.codePointAt(0).toString(16).toUpperCase() + ' ' + ch + ' (' + font + ')')
    }
    return bad
  })(${JSON.stringify(extra)})`)) as string[]
}

/** The fonts Chromium used to draw each slide's text: [family, custom (a web font)?]. */
async function platformFonts(page: Page): Promise<Map<string, boolean>> {
  const client = await page.createCDPSession()
  await client.send('DOM.enable')
  await client.send('CSS.enable')
  const used = new Map<string, boolean>()
  const slides = (await page.evaluate('Reveal.getSlides().map((s) => { const i = Reveal.getIndices(s); return [i.h, i.v || 0] })')) as Array<[number, number]>
  for (const [h, v] of slides) {
    await page.evaluate(`Reveal.slide(${h}, ${v})`)
    const { root: doc } = await client.send('DOM.getDocument', { depth: 0 })
    const { nodeIds } = await client.send('DOM.querySelectorAll', { nodeId: doc.nodeId, selector: '.reveal .slides section.present .bbl-slide *' })
    for (const nodeId of nodeIds) {
      const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId })
      for (const f of fonts) used.set(f.familyName, (used.get(f.familyName) ?? true) && f.isCustomFont)
    }
  }
  await client.detach()
  return used
}


async function folderBytes(dir: string, match = (_f: string) => true): Promise<number> {
  let n = 0
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && match(e.name)) n += (await stat(path.join(e.parentPath, e.name))).size
  }
  return n
}

describe('media, icons and every script, in real decks', () => {
  let tmp: string
  let out: string
  let browser: Browser
  let build: { code: number | null; stderr: string }
  let pdf: { code: number | null; stderr: string }
  let asBefore: { code: number | null; stderr: string }
  const reports = new Map<string, DeckReport>()

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-fidelity-'))
    out = path.join(tmp, 'out')
    ;[build, pdf, asBefore] = await Promise.all([
      bbl(['build', ...INPUTS, '--out', out]),
      bbl(['pdf', 'test/fixtures/media.adoc', '--no-talks', '--out', path.join(tmp, 'pdf')]),
      // The sample as bbl built it before issue 13 straightened photos, to compare with its build before issue 7.
      bbl(['build', SAMPLE, '--photos', 'off', '--out', path.join(tmp, 'photos-off')]),
    ])
    browser = await latinOnlyBrowser(tmp)
    for (const name of FIXTURES) {
      const m = JSON.parse(await readFile(path.join(out, name, 'manifest.json'), 'utf8')) as Manifest
      for (const d of m.decks) reports.set(`${name}/${d.file}`, await inspectDeck(browser, path.join(out, name, d.file)))
    }
  })

  after(async () => {
    await closeBrowser(browser)
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('builds with warnings that name each problem, its kind and its line', () => {
    assert.equal(build.code, 0, build.stderr)
    const warnings = build.stderr.split('\n').filter((l) => l.includes('warning:'))
    const short = warnings.map((l) => l.replace(/^(\S+?:\d+): warning: (.{0,24}).*$/, '$1 $2'))
    // Notes files are built side by side: each file's warnings come in line order, the files in any order.
    assert.deepEqual(short.sort(), [
      'test/fixtures/media.adoc:24 YouTube video shown as a',
      'test/fixtures/media.adoc:28 Vimeo video shown as a l',
      'test/fixtures/media.adoc:32 remote video shown as a ',
      'test/fixtures/media.adoc:38 video not found: media/p',
      'test/fixtures/media.adoc:42 audio not found: media/p',
      'test/fixtures/icons.adoc:23 no icon named "unicorn-r',
    ].sort())
    assert.doesNotMatch(build.stderr, /image not found/)
  })

  it('opens every deck offline: no request outside its folder, no page error, nothing off the slide', () => {
    assert.ok(reports.size >= FIXTURES.length * 2, 'reports.size >= FIXTURES.length * 2')
    const all = [...reports.values()].flatMap(problems)
    assert.deepEqual(all, [])
  })

  it('opens the speaker view of each recap deck offline too', async () => {
    for (const name of FIXTURES) {
      const v = await openSpeakerView(browser, path.join(out, name, 'index.html'), { h: 2, v: 0 })
      assert.ok(v.opened, name)
      assert.deepEqual([v.outside, v.errors], [[], []], name)
    }
  })

  it('shows at least 99 % of the notes\' words in each recap deck', () => {
    for (const name of FIXTURES) {
      const shown = reports.get(`${name}/index.html`)!.slides.flatMap((sl) => words(sl.text))
      const c = coverage(notesWords(`test/fixtures/${name}.adoc`), shown)
      assert.ok(c.share >= 0.99, `${name}: ${(c.share * 100).toFixed(1)} % of ${c.total} words; missing ${[...c.missing.keys()].slice(0, 20).join(' ')}`)
    }
  })

  it('plays local video and audio copied into the deck, at the size the author gave', async () => {
    const { page, log } = await openDeck(browser, path.join(out, 'media', 'index.html'))
    try {
      const media = (await page.evaluate(async () => {
        const els = [...document.querySelectorAll<HTMLMediaElement>('.slides video, .slides audio')]
        return Promise.all(
          els.map(async (m) => {
            m.preload = 'auto'
            m.muted = true
            // Playable: the browser decoded enough of the file to start playing it ('canplay').
            if (m.readyState < 3) {
              await new Promise((r) => {
                m.addEventListener('canplay', r, { once: true })
                m.addEventListener('error', r, { once: true })
                setTimeout(r, 10_000)
                m.load()
              })
            }
            const v = m as HTMLVideoElement
            return { tag: m.tagName, src: m.getAttribute('src'), duration: m.duration, ready: m.readyState, error: m.error?.code ?? 0, w: v.videoWidth ?? 0, style: m.getAttribute('style') }
          }),
        )
      })) as Array<{ tag: string; src: string; duration: number; ready: number; error: number; w: number; style: string | null }>
      assert.deepEqual(media.map((m) => [m.tag, m.src]), [['VIDEO', 'media/failover-drill.webm'], ['AUDIO', 'media/pager-alert.wav']])
      for (const m of media) {
        assert.equal(m.error, 0, `${m.src} plays`)
        assert.ok(m.duration > 0 && m.ready >= 3, `${m.src}: duration ${m.duration}, readyState ${m.ready}`)
      }
      assert.ok(media[0]!.w > 0, 'media[0]!.w > 0')
      assert.equal(media[0]!.style, 'width: 640px; height: 360px')
      assert.deepEqual(log.outside, [])
      // The background video of the closing demo is the copied file too.
      assert.equal(await page.evaluate(`document.querySelector('[data-background-video]')?.getAttribute('data-background-video')`), 'media/failover-drill.webm')
    } finally {
      await page.close()
    }
  })

  it('shows remote and hosted videos as link cards: never an iframe, never a request', async () => {
    for (const file of ['index.html', 'streaming-video-at-the-edge.html']) {
      const html = await readFile(path.join(out, 'media', file), 'utf8')
      assert.doesNotMatch(html, /<iframe|youtube\.com\/embed|player\.vimeo/)
      const cards = [...html.matchAll(/<div class="bbl-link-card"[^>]*>.*?<a href="([^"]+)"/g)].map((m) => m[1])
      assert.deepEqual(cards, ['https://www.youtube.com/watch?v=rPQoq7ThGAU', 'https://vimeo.com/67480300', 'https://cdn.example.com/streams/sample-720p.mp4'])
      assert.match(html, /Streaming video at the edge \(full talk\)/)
      assert.match(html, /Video not found<\/span><strong>media\/phone-demo\.mp4/)
      assert.match(html, /Audio not found<\/span><strong>media\/podcast-episode-12\.mp3/)
    }
    const r = reports.get('media/index.html')!
    assert.deepEqual([r.outside, r.failed, r.errors], [[], [], []])
  })

  it('prints the cards in the PDFs, URL in the text and clickable', async () => {
    assert.equal(pdf.code, 0, pdf.stderr)
    for (const file of ['media.pdf', 'media-handout.pdf']) {
      const f = path.join(tmp, 'pdf', 'media', file)
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-']).toString()
      for (const url of ['https://www.youtube.com/watch?v=rPQoq7ThGAU', 'https://vimeo.com/67480300']) assert.ok(text.includes(url), `${file} prints ${url}`)
      const doc = await PDFDocument.load(await readFile(f))
      const uris = doc.getPages().flatMap((p) => {
        const annots = p.node.Annots()
        return annots ? annots.asArray().map((a) => doc.context.lookup(a, PDFDict).lookupMaybe(PDFName.of('A'), PDFDict)?.lookupMaybe(PDFName.of('URI'), PDFString)?.decodeText()) : []
      })
      assert.ok(uris.includes('https://www.youtube.com/watch?v=rPQoq7ThGAU'), `${file}: link annotations ${uris.join(', ')}`)
    }
  })

  it('draws icons with a size, in the sizes asked', async () => {
    const { page } = await openDeck(browser, path.join(out, 'icons', 'index.html'))
    try {
      const icons = (await page.evaluate(async () => {
        const out: Array<{ cls: string; w: number; h: number; em: number }> = []
        for (const s of Reveal.getSlides()) {
          const i = Reveal.getIndices(s)
          Reveal.slide(i.h, i.v)
          await new Promise((r) => requestAnimationFrame(() => r(null)))
          const scale = Reveal.getScale()
          for (const svg of s.querySelectorAll('svg.bbl-icon')) {
            const r = svg.getBoundingClientRect()
            out.push({ cls: svg.getAttribute('class')!, w: r.width / scale, h: r.height / scale, em: Number.parseFloat(getComputedStyle(svg.parentElement!).fontSize) })
          }
        }
        return out
      })) as Array<{ cls: string; w: number; h: number; em: number }>
      assert.equal(icons.length, 13)
      for (const i of icons) assert.ok(i.w > 4 && i.h > 4, `${i.cls}: ${i.w}×${i.h}`)
      const ratio = (cls: string) => {
        const i = icons.find((x) => x.cls === `bbl-icon ${cls}`)!
        return i.h / i.em
      }
      assert.ok(Math.abs(ratio('fa-2x') - 2) < 0.1 && Math.abs(ratio('fa-5x') - 5) < 0.2, `2x: ${ratio('fa-2x')}, 5x: ${ratio('fa-5x')}`)
      // role=red: the icon takes the colour of Asciidoctor's red role (assets/bbl.css).
      const [fill, red] = (await page.evaluate(`[getComputedStyle(document.querySelector('.icon.red svg')).fill, getComputedStyle(document.querySelector('.icon.red')).color]`)) as string[]
      assert.equal(fill, red)
      assert.notEqual(red, (await page.evaluate(`getComputedStyle(document.querySelector('.bbl-body p')).color`)) as string)
    } finally {
      await page.close()
    }
    const plain = await readFile(path.join(out, 'icons-text', 'index.html'), 'utf8')
    assert.match(plain, /<div class="title">Note<\/div>/)
    assert.doesNotMatch(plain, /<svg/)
  })

  it('draws every character of CJK, emoji, Arabic, Hebrew, Devanagari, Thai, Cyrillic and Greek notes with the deck’s own fonts', async () => {
    const bytes: string[] = []
    for (const name of ['scripts', 'intl']) {
      const { page } = await openDeck(browser, path.join(out, name, 'index.html'))
      try {
        // The check itself: a character no bundled font has is caught.
        assert.deepEqual((await tofu(page, '\u{13000}')).map((t) => t.split(' ')[0]), ['U+13000'])
        assert.deepEqual(await tofu(page), [], `${name}: characters drawn as boxes`)
        const fonts = await platformFonts(page)
        const system = [...fonts].filter(([, custom]) => !custom).map(([f]) => f)
        assert.deepEqual(system, [], `${name}: drawn with system fonts`)
        if (name === 'scripts') {
          for (const f of ['Noto Sans CJK JP', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Devanagari', 'Noto Sans Thai', 'Noto Emoji', 'Noto Sans']) {
            assert.ok(fonts.has(f), `${f} used (fonts: ${[...fonts.keys()].join(', ')})`)
          }
        }
      } finally {
        await page.close()
      }
      const added = await folderBytes(path.join(out, name), (f) => f.startsWith('fallback-'))
      bytes.push(`${name} ${(added / 1024).toFixed(0)} KB`)
      assert.ok(added > 0 && added < 300 * 1024, `${name}: ${added} bytes of fallback fonts`)
    }
    // The run's shared build of the sample (a `bbl pdf`: its deck folder also holds the PDFs, left out here).
    const sample = path.join((await shared('sample')).out, 'dataxday-2018')
    const added = await folderBytes(sample, (f) => f.startsWith('fallback-') || f === 'OFL-noto.txt')
    const total = await folderBytes(sample, (f) => !f.endsWith('.pdf'))
    bytes.push(`dataxday-2018 ${(added / 1024).toFixed(1)} KB of ${(total / 1024).toFixed(0)} KB`)
    assert.ok(added / (total - added) <= 0.05, `the sample grows by ${((100 * added) / (total - added)).toFixed(1)} %`)
    console.log(`# fallback fonts per deck folder: ${bytes.join('; ')}`)
  })

  it('the sample\'s deck folder is at most 5 % larger than before issue 7', async () => {
    // Its files built at 371379d (the last commit before issue 7's work); photos as taken, as then
    // (issue 13's straightened photos and the originals kept beside them are not issue 7's).
    const BEFORE = 3_480_664
    assert.equal(asBefore.code, 0, asBefore.stderr)
    const sample = path.join(tmp, 'photos-off', 'dataxday-2018')
    let bytes = 0
    for (const e of await readdir(sample, { recursive: true, withFileTypes: true })) if (e.isFile()) bytes += (await stat(path.join(e.parentPath, e.name))).size
    console.log(`# the sample's deck folder: ${bytes} bytes, ${((100 * (bytes - BEFORE)) / BEFORE).toFixed(2)} % over ${BEFORE} before issue 7`)
    assert.ok(bytes <= BEFORE * 1.05, `${bytes} bytes`)
  })
})
