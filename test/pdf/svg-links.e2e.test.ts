/**
 * bbl pdf on notes whose slides hold SVG links (a formula's \href, an inline SVG
 * in a passthrough): an SVG <a>'s `href` is no string, and reading it as one
 * stopped the export (exit 1). Math past the limits is a warning, not a failure.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { bblMain } from '../helpers/cli.js'

const NOTES = `= SVG links
Ada Lovelace

== Talks

=== A talk with links in SVG

Présenté par *Grace Hopper*

latexmath:[\\href{https://example.org}{e^{i\\pi}} + \\href{javascript:alert(1)}{1} = 0] in a formula.

++++
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><a href="https://example.org"><rect width="60" height="40" fill="#36a"/></a><a href="other.html"><rect x="60" width="60" height="40" fill="#a63"/></a></svg>
++++

latexmath:[\\unicode{1114112}] and asciimath:[${'('.repeat(300)}x${')'.repeat(300)}] are not typeset.
`

let dir: string
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-svg-links-'))
  await writeFile(path.join(dir, 'links.adoc'), NOTES)
})
after(() => rm(dir, { recursive: true, force: true }))

describe('SVG links and math past the limits', () => {
  it('bbl pdf exports the slides; each formula that cannot be typeset is a warning with its line', async () => {
    const r = await bblMain(['pdf', 'links.adoc', '--out', 'out'], dir)
    assert.equal(r.code, 0, r.stderr)
    assert.doesNotMatch(r.stderr, /startsWith is not a function|bug/)
    const lines = [...r.stderr.matchAll(/links\.adoc:(\d+): warning: math cannot be typeset/g)].map((m) => Number(m[1]))
    assert.deepEqual(lines, [16, 16])
    const pdfs = (await readdir(path.join(dir, 'out', 'links'))).filter((f) => f.endsWith('.pdf'))
    assert.ok(pdfs.length >= 2, pdfs.join(', '))
  })
})
