/**
 * Photos of slides as a user sees them: notes with a photo of a projected slide
 * and one marked [.raw], built with the CLI; in Chromium at 1280×720 the
 * straightened slide fills its photo slide far better than the photo did, links
 * to the photo as taken (which loads), and the deck has no problem; with
 * --photos off nothing is straightened.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import { area } from '../../../src/assets/photos/geometry.js'
import { main } from '../../../src/cli/main.js'
import type { Manifest } from '../../../src/core/manifest.js'
import { closeBrowser, inspectDeck, launchBrowser, openDeck, problems } from '../../helpers/deck.js'
import { screenPhoto } from './testset.js'

const NOTES = `= Conf Notes
:imagesdir: images

== Talks

=== Streams at scale
Presented by *Jane Doe*, engineer

==== Notes

.The architecture
image::arch.jpg[Architecture]

[.raw]
image::kept.jpg[Kept as taken]
`

let root: string
let browser: Browser | undefined

async function build(out: string, ...flags: string[]): Promise<Manifest> {
  const code = await main(['build', 'notes.adoc', '--out', out, '--quiet', ...flags], { cwd: root })
  assert.equal(code, 0)
  return JSON.parse(await readFile(path.join(root, out, 'notes', 'manifest.json'), 'utf8')) as Manifest
}

describe('photos of slides, end to end', () => {
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'bbl-photos-e2e-'))
    await mkdir(path.join(root, 'images'))
    await writeFile(path.join(root, 'notes.adoc'), NOTES)
    await writeFile(path.join(root, 'images', 'arch.jpg'), (await screenPhoto(2)).data)
    await writeFile(path.join(root, 'images', 'kept.jpg'), (await screenPhoto(3)).data)
    browser = await launchBrowser()
  })
  after(async () => {
    await closeBrowser(browser)
    await rm(root, { recursive: true, force: true })
  })

  it('straightens the photo, keeps and links the original, leaves the [.raw] one; the deck shows it larger, with no problem', async () => {
    const m = await build('dist')
    const arch = m.images.find((i) => i.source === 'arch.jpg')!
    assert.deepEqual(arch.photo && [arch.photo.corrected, arch.photo.original], [true, 'images/arch.original.jpg'])
    assert.ok(arch.photo!.confidence >= 0.5, 'arch.photo!.confidence >= 0.5')
    assert.equal(m.images.find((i) => i.source === 'kept.jpg')!.photo, undefined)
    const deck = path.join(root, 'dist', 'notes', 'index.html')
    assert.deepEqual(problems(await inspectDeck(browser!, deck)), [])

    const { page } = await openDeck(browser!, deck)
    // A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
    const shown = (await page.evaluate(`(async () => {
      const out = {}
      for (const img of document.querySelectorAll('.bbl-photo img')) {
        const at = Reveal.getIndices(img.closest('section'))
        Reveal.slide(at.h, at.v)
        await new Promise((r) => setTimeout(r, 800))
        const box = img.getBoundingClientRect()
        const k = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight)
        const link = img.closest('a') ? img.closest('a').getAttribute('href') : null
        const linkLoads = link ? await new Promise((r) => Object.assign(new Image(), { onload: () => r(true), onerror: () => r(false), src: link })) : undefined
        out[img.getAttribute('src')] = { share: (img.naturalWidth * k * img.naturalHeight * k) / (1280 * 720), aspect: img.naturalWidth / img.naturalHeight, link, linkLoads }
      }
      return out
    })()`)) as Record<string, { share: number; aspect: number; link: string | null; linkLoads?: boolean }>
    await page.close()
    const fixed = shown['images/arch.jpg']!
    const raw = shown['images/kept.jpg']!
    assert.deepEqual([fixed.link, fixed.linkLoads, raw.link], ['images/arch.original.jpg', true, null])
    assert.ok(Math.abs(fixed.aspect - 4 / 3) < 0.01, `straightened to the slide's 4:3, got ${fixed.aspect}`)
    // The raw photo shows the whole room around the slide; the straightened one is the slide alone.
    const kept = await screenPhoto(3)
    const slideInPhoto = raw.share * (area(kept.corners!) / (kept.width * kept.height))
    assert.ok(fixed.share > 0.4 && fixed.share > 2 * slideInPhoto, JSON.stringify({ shown, slideInPhoto }))
  })

  it('straightens nothing with --photos off', async () => {
    const m = await build('dist-off', '--photos', 'off')
    assert.ok(m.images.every((i) => i.photo === undefined), 'm.images.every((i) => i.photo === undefined)')
    const files = await readdir(path.join(root, 'dist-off', 'notes', 'images'))
    assert.deepEqual(files.sort(), ['arch.jpg', 'kept.jpg'])
    assert.deepEqual(await readFile(path.join(root, 'dist-off', 'notes', 'images', 'arch.jpg')), await readFile(path.join(root, 'images', 'arch.jpg')))
  })
})
