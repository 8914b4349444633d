/**
 * Every output of one notes file in one folder: bbl pdf, bbl pptx and bbl images
 * run one after the other keep each other's files while their deck is unchanged (on
 * the sample); bbl build --pdf --pptx --images makes the same files, byte for
 * byte, in one run (on short notes of our own with a photo: the sample's pictures
 * would take a minute to make twice);
 * an output whose deck changed goes, with a line saying so; the manifest and the
 * landing page (read in headless Chromium) list exactly the files on disk.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import type { Manifest } from '../../src/index.js'
import { closeBrowser, launchBrowser } from '../helpers/browser.js'
import { bblMain, root, type Run } from '../helpers/cli.js'
import { readPptx } from '../helpers/pptx.js'
import { scratch } from '../helpers/scratch.js'
import { EPOCH, SAMPLE, shared } from '../helpers/shared.js'

const env = { SOURCE_DATE_EPOCH: EPOCH }
const NAME = 'dataxday-2018'

const manifestOf = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest

/** The PDFs, PowerPoint files, slide pictures and thumbnails in a notes folder, as relative paths. */
async function outputsOnDisk(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true, encoding: 'utf8' })).map((f) => f.split(path.sep).join('/'))
  return all.filter((f) => /^[^/]+\.(pdf|pptx|thumb\.webp)$/.test(f) || /(^|\/)slides\/\d{3}\.(png|webp|jpg)$/.test(f)).sort()
}

/** The same, as the manifest lists them. */
const outputsListed = (m: Manifest) =>
  [...m.pdfs.map((p) => p.file), ...(m.pptx ?? []).map((p) => p.file), ...(m.slidePictures ?? []).flatMap((s) => [...s.files, s.thumb])].sort()

/** The file's one browser, started by the first landing page read, closed after the file's tests. */
let browser: Promise<Browser> | undefined
after(async () => {
  if (browser) await closeBrowser(await browser)
})

/** Every link and picture of the landing page, as Chromium resolves them. */
async function landingTargets(out: string): Promise<string[]> {
  browser ??= launchBrowser()
  const page = await (await browser).newPage()
  try {
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href, { waitUntil: 'load' })
    return await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href).concat([...document.images].map((i) => i.src)))
  } finally {
    await page.close()
  }
}

const localFile = (url: string) => decodeURIComponent(new URL(url).pathname)

describe('bbl pdf, then bbl pptx, then bbl images on the sample, into one folder', () => {
  let sep: string
  let runs: Run[]

  before(async () => {
    sep = path.join(await scratch('bbl-outputs-'), 'sep')
    // bbl pdf's shared build is the first run; its fit cache spares the next ones the measuring.
    await cp((await shared('sample')).out, sep, { recursive: true })
    runs = [await bblMain(['pptx', SAMPLE, '--out', sep], root, env), await bblMain(['images', SAMPLE, '--out', sep], root, env)]
  })

  it('runs', () => {
    for (const r of runs) assert.equal(r.code, 0, r.stderr)
  })

  it('leaves every PDF, every PowerPoint file and every slide picture, each deck\'s', async () => {
    const dir = path.join(sep, NAME)
    const m = await manifestOf(dir)
    const files = new Set(await outputsOnDisk(dir))
    for (const f of [`${NAME}.pdf`, `${NAME}-handout.pdf`, `${NAME}.pptx`]) assert.ok(files.has(f), f)
    for (const d of m.decks) {
      const base = d.file.replace(/\.html$/, '')
      if (d.kind === 'talk') for (const f of [`${base}.pdf`, `${base}.pptx`]) assert.ok(files.has(f), f)
      const folder = d.kind === 'recap' ? 'slides' : `${base}/slides`
      assert.equal([...files].filter((f) => f.startsWith(`${folder}/`)).length, d.slides, `${folder}: one picture per slide`)
      assert.ok(files.has(`${base}.thumb.webp`), `${base}.thumb.webp`)
    }
  })

  it('lists in the manifest exactly the outputs on disk, each with the hash a later run compares', async () => {
    const dir = path.join(sep, NAME)
    const m = await manifestOf(dir)
    assert.deepEqual(outputsListed(m), await outputsOnDisk(dir))
    for (const e of [...m.pdfs, ...(m.pptx ?? []), ...(m.slidePictures ?? [])]) assert.match(e.hash ?? '', /^[0-9a-f]{64}$/)
  })

  it('has a landing page whose every link and picture is on disk, and that links every PDF, PowerPoint file and slide picture', async () => {
    const targets = await landingTargets(sep)
    for (const t of targets) assert.ok(existsSync(localFile(t)), `dead link: ${t}`)
    const m = await manifestOf(path.join(sep, NAME))
    const linked = new Set(targets.map(localFile))
    const outputs = [...m.pdfs.map((p) => p.file), ...(m.pptx ?? []).map((p) => p.file), ...(m.slidePictures ?? []).flatMap((p) => p.files)]
    assert.ok(outputs.length > 200, `${outputs.length} outputs listed`)
    for (const f of outputs) assert.ok(linked.has(path.join(sep, NAME, f)), `not linked: ${f}`)
  })
})

const NOTES = `= Cloud Days 2025
Noor Writer
:lang: en
:icons: font

== Talks

=== Serverless at the edge

Presented by Rita Gomez

==== Notes

* Cold starts matter less than you think.

NOTE: Measure p99, not averages.

=== Observability on a budget

Speaker: Tom Ueda

==== Notes

. Logs first.
. Then traces.
`

