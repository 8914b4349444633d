/**
 * Characters XML 1.0 forbids (U+0001–U+0008, U+000B, U+000C, U+000E–U+001F,
 * U+FFFE, U+FFFF: text pasted from a PDF) anywhere in the notes: each line that
 * held one is a warning with its line, and every XML part of every PowerPoint
 * file is well-formed, as Chromium's XML parser reads it.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import JSZip from 'jszip'
import type { Browser } from 'puppeteer-core'
import { bblMain } from '../helpers/cli.js'
import { closeBrowser, launchBrowser } from '../helpers/deck.js'

const C = ['\u0001', '\u0008', '\u000b', '\u000c', '\u000e', '\u001f', '\ufffe', '\uffff']

const NOTES = [
  `= Pasted${C[0]} from a PDF`,
  'Ada Lovelace',
  '',
  '== Talks',
  '',
  `=== A talk${C[1]} with controls`,
  '',
  'Présenté par *Grace Hopper*',
  '',
  `Some text${C[2]} and more${C[3]} text, and an entity &#1; too.`,
  '',
  '|===',
  `| cell${C[4]} one | cell two${C[5]}`,
  '|===',
  '',
  '[.notes]',
  '--',
  `Speaker notes${C[6]} with a non-character${C[7]}.`,
  '--',
  '',
].join('\n')

let dir: string
let browser: Browser | undefined
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-xml-chars-'))
  await writeFile(path.join(dir, 'pasted.adoc'), NOTES)
  browser = await launchBrowser()
})
after(async () => {
  await closeBrowser(browser)
  await rm(dir, { recursive: true, force: true })
})

describe('control characters in the notes', () => {
  it('are removed with a warning and their line; every XML part of every .pptx is well-formed', async () => {
    const r = await bblMain(['pptx', 'pasted.adoc', '--out', 'out'], dir)
    assert.equal(r.code, 0, r.stderr)
    const lines = [...r.stderr.matchAll(/pasted\.adoc:(\d+): warning: removed (?:a control character|control characters) \(U\+/g)].map((m) => Number(m[1]))
    assert.deepEqual(lines, [1, 6, 10, 13, 18], r.stderr)
    const files = (await readdir(path.join(dir, 'out', 'pasted'))).filter((f) => f.endsWith('.pptx'))
    assert.ok(files.length >= 2, `a recap and a talk: ${files.join(', ')}`)
    const page = await browser!.newPage()
    try {
      for (const f of files) {
        const zip = await JSZip.loadAsync(await readFile(path.join(dir, 'out', 'pasted', f)))
        const parts = Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))
        assert.ok(parts.length > 10, `${f}: its parts`)
        for (const part of parts) {
          const xml = await zip.file(part)!.async('string')
          const error = await page.evaluate((text) => {
            const doc = new DOMParser().parseFromString(text, 'application/xml')
            return doc.getElementsByTagName('parsererror')[0]?.textContent ?? null
          }, xml)
          assert.equal(error, null, `${f}/${part} is not well-formed`)
        }
        const text = (await Promise.all(parts.map((p) => zip.file(p)!.async('string')))).join('')
        assert.match(text, /Pasted from a PDF|A talk with controls/, `${f}: the text is kept, less the characters`)
      }
    } finally {
      await page.close()
    }
  })
})
