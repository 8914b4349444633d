/**
 * The command line, in-process (`main(argv, io)` returns the exit code): help,
 * version, usage errors (2), notes that cannot be read (3, one line naming the
 * file, no stack trace), warnings and --strict (4, earlier output kept),
 * --talk and --theme.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import { version } from '../../src/core/version.js'
import { bblMain } from '../helpers/cli.js'
import { closeBrowser, inspectDeck, launchBrowser, problems } from '../helpers/deck.js'

let tmp: string

const bbl = (args: string[], cwd = tmp) => bblMain(args, cwd)

/** One line, no stack trace: what a user sees for an expected failure. */
function assertOneLine(stderr: string, ...parts: Array<string | RegExp>) {
  const lines = stderr.trimEnd().split('\n')
  assert.equal(lines.length, 1, `one line expected, got:\n${stderr}`)
  assert.doesNotMatch(stderr, /\n\s+at |Error:|node:internal/)
  for (const p of parts) typeof p === 'string' ? assert.ok(lines[0]!.includes(p), `"${p}" in: ${lines[0]}`) : assert.match(lines[0]!, p)
}

const NOTES = `= Small Conf 2024
Sam Writer
:lang: en

== Talks

=== First talk - ACME (EN)

Presented by Ada Brooks

==== Notes

Short notes.

=== Second talk

Speaker: Ben Carter

==== Notes

More notes.
`

