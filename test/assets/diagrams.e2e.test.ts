/**
 * Diagrams end to end: notes with a Mermaid flowchart, a Mermaid sequence
 * diagram, two Graphviz digraphs (one far taller than a slide), a broken Mermaid
 * block and a PlantUML block are built with the CLI into a deck and its PDFs;
 * the deck is opened in headless Chromium the way a reader would.
 *
 * - each drawn diagram is an inline <svg role="img"> whose text alternative is its source;
 * - the deck carries no Mermaid script, requests nothing, has no page error, and
 *   every slide fits (nothing leaves the slide box: test/helpers/deck.ts);
 * - the slide PDF and the handout hold the diagrams' labels as text; the
 *   PowerPoint file shows them as pictures with their source as alternative text;
 * - the broken and the PlantUML blocks are warnings naming the file and line,
 *   and the deck shows their source; so is a diagram too tall to read once fitted.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFile, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import { bbl, root } from '../helpers/cli.js'
import { closeBrowser, inspectDeck, launchBrowser, openDeck, problems } from '../helpers/deck.js'
import { readPptx } from '../helpers/pptx.js'
import { scratch } from '../helpers/scratch.js'

const FIXTURE = path.join(root, 'test', 'fixtures', 'diagrams', 'diagrams.adoc')

/** The source of each block that follows a `[mermaid]`/`[graphviz]` line in the fixture (the test's own file), with its first line. */
function fixtureBlocks(text: string): Array<{ style: string; source: string; line: number }> {
  const lines = text.split('\n')
  const out: Array<{ style: string; source: string; line: number }> = []
  lines.forEach((l, i) => {
    const style = /^\[(\w+)/.exec(l)?.[1]
    if (!style || !['mermaid', 'graphviz', 'plantuml'].includes(style)) return
    const delimiter = lines[i + 1]!
    const end = lines.indexOf(delimiter, i + 2)
    out.push({ style, source: lines.slice(i + 2, end).join('\n'), line: i + 2 })
  })
  return out
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })

