import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { BblError } from '../../src/core/error.js'
import { COMMANDS } from '../../src/core/options.js'
import { renderUsage, resolveOptions } from '../../src/cli/options.js'

/** A folder of its own, with notes in decks/ (and a subfolder and a non-notes file that are not taken). */
const cwd = mkdtempSync(path.join(os.tmpdir(), 'bbl-options-'))
mkdirSync(path.join(cwd, 'decks', 'old'), { recursive: true })
for (const f of ['decks/b-conf.adoc', 'decks/a-conf.asciidoc', 'decks/readme.md', 'decks/old/c.adoc']) writeFileSync(path.join(cwd, f), '= x\n')
const ctx = { cwd, env: {}, stderrIsTTY: false }
const usageError = (argv: string[]) =>
  assert.throws(() => resolveOptions(argv, ctx), (e: unknown) => e instanceof BblError && e.exitCode === 2)

describe('options', () => {
  after(() => rmSync(cwd, { recursive: true, force: true }))
  it('defaults to every notes file under decks/ and dist/', () => {
    const o = resolveOptions(['build'], ctx)
    assert.equal(o.command, 'build')
    if (o.command === 'build') {
      assert.deepEqual(o.inputs, [path.join('decks', 'a-conf.asciidoc'), path.join('decks', 'b-conf.adoc')])
      assert.equal(o.outDir, 'dist')
      assert.equal(o.theme, 'bbl')
      assert.equal(o.strict, false)
      assert.equal(o.timeoutMs, 60000)
      assert.equal(o.photos, 'auto')
    }
    for (const command of ['build', 'pdf', 'serve']) {
      const off = resolveOptions([command, 'x.adoc', '--photos', 'OFF'], ctx)
      assert.ok(off.command === command && 'photos' in off && off.photos === 'off', command)
    }
  })
  it('parses check options: text by default, json on request, nothing else', () => {
    const o = resolveOptions(['check', 'x.adoc'], ctx)
    assert.ok(o.command === 'check' && o.format === 'text' && o.outDir === 'dist', "o.command === 'check' && o.format === 'text' && o.outDir === 'dist'")
    const j = resolveOptions(['check', 'x.adoc', '--format', 'JSON'], ctx)
    assert.ok(j.command === 'check' && j.format === 'json', "j.command === 'check' && j.format === 'json'")
    usageError(['check', 'x.adoc', '--format', 'xml'])
    usageError(['check', 'x.adoc', '--strict'])
  })
  it('parses pptx options: every talk by default, --no-talks, the build\'s flags; not the PDF\'s or the pictures\'', () => {
    const o = resolveOptions(['pptx', 'x.adoc'], ctx)
    assert.ok(o.command === 'pptx' && o.talks && o.outDir === 'dist' && !o.strict && !o.keepMetadata && !o.allowRemote, "o.command === 'pptx' && o.talks && o.outDir === 'dist' && !o.strict && !o.keepMetadata ...")
    const n = resolveOptions(['pptx', 'x.adoc', '--no-talks', '--talk', 'kafka', '--out', 'o', '--strict', '--keep-metadata', '--allow-remote'], ctx)
    assert.ok(n.command === 'pptx' && !n.talks && n.talk === 'kafka' && n.outDir === 'o' && n.strict && n.keepMetadata && n.allowRemote, "n.command === 'pptx' && !n.talks && n.talk === 'kafka' && n.outDir === 'o' && n.strict ...")
    usageError(['pptx', 'x.adoc', '--layout', '2'])
    usageError(['pptx', 'x.adoc', '--format', 'png'])
    assert.match(renderUsage('pptx'), /--no-talks/)
  })
  it('parses images options: png at scale 1 by default; jpg means jpeg', () => {
    const o = resolveOptions(['images', 'x.adoc'], ctx)
    assert.ok(o.command === 'images' && o.format === 'png' && o.scale === 1, "o.command === 'images' && o.format === 'png' && o.scale === 1")
    const j = resolveOptions(['images', 'x.adoc', '--format', 'jpg', '--scale', '2'], ctx)
    assert.ok(j.command === 'images' && j.format === 'jpeg' && j.scale === 2, "j.command === 'images' && j.format === 'jpeg' && j.scale === 2")
    usageError(['images', 'x.adoc', '--format', 'json'])
    usageError(['images', 'x.adoc', '--scale', '0'])
  })
  it('parses pdf options', () => {
    const o = resolveOptions(['pdf', 'x.adoc', '--layout', '6', '--paper', 'Letter', '--no-talks'], ctx)
    assert.ok(o.command === 'pdf', "o.command === 'pdf'")
    if (o.command === 'pdf') {
      assert.equal(o.layout, 6)
      assert.equal(o.paper, 'letter')
      assert.equal(o.talks, false)
      assert.equal(o.handout, true)
    }
    const only = resolveOptions(['pdf', '--no-talks', '--no-handout'], ctx)
    assert.ok(only.command === 'pdf' && !only.talks && !only.handout, "only.command === 'pdf' && !only.talks && !only.handout")
  })
  it('rejects what it does not know, as usage errors', () => {
    usageError(['nope'])
    usageError(['build', '--nope'])
    usageError(['build', '--out'])
    usageError(['pdf', '--layout', '4'])
    usageError(['pdf', '--paper', 'a3'])
    usageError(['serve', '--port', 'x'])
    usageError(['build', '--timeout', '0'])
    usageError(['serve', '--talk', 'x'])
    usageError(['build', '--photos', 'maybe'])
  })
  it('reads no environment but the one given', () => {
    const o = resolveOptions(['build'], { ...ctx, env: { NO_COLOR: '1' }, stderrIsTTY: true })
    assert.ok(o.command === 'build' && o.color === false && o.progress === true, "o.command === 'build' && o.color === false && o.progress === true")
    const ci = resolveOptions(['build'], { ...ctx, env: { CI: 'true' }, stderrIsTTY: true })
    assert.ok(ci.command === 'build' && ci.progress === false, "ci.command === 'build' && ci.progress === false")
  })
  it('renders help from the same table', () => {
    for (const [name, c] of Object.entries(COMMANDS)) assert.match(renderUsage(), new RegExp(`^  ${name} +${c.summary}$`, 'm'))
    assert.match(renderUsage('pdf'), /--layout 1\|2\|3\|6 +slides per handout page \(default: 2\)/)
    // bbl build takes the PDFs' options for --pdf; bbl pptx makes no handout.
    assert.match(renderUsage('build'), /--pdf +also export slide PDFs/)
    assert.match(renderUsage('build'), /--layout 1\|2\|3\|6/)
    assert.doesNotMatch(renderUsage('pptx'), /--layout/)
    assert.doesNotMatch(renderUsage('serve'), /--out/)
  })
  it('gives no notes when decks/ has none, with a hint naming a notes file here', () => {
    const empty = path.join(cwd, 'elsewhere')
    mkdirSync(empty)
    writeFileSync(path.join(empty, 'devoxx.adoc'), '= x\n')
    assert.throws(() => resolveOptions(['build'], { ...ctx, cwd: empty }), /no notes to build: pass a notes file \(here: bbl build devoxx\.adoc\)/)
  })
})