describe('bbl (command line)', () => {
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-cli-'))
    await writeFile(path.join(tmp, 'conf.adoc'), NOTES)
  })
  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  describe('help and usage', () => {
    it('--help prints the usage on stdout and exits 0', async () => {
      const r = await bbl(['--help'])
      assert.equal(r.code, 0)
      assert.match(r.stdout, /Usage: bbl <command>/)
      for (const cmd of ['build', 'pdf', 'serve']) assert.match(r.stdout, new RegExp(`^  ${cmd} `, 'm'), cmd)
      assert.equal(r.stderr, '')
    })
    it('build --help lists the build options', async () => {
      const r = await bbl(['build', '--help'])
      assert.equal(r.code, 0)
      for (const flag of ['--out', '--talk', '--theme', '--strict']) assert.ok(r.stdout.includes(flag), flag)
    })
    it('--version prints the version and exits 0', async () => {
      const r = await bbl(['--version'])
      assert.equal(r.code, 0)
      assert.equal(r.stdout, `${version}\n`)
    })
    it('an unknown flag exits 2 with one line naming it', async () => {
      const r = await bbl(['build', 'conf.adoc', '--frobnicate'])
      assert.equal(r.code, 2)
      assertOneLine(r.stderr, '--frobnicate')
    })
    it('an unknown command exits 2', async () => {
      const r = await bbl(['bulid', 'conf.adoc'])
      assert.equal(r.code, 2)
      assertOneLine(r.stderr, 'bulid')
    })
    it('--theme with an unknown theme exits 2 and names the built-in ones', async () => {
      const r = await bbl(['build', 'conf.adoc', '--theme', 'nope', '--out', 'out-nope'])
      assert.equal(r.code, 2)
      assertOneLine(r.stderr, '"nope"', 'white')
      assert.ok(!existsSync(path.join(tmp, 'out-nope', 'conf')), "!existsSync(path.join(tmp, 'out-nope', 'conf'))")
    })
  })

  describe('notes that cannot be read', () => {
    it('a missing file exits 3 with its path on one line', async () => {
      const r = await bbl(['build', 'decks/no-such-notes.adoc', '--out', 'out'])
      assert.equal(r.code, 3)
      assertOneLine(r.stderr, 'decks/no-such-notes.adoc')
    })
    it('a directory exits 3', async () => {
      await mkdir(path.join(tmp, 'a-folder.adoc'), { recursive: true })
      const r = await bbl(['build', 'a-folder.adoc', '--out', 'out'])
      assert.equal(r.code, 3)
      assertOneLine(r.stderr, 'a-folder.adoc', /director/)
    })
    it('a binary file exits 3', async () => {
      await writeFile(path.join(tmp, 'photo.adoc'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]))
      const r = await bbl(['build', 'photo.adoc', '--out', 'out'])
      assert.equal(r.code, 3)
      assertOneLine(r.stderr, 'photo.adoc', /not a text file|binary/)
    })
    it('an unterminated block exits 3 with file:line', async () => {
      await writeFile(path.join(tmp, 'open-block.adoc'), '= Conf\n\n== Talks\n\nSome text.\n\n----\nint x = 1;\n')
      const r = await bbl(['build', 'open-block.adoc', '--out', 'out'])
      assert.equal(r.code, 3)
      assertOneLine(r.stderr, 'open-block.adoc:7', /unterminated/)
      assert.ok(!existsSync(path.join(tmp, 'out', 'open-block')), 'nothing written')
    })
  })

  describe('builds', () => {
    let browser: Browser
    before(async () => {
      browser = await launchBrowser()
    })
    after(async () => {
      await closeBrowser(browser)
    })

    it('a missing picture: exit 0, a warning with the line on stderr and in the manifest', async () => {
      await writeFile(path.join(tmp, 'pics.adoc'), `${NOTES}\nimage::not-there.jpg[]\n`)
      const line = `${NOTES}\nimage::not-there.jpg[]\n`.split('\n').indexOf('image::not-there.jpg[]') + 1
      const r = await bbl(['build', 'pics.adoc', '--out', 'out'])
      assert.equal(r.code, 0, r.stderr)
      const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'))
      assert.equal(warnings.length, 1, r.stderr)
      assert.ok(warnings[0]!.startsWith(`pics.adoc:${line}: warning: `), warnings[0])
      assert.ok(warnings[0]!.includes('not-there.jpg'), "warnings[0]!.includes('not-there.jpg')")
      const m = JSON.parse(await readFile(path.join(tmp, 'out', 'pics', 'manifest.json'), 'utf8'))
      assert.deepEqual(
        m.warnings.map((w: { code: string; line?: number }) => [w.code, w.line]),
        [['IMAGE_MISSING', line]],
      )
    })

    it('--strict with a warning exits 4 and leaves the earlier output in place', async () => {
      const r1 = await bbl(['build', 'conf.adoc', '--out', 'strict-out', '--strict'])
      assert.equal(r1.code, 0, r1.stderr)
      const index = path.join(tmp, 'strict-out', 'conf', 'index.html')
      const before = await readFile(index)
      const files = await readFile(path.join(tmp, 'strict-out', 'conf', 'manifest.json'), 'utf8')
      // The same notes, now with a picture that is not there.
      await writeFile(path.join(tmp, 'conf.adoc'), `${NOTES}\nNew paragraph.\n\nimage::gone.jpg[]\n`)
      try {
        const r2 = await bbl(['build', 'conf.adoc', '--out', 'strict-out', '--strict'])
        assert.equal(r2.code, 4, r2.stderr)
        assert.match(r2.stderr, /conf\.adoc:\d+: warning: .*gone\.jpg/)
        assert.match(r2.stderr, /--strict/)
        assert.match(r2.stderr, /kept/)
        assert.doesNotMatch(r2.stderr, /\n\s+at /)
        assert.ok((await readFile(index)).equals(before), 'index.html unchanged')
        assert.equal(await readFile(path.join(tmp, 'strict-out', 'conf', 'manifest.json'), 'utf8'), files)
        assert.ok(!(await readFile(index, 'utf8')).includes('New paragraph'), "!(await readFile(index, 'utf8')).includes('New paragraph')")
      } finally {
        await writeFile(path.join(tmp, 'conf.adoc'), NOTES)
      }
    })

    it('--talk with an unknown title exits 2 and lists the talks', async () => {
      const r = await bbl(['build', 'conf.adoc', '--talk', 'no such talk', '--out', 'out-talk'])
      assert.equal(r.code, 2)
      assertOneLine(r.stderr, '"no such talk"', 'first-talk', 'second-talk')
      assert.ok(!existsSync(path.join(tmp, 'out-talk', 'conf')), "!existsSync(path.join(tmp, 'out-talk', 'conf'))")
    })

    it('--talk builds the recap and that talk only', async () => {
      const r = await bbl(['build', 'conf.adoc', '--talk', 'second', '--out', 'out-one'])
      assert.equal(r.code, 0, r.stderr)
      const m = JSON.parse(await readFile(path.join(tmp, 'out-one', 'conf', 'manifest.json'), 'utf8'))
      assert.deepEqual(
        m.decks.map((d: { file: string }) => d.file),
        ['index.html', 'second-talk.html'],
      )
    })

    it('--talk over a full build keeps the other talk decks as they were', async () => {
      const full = await bbl(['build', 'conf.adoc', '--out', 'out-keep'])
      assert.equal(full.code, 0, full.stderr)
      const dir = path.join(tmp, 'out-keep', 'conf')
      const before = await readFile(path.join(dir, 'first-talk.html'), 'utf8')
      // The first talk's notes change: a rebuilt first-talk.html would differ from the one kept.
      await writeFile(path.join(tmp, 'conf-edited.adoc'), NOTES.replace('Short notes.', 'Short notes, edited later.'))
      await rename(path.join(dir, '..', 'conf'), path.join(dir, '..', 'conf-edited'))
      const r = await bbl(['build', 'conf-edited.adoc', '--talk', 'second', '--out', 'out-keep'])
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stderr, /kept 1 other talk deck/)
      const edited = path.join(tmp, 'out-keep', 'conf-edited')
      const m = JSON.parse(await readFile(path.join(edited, 'manifest.json'), 'utf8'))
      assert.deepEqual(
        m.decks.map((d: { file: string }) => d.file),
        ['index.html', 'first-talk.html', 'second-talk.html'],
      )
      assert.equal(await readFile(path.join(edited, 'first-talk.html'), 'utf8'), before)
      assert.match(await readFile(path.join(edited, 'index.html'), 'utf8'), /edited later/, 'the recap is rebuilt')
    })

    it('--theme white builds decks that request nothing outside their folder', async () => {
      const r = await bbl(['build', 'conf.adoc', '--theme', 'white', '--out', 'out-white'])
      assert.equal(r.code, 0, r.stderr)
      const dir = path.join(tmp, 'out-white', 'conf')
      const m = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'))
      assert.equal(m.theme, 'white')
      for (const d of m.decks as Array<{ file: string }>) {
        const report = await inspectDeck(browser, path.join(dir, d.file))
        assert.deepEqual(problems(report), [])
        assert.ok(report.slides.length >= 3, 'report.slides.length >= 3')
      }
      // The reveal.js theme is in use: its background colour, not bbl's defaults only.
      const css = await readFile(path.join(dir, 'assets', 'theme', 'theme.css'), 'utf8')
      assert.match(css, /--r-background-color/)
      assert.doesNotMatch(css, /https?:\/\//)
    })
  })
})