describe('diagrams drawn at build time', () => {
  let dir: string
  let out: string
  let stderr: string
  let browser: Browser
  let blocks: ReturnType<typeof fixtureBlocks>
  /** The deck as the first build wrote it. */
  let firstHtml: string

  before(async () => {
    dir = await scratch('bbl-diagrams-')
    await copyFile(FIXTURE, path.join(dir, 'diagrams.adoc'))
    blocks = fixtureBlocks(await readFile(FIXTURE, 'utf8'))
    const run = await bbl(['pdf', 'diagrams.adoc', '--out', 'out'], { cwd: dir })
    stderr = run.stderr
    assert.equal(run.code, 0, run.stderr)
    out = path.join(dir, 'out', 'diagrams')
    firstHtml = await readFile(path.join(out, 'index.html'), 'utf8')
    browser = await launchBrowser()
  })
  after(async () => {
    if (browser) await closeBrowser(browser)
  })

  it('writes each drawn diagram as an inline <svg> with its source as text alternative', async () => {
    const { page } = await openDeck(browser, path.join(out, 'index.html'))
    try {
      const svgs = await page.$$eval('.bbl-diagram svg', (els) => els.map((e) => ({ role: e.getAttribute('role'), label: e.getAttribute('aria-label'), kind: e.closest('.bbl-diagram')!.getAttribute('data-diagram') })))
      const drawn = blocks.filter((b) => b.style !== 'plantuml' && !b.source.trimEnd().endsWith('-->'))
      assert.equal(svgs.length, drawn.length, JSON.stringify(svgs.map((s) => s.kind)))
      for (const b of drawn) {
        const svg = svgs.find((s) => s.label === b.source.trim())
        assert.ok(svg, `a diagram labelled with the source of line ${b.line}`)
        assert.equal(svg.role, 'img')
        assert.equal(svg.kind, b.style)
      }
    } finally {
      await page.close()
    }
  })

  it('opens with no request, no page error, and every slide fitting', async () => {
    const report = await inspectDeck(browser, path.join(out, 'index.html'))
    assert.deepEqual(problems(report), [])
    assert.ok(report.slides.length >= 8, `${report.slides.length} slides`)
  })

  it('carries no Mermaid script: the SVG is static', async () => {
    const html = await readFile(path.join(out, 'index.html'), 'utf8')
    assert.doesNotMatch(html, /<script[^>]*mermaid/i)
    assert.doesNotMatch(html, /mermaid\.initialize|mermaid\.run/)
    const files = await readdir(out, { recursive: true })
    assert.deepEqual(files.filter((f) => /mermaid|graphviz|\.wasm$/i.test(f)), [])
  })

  it('puts the labels into the slide PDF and the handout as text', () => {
    for (const pdf of ['diagrams.pdf', 'diagrams-handout.pdf']) {
      const text = pdfText(path.join(out, pdf))
      for (const label of ['Order service', 'authorise card', 'typechecker', 'announce']) assert.match(text, new RegExp(label), `${pdf}: "${label}"`)
    }
  })

  it('warns about the broken and the PlantUML blocks with their file and line, and shows their source', async () => {
    const broken = blocks.find((b) => b.source.trimEnd().endsWith('-->'))!
    const plantuml = blocks.find((b) => b.style === 'plantuml')!
    // The broken diagram's error is at its last line; the PlantUML warning is on the block's first delimiter.
    const lastLine = broken.line + broken.source.split('\n').length
    assert.match(stderr, new RegExp(`diagrams\\.adoc:${lastLine}: warning: \\[mermaid\\] diagram not drawn, shown as its source: Parse error`))
    assert.match(stderr, new RegExp(`diagrams\\.adoc:${plantuml.line}: warning: \\[plantuml\\] diagram shown as its source`))
    const { page } = await openDeck(browser, path.join(out, 'index.html'))
    try {
      const listings = await page.$$eval('.listingblock pre, .literalblock pre', (els) => els.map((e) => e.textContent ?? ''))
      assert.ok(listings.some((t) => t.includes('Start --> Middle -->')), 'the broken source is shown')
      assert.ok(listings.some((t) => t.includes('Alice -> Bob: Authentication Request')), 'the PlantUML source is shown')
    } finally {
      await page.close()
    }
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { warnings: Array<{ code: string; line?: number }> }
    const tall = blocks.at(-1)!
    assert.deepEqual(manifest.warnings.filter((w) => w.code === 'DIAGRAM').map((w) => w.line).sort(), [lastLine, plantuml.line, tall.line].sort())
  })

  it('says when a diagram is too tall to read once fitted into a slide', () => {
    const tall = blocks.at(-1)!
    assert.match(stderr, new RegExp(`diagrams\\.adoc:${tall.line}: warning: \\[graphviz\\] diagram is \\d+ px tall: shrunk to fit the slide`))
  })

  it('shows each drawn diagram in the PowerPoint file as a picture with its source as alternative text', async () => {
    const run = await bbl(['pptx', 'diagrams.adoc', '--out', 'out'], { cwd: dir })
    assert.equal(run.code, 0, run.stderr)
    const pptx = await readPptx(path.join(out, 'diagrams.pptx'))
    const pictures = pptx.slides.flatMap((sl) => sl.shapes.filter((sh) => sh.tag === 'pic' && sh.cx > 0 && sh.cy > 0).map((sh) => sh.descr ?? ''))
    for (const b of blocks.filter((x) => x.style !== 'plantuml' && !x.source.trimEnd().endsWith('-->'))) {
      assert.ok(pictures.includes(b.source.trim()), `a picture for the diagram of line ${b.line}`)
    }
  })

  it('draws again from the cache: a rebuild gives the same deck', async () => {
    const cached = await readdir(path.join(dir, 'out', '.bbl-cache', 'diagrams'))
    assert.equal(cached.filter((f) => f.endsWith('.svg')).length, blocks.length - 2)
    const run = await bbl(['build', 'diagrams.adoc', '--out', 'out'], { cwd: dir })
    assert.equal(run.code, 0, run.stderr)
    assert.equal(await readFile(path.join(out, 'index.html'), 'utf8'), firstHtml)
  })
})