describe('bbl build --pdf --pptx --images, on notes of our own with a photo', () => {
  let dir: string
  let runs: Run[]
  let oneRun: Run
  const bbl = (args: string[]) => bblMain(args, dir, env)
  // Two talks, an admonition and a photo of a slide: each output kind has something of its own to make.
  const notes = NOTES.replace('. Then traces.\n', '. Then traces.\n\nimage::talk-photo-01.jpg[The speaker\'s slide]\n')

  before(async () => {
    assert.notEqual(notes, NOTES, 'the photo is in the notes')
    dir = await scratch('bbl-one-run-')
    await writeFile(path.join(dir, 'cloud.adoc'), notes)
    await cp(path.join(root, 'test/fixtures/images/talk-photo-01.jpg'), path.join(dir, 'talk-photo-01.jpg'))
    runs = [await bbl(['pdf', 'cloud.adoc', '--out', 'sep']), await bbl(['pptx', 'cloud.adoc', '--out', 'sep']), await bbl(['images', 'cloud.adoc', '--out', 'sep'])]
    oneRun = await bbl(['build', 'cloud.adoc', '--pdf', '--pptx', '--images', '--out', 'one'])
  })

  it('makes in one run the files bbl pdf, bbl pptx and bbl images make one after the other, byte for byte', async () => {
    for (const r of [...runs, oneRun]) assert.equal(r.code, 0, r.stderr)
    const a = path.join(dir, 'sep', 'cloud')
    const b = path.join(dir, 'one', 'cloud')
    const files = await outputsOnDisk(a)
    assert.ok(files.some((f) => f.endsWith('.pdf')) && files.some((f) => f.endsWith('.pptx')) && files.some((f) => f.endsWith('.png')), files.join(' '))
    assert.deepEqual(await outputsOnDisk(b), files)
    const differ: string[] = []
    for (const f of files) if (!(await readFile(path.join(a, f))).equals(await readFile(path.join(b, f)))) differ.push(f)
    assert.deepEqual(differ, [])
    assert.deepEqual(outputsListed(await manifestOf(b)), files)
    for (const t of await landingTargets(path.join(dir, 'one'))) assert.ok(existsSync(localFile(t)), `dead link: ${t}`)
  })
})

describe('an output whose deck changed, on notes of our own', () => {
  let dir: string
  let out: string
  let pptxRun: Run
  let pdfRun: Run
  const bbl = (args: string[]) => bblMain(args, dir, env)

  before(async () => {
    dir = await scratch('bbl-stale-')
    out = path.join(dir, 'dist', 'cloud')
    await writeFile(path.join(dir, 'cloud.adoc'), NOTES)
    pptxRun = await bbl(['pptx', 'cloud.adoc'])
    await writeFile(path.join(dir, 'cloud.adoc'), NOTES.replace('Then traces.', 'Then traces, sampled.'))
    pdfRun = await bbl(['pdf', 'cloud.adoc'])
  })

  it('shows the admonition\'s label (NOTE) in the PowerPoint file', async () => {
    assert.equal(pptxRun.code, 0, pptxRun.stderr)
    const p = await readPptx(path.join(dir, 'dist', 'cloud', 'serverless-at-the-edge.pptx'))
    const slide = p.slides.find((s) => s.text.includes('Measure p99'))
    assert.ok(slide, 'the admonition\'s slide')
    assert.match(slide.text, /\bnote\b/i)
  })

  it('removes the PowerPoint files whose deck changed, with a line saying so, and keeps the one whose deck did not', async () => {
    assert.equal(pdfRun.code, 0, pdfRun.stderr)
    assert.match(pdfRun.stderr, /cloud\.adoc: removed 2 stale outputs .*: cloud\.pptx, observability-on-a-budget\.pptx; bbl pptx makes them again/)
    const m = await manifestOf(out)
    assert.deepEqual((m.pptx ?? []).map((p) => p.file), ['serverless-at-the-edge.pptx'])
    assert.deepEqual(outputsListed(m), await outputsOnDisk(out))
    const landing = await readFile(path.join(dir, 'dist', 'index.html'), 'utf8')
    assert.deepEqual([...landing.matchAll(/href="([^"]+\.pptx)"/g)].map((x) => x[1]), ['cloud/serverless-at-the-edge.pptx'])
  })

  it('keeps what a later run that fails would have replaced, byte for byte', async () => {
    const files = await readdir(out, { recursive: true, encoding: 'utf8' })
    const before = await Promise.all(files.map((f) => readFile(path.join(out, f)).catch(() => undefined)))
    await writeFile(path.join(dir, 'cloud.adoc'), `${NOTES}\nimage::not-there.jpg[]\n`)
    const r = await bbl(['pptx', 'cloud.adoc', '--strict'])
    assert.equal(r.code, 4, r.stderr)
    assert.deepEqual(await readdir(out, { recursive: true, encoding: 'utf8' }), files)
    const now = await Promise.all(files.map((f) => readFile(path.join(out, f)).catch(() => undefined)))
    assert.ok(now.every((b, i) => (b === undefined ? before[i] === undefined : before[i]?.equals(b))), 'every file as it was')
  })
})
