/**
 * Real write-ups (test/fixtures/real/, the public corpus) built and opened in
 * Chromium: no front matter, no "Unresolved directive" and no raw `{attribute}`
 * on any slide of any deck, no slide left empty by the talk split; and what bbl
 * says it understood, in build's output and in check's (text and JSON), with a
 * file where it finds no talk.
 */
import assert from 'node:assert/strict'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import type { Manifest, Problem } from '../../src/index.js'
import { bblMain, root } from '../helpers/cli.js'
import { closeBrowser, launchBrowser, openDeck } from '../helpers/deck.js'

const NOTES = {
  groovy: 'real/groovy/community-over-code-na-2023.adoc',
  tangly: 'real/tangly/2023/blog-2023-10-03.adoc',
  jenkins: 'real/jenkins/2020-02-19-jenkins-world-lisbon-with-love-from-india.adoc',
  // Its listing of a <link> to a web font is raw HTML (subs="none").
  devmind: 'real/devmind/dotcss.adoc',
}

/** Each slide's text outside code and speaker notes, with whether it shows a picture. Plain JS: it runs in the page. */
const SLIDE_TEXTS = `[...document.querySelectorAll('.reveal .slides section')].filter((s) => !s.querySelector('section')).map((s) => {
  const c = s.cloneNode(true)
  c.querySelectorAll('pre, code, aside.notes, .bbl-brand').forEach((e) => e.remove())
  const title = (c.querySelector('h1, h2, h3, .bbl-title')?.textContent || '').trim()
  return { title, text: c.textContent.replace(/\\s+/g, ' ').trim(), pictures: s.querySelectorAll('img, video').length }
})`

interface SlideText {
  title: string
  text: string
  pictures: number
}

describe('real write-ups, built', () => {
  let tmp: string
  let browser: Browser
  let build: Awaited<ReturnType<typeof bblMain>>
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-real-notes-'))
    await cp(path.join(root, 'test', 'fixtures', 'real'), path.join(tmp, 'real'), { recursive: true })
    build = await bblMain(['build', ...Object.values(NOTES), '--out', 'dist', '--root', 'real/tangly'], tmp)
    browser = await launchBrowser()
  })
  after(async () => {
    await closeBrowser(browser)
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('builds them (warnings about pictures on the web are expected), saying what it understood of each', () => {
    assert.equal(build.code, 0, build.stderr)
    assert.match(build.stderr, /community-over-code-na-2023\.adoc: 5 talks found \(level 3, under 'The Groovy Track', from the sections' shape\)/)
    assert.match(build.stderr, /blog-2023-10-03\.adoc: 24 talks found \(level 3, under 'Day One', 'Day Two', 'Day Three', …, from the sections' shape\)/)
    assert.match(build.stderr, /lisbon-with-love-from-india\.adoc: no talk found: read as a plain deck — mark talks with \[\.talk\] or :bbl-talks:/)
  })

  it('shows no front matter, no "Unresolved directive", no raw {attribute} and no empty slide in any deck', async () => {
    const bad: string[] = []
    let seen = 0
    for (const name of ['community-over-code-na-2023', 'blog-2023-10-03', '2020-02-19-jenkins-world-lisbon-with-love-from-india']) {
      const manifest = JSON.parse(await readFile(path.join(tmp, 'dist', name, 'manifest.json'), 'utf8')) as Manifest
      for (const deck of manifest.decks) {
        const { page } = await openDeck(browser, path.join(tmp, 'dist', name, deck.file))
        try {
          const slides = (await page.evaluate(SLIDE_TEXTS)) as SlideText[]
          seen += slides.length
          slides.forEach((s, i) => {
            const at = `${name}/${deck.file} slide ${i} "${s.title}"`
            for (const m of s.text.match(/layout: post|tags:\s*-|Unresolved directive|\{[a-z][\w-]*\}/g) ?? []) bad.push(`${at}: ${m}`)
            if (s.text.length === 0 && s.pictures === 0) bad.push(`${at}: empty`)
          })
        } finally {
          await page.close()
        }
      }
    }
    assert.deepEqual(bad, [])
    // The recaps and the 29 talk decks were all read: not a check of nothing.
    assert.ok(seen > 100, `${seen} slides`)
  })

  it('opens every deck without a request outside its folder or a page error', async () => {
    const bad: string[] = []
    for (const file of Object.values(NOTES)) {
      const name = path.basename(file, '.adoc')
      const manifest = JSON.parse(await readFile(path.join(tmp, 'dist', name, 'manifest.json'), 'utf8')) as Manifest
      for (const deck of manifest.decks) {
        const { page, log } = await openDeck(browser, path.join(tmp, 'dist', name, deck.file))
        await page.close()
        bad.push(...[...log.outside, ...log.errors].map((m) => `${name}/${deck.file}: ${m}`))
      }
    }
    assert.deepEqual(bad, [])
  })

  it('check says it, per file, in text and in JSON', async () => {
    const text = await bblMain(['check', NOTES.jenkins, NOTES.groovy], tmp)
    assert.match(text.stdout, /^real\/jenkins\/2020-02-19-jenkins-world-lisbon-with-love-from-india\.adoc: info: no talk found: read as a plain deck — mark talks with \[\.talk\] or :bbl-talks:$/m)
    assert.match(text.stdout, /^real\/groovy\/community-over-code-na-2023\.adoc:57: info: 5 talks found/m)
    const json = JSON.parse((await bblMain(['check', NOTES.jenkins, '--format', 'json'], tmp)).stdout) as Problem[]
    assert.deepEqual(json.filter((p) => p.code === 'TALKS').map((p) => p.message), ['no talk found: read as a plain deck — mark talks with [.talk] or :bbl-talks:'])
  })

  it('takes the author\'s word from the command line: -a bbl-talks=2 makes the diary\'s days talks', async () => {
    const r = await bblMain(['check', NOTES.jenkins, '-a', 'bbl-talks=2'], tmp)
    assert.match(r.stdout, /info: 5 talks found \(level 2, under the document, as marked\)/)
  })
})
