/**
 * The library API (src/index.ts): what a script gets from `import { build, pdf } from 'bbl'`.
 * Notes are written into a temporary folder: the tests do not read the repository's decks/.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { compiled, root } from './helpers/cli.js'
import { BblError, build, check, checkExitCode, ExitCode, images, type Manifest, pdf, type Warning } from '../src/index.js'

/** Every file under `dir` (the cache excepted) → a digest of its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(e.parentPath, e.name)
    if (e.isFile() && !path.relative(dir, file).startsWith('.bbl-cache')) files.set(path.relative(dir, file), createHash('sha256').update(await readFile(file)).digest('hex'))
  }
  return files
}

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
    assert.ok(!existsSync(path.join(tmp, 'checked')), "!existsSync(path.join(tmp, 'checked'))")
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
    assert.ok(existsSync(path.join(tmp, 'site', 'rust-nation', 'index.html')), "existsSync(path.join(tmp, 'site', 'rust-nation', 'index.html'))")
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

  it('throws a BblError with exit code 8, not a raw Node error, when the output cannot be written', async () => {
    await assert.rejects(build({ notes: ['rust-nation.adoc'], cwd: tmp, out: '/sys/bbl-api' }), (e) => e instanceof BblError && e.exitCode === ExitCode.OUTPUT && /\/sys\/bbl-api/.test(e.message))
  })

  it('refuses an option the function does not take, as the CLI refuses an unknown flag', async () => {
    await assert.rejects(pdf({ notes: ['rust-nation.adoc'], cwd: tmp, scale: 3 } as never), (e) => e instanceof BblError && e.exitCode === ExitCode.USAGE && /"scale"/.test(e.message))
    await assert.rejects(images({ notes: ['rust-nation.adoc'], cwd: tmp, keepMetadata: true } as never), (e) => e instanceof BblError && e.exitCode === ExitCode.USAGE)
  })

  it('takes `as`, as the CLI takes --as', async () => {
    const [m] = await build({ notes: ['rust-nation.adoc'], cwd: tmp, out: 'as-deck', as: 'deck' })
    assert.deepEqual(m!.decks.map((d) => d.kind), ['recap'], 'a plain deck: no talk decks')
  })

  it('stops when its signal aborts: BblError 130, the earlier output untouched, no browser, worker or temporary folder left', async () => {
    const out = path.join(tmp, 'stopped')
    await build({ notes: ['rust-nation.adoc'], cwd: tmp, out: 'stopped' })
    const before = await snapshot(out)
    assert.ok(before.size > 5, 'an earlier build is there')
    const controller = new AbortController()
    const profiles = () => readdir(os.tmpdir()).then((n) => n.filter((f) => f.startsWith(`bbl-chrome-${process.pid}-`)))
    // No cache: the build has to measure its slides, in a browser, while it is stopped.
    await rm(path.join(out, '.bbl-cache'), { recursive: true, force: true })
    // Abort once the work is under way: the notes read (their warning said), the browser starting.
    const run = build({ notes: ['rust-nation.adoc'], cwd: tmp, out: 'stopped', signal: controller.signal, onWarning: () => controller.abort() })
    await assert.rejects(run, (e) => e instanceof BblError && e.exitCode === ExitCode.INTERRUPTED)
    // Whatever the build had started must end with it, not carry on behind the rejection.
    await new Promise((r) => setTimeout(r, 3_000))
    assert.deepEqual(await snapshot(out), before, 'the earlier output is untouched')
    assert.deepEqual((await readdir(out)).filter((f) => f.startsWith('.bbl-') && f !== '.bbl-cache'), [], 'no temporary folder in --out')
    assert.deepEqual(await profiles(), [], 'no browser profile left')
    const procs = execFileSync('ps', ['-eo', 'args=']).toString().split('\n').filter((l) => l.includes(`bbl-chrome-${process.pid}-`))
    assert.deepEqual(procs, [], 'no browser process left')
  })

  it('is what a script gets from the packed package: the public entry alone, typed', async () => {
    // npm pack, unpacked as node_modules/bbl of a project under the repository (whose
    // node_modules then provides bbl's dependencies, as an install would).
    await mkdir(path.join(root, '.scratch'), { recursive: true })
    const project = await mkdtemp(path.join(root, '.scratch', 'package-'))
    try {
      compiled()
      const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', project], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!
      await mkdir(path.join(project, 'node_modules', 'bbl'), { recursive: true })
      execFileSync('tar', ['-xzf', path.join(project, tgz), '-C', path.join(project, 'node_modules', 'bbl'), '--strip-components=1'])
      await writeFile(path.join(project, 'rust-nation.adoc'), NOTES)
      await writeFile(path.join(project, 'package.json'), '{ "type": "module" }\n')
      const compilerOptions = { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, skipLibCheck: false, outDir: 'out' }
      await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['use.ts'] }))
      await writeFile(path.join(project, 'use.ts'), USER_SCRIPT)
      // The script type-checks against the package's declarations (what only the CLI uses is not exported), then runs.
      execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { encoding: 'utf8' })
      const { stdout } = await promisify(execFile)(process.execPath, ['out/use.js'], { cwd: project })
      assert.deepEqual(JSON.parse(stdout), { problems: ['IMAGE_MISSING'], exit: ExitCode.STRICT, runBuild: 'undefined', files: ['bin/bbl.js', 'lib/index.d.ts', 'lib/index.js'] })
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })
})

/** What a user's script does with bbl: check notes, look at the types. */
const USER_SCRIPT = `import { existsSync } from 'node:fs'
import * as bbl from 'bbl'
import { check, checkExitCode, isBblError, ExitCode } from 'bbl'
import type { Manifest, Problem, ProblemCode, ImageStatus, BuildApiOptions } from 'bbl'

// @ts-expect-error runBuild is the CLI's, not the library's
type NotExported = typeof bbl.runBuild

const options: BuildApiOptions = { notes: ['rust-nation.adoc'], out: 'site', as: 'notes' }
const problems: Problem[] = await check({ notes: options.notes })
const codes: ProblemCode[] = problems.filter((p) => p.level === 'warning').map((p) => p.code)
const status: ImageStatus | undefined = (undefined as unknown as Manifest[])?.[0]?.images[0]?.status
void status
void isBblError
console.log(JSON.stringify({
  problems: codes,
  exit: checkExitCode(problems) === ExitCode.STRICT ? ${ExitCode.STRICT} : -1,
  runBuild: typeof (bbl as Record<string, unknown>)['runBuild'],
  files: ['bin/bbl.js', 'lib/index.d.ts', 'lib/index.js'].filter((f) => existsSync('node_modules/bbl/' + f)),
}))
`
