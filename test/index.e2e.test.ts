/**
 * The library API (src/index.ts): what a script gets from `import { build, pdf } from 'bbl'`.
 * Notes are written into a temporary folder: the tests do not read the repository's decks/.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { BblError, build, check, checkExitCode, ExitCode, type Manifest, pdf, type Warning } from '../src/index.js'

const NOTES = `= Rust Nation 2025
Sam Lee
:lang: en

== Talks

=== Async Rust in practice - Ferrous

Presented by Ana Costa, staff engineer

* Cancellation safety is the hard part.
* Prefer structured concurrency.

=== Embedded without tears

Speaker: Bo Lind

Notes about probes and defmt.

image::board-photo.jpg[A board on a desk]
`

describe('library API', () => {
  let tmp: string
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-api-'))
    await writeFile(path.join(tmp, 'rust-nation.adoc'), NOTES)
  })
  after(() => rm(tmp, { recursive: true, force: true }))

  it('check() returns the problems with their lines and writes nothing', async () => {
    const problems = await check({ notes: ['rust-nation.adoc'], cwd: tmp, out: 'checked' })
    const missing = problems.find((p) => p.code === 'IMAGE_MISSING')
    assert.ok(missing, JSON.stringify(problems))
    assert.equal(missing.level, 'warning')
    assert.equal(missing.line, NOTES.split('\n').indexOf('image::board-photo.jpg[A board on a desk]') + 1)
    assert.equal(checkExitCode(problems), ExitCode.STRICT)
    assert.ok(!existsSync(path.join(tmp, 'checked')))
  })

  it('build() writes the decks and returns their manifests, warnings passed to onWarning', async () => {
    const warnings: Warning[] = []
    const manifests: Manifest[] = await build({ notes: ['rust-nation.adoc'], cwd: tmp, out: 'site', onWarning: (_, w) => warnings.push(w) })
    assert.equal(manifests.length, 1)
    const m = manifests[0]!
    assert.equal(m.title, 'Rust Nation 2025')
    assert.deepEqual(m.decks.filter((d) => d.kind === 'talk').map((d) => d.speakers), [['Ana Costa'], ['Bo Lind']])
    const onDisk = JSON.parse(await readFile(path.join(tmp, 'site', 'rust-nation', 'manifest.json'), 'utf8')) as Manifest
    assert.deepEqual(onDisk.decks, m.decks)
    assert.ok(existsSync(path.join(tmp, 'site', 'rust-nation', 'index.html')))
    assert.deepEqual(warnings.map((w) => [w.code, w.line]), [['IMAGE_MISSING', 20]])
  })

  it('pdf() adds the PDFs to the manifest, with the options the CLI has', async () => {
    const [m] = await pdf({ notes: ['rust-nation.adoc'], cwd: tmp, out: 'site', talks: false, layout: 3 })
    assert.deepEqual(m!.pdfs.map((p) => p.kind).sort(), ['handout', 'slides'])
    for (const p of m!.pdfs) assert.ok(existsSync(path.join(tmp, 'site', 'rust-nation', p.file)), p.file)
  })

  it('throws BblError with the exit code the CLI would return', async () => {
    await assert.rejects(build({ notes: ['rust-nation.adoc'], cwd: tmp, out: 'site', strict: true }), (e) => e instanceof BblError && e.exitCode === ExitCode.STRICT)
    await assert.rejects(pdf({ notes: ['rust-nation.adoc'], cwd: tmp, layout: 5 as 2 }), (e) => e instanceof BblError && e.exitCode === ExitCode.USAGE)
    await assert.rejects(build({ notes: ['nope.adoc'], cwd: tmp }), (e) => e instanceof BblError && e.exitCode === ExitCode.INPUT)
  })

  it("is what import('bbl') gives, with type declarations", async () => {
    const root = path.resolve(import.meta.dirname, '..')
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', "import('bbl').then((m) => console.log(typeof m.build, typeof m.pdf, typeof m.serve))"], { cwd: root })
    assert.equal(stdout.trim(), 'function function function')
    assert.match(await readFile(path.join(root, 'lib', 'index.d.ts'), 'utf8'), /export declare function build\(options\?: BuildApiOptions\): Promise<Manifest\[\]>/)
  })
})
