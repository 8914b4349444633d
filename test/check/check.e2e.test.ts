/**
 * bbl check, through the command line in-process and real Chromium (it fits the
 * slides as a build does): the sample is clean (exit 0); notes with a missing
 * picture and a link to nothing exit 4 naming file:line; --format json lists the
 * same problems; unreadable notes exit 3; nothing is written.
 */
import assert from 'node:assert/strict'
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { bblMain } from '../helpers/cli.js'
import type { Problem } from '../../src/index.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
let tmp: string

const bbl = (args: string[]) => bblMain(args, tmp)

/** Every file and folder under `dir` with its size and modification time. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true })
  return Promise.all(entries.sort().map(async (e) => {
    const s = await stat(path.join(dir, e))
    return `${e} ${s.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`
  }))
}

const BROKEN = `= Spring Meetup 2025
Kim Notes
:lang: en
:imagesdir: images

== Talks

[[kafka]]
=== Streams in practice - ACME (EN)

Presented by Lee Park

==== Notes

As said in <<intro>>, streams are logs.
See also xref:kafka[the Kafka talk] and <<no-such-part>>.

image::talk-photo-01.jpg[The speaker's architecture slide]

image::forgotten-photo.jpg[The speaker's last slide]

image::talk-photo-02.jpg[]

[[intro]]
=== Closing words

Short closing words.
`

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length

describe('bbl check', () => {
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-check-test-'))
    await mkdir(path.join(tmp, 'decks'))
    await cp(path.join(repo, 'decks', 'dataxday-2018.adoc'), path.join(tmp, 'decks', 'dataxday-2018.adoc'))
    await cp(path.join(repo, 'images', 'dataxday-2018'), path.join(tmp, 'images', 'dataxday-2018'), { recursive: true })
    await mkdir(path.join(tmp, 'notes', 'images'), { recursive: true })
    await writeFile(path.join(tmp, 'notes', 'broken.adoc'), BROKEN)
    for (const f of ['talk-photo-01.jpg', 'talk-photo-02.jpg']) await cp(path.join(repo, 'test', 'fixtures', 'images', f), path.join(tmp, 'notes', 'images', f))
  })
  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('the sample is clean: exit 0, no warning, and nothing is written', async () => {
    const before = await tree(tmp)
    const r = await bbl(['check', 'decks/dataxday-2018.adoc'])
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.doesNotMatch(r.stdout, /: (warning|error): /)
    // The sample's photos have no alt text: hints, which do not fail the check.
    // What bbl understood, with the talks it found by title (the first five).
    assert.match(r.stdout, /^decks\/dataxday-2018\.adoc:\d+: info: 9 talks found \(under 'Conférences'\): 'Machine learning models at scale with Amazon SageMaker', 'Kafka beyond the brokers: Stream processing and Monitoring', 'How to deal with workflows lifecycle in Apache NiFi\?', 'Transforming pictures into memories', 'Exploring graphs: looking for communities & leaders', …$/m)
    const hints = r.stdout.trimEnd().split('\n').filter((l) => !/: info: 9 talks found/.test(l))
    for (const line of hints) assert.match(line, /^decks\/dataxday-2018\.adoc:\d+: info: picture without alt text: /)
    assert.deepEqual(await tree(tmp), before)
  })

  it('a missing picture and a link to nothing: exit 4, each with file:line', async () => {
    const before = await tree(tmp)
    const r = await bbl(['check', 'notes/broken.adoc'])
    assert.equal(r.code, 4, r.stdout + r.stderr)
    const lines = r.stdout.trimEnd().split('\n')
    const at = (needle: string) => `notes/broken.adoc:${lineOf(BROKEN, needle)}: `
    assert.ok(lines.some((l) => l.startsWith(`${at('image::forgotten-photo.jpg')}warning: image not found: forgotten-photo.jpg`)), r.stdout)
    // A link's line is its paragraph's first line (Asciidoctor keeps lines per block).
    assert.ok(lines.some((l) => l.startsWith(`${at('As said')}warning: link to "#no-such-part"`)), r.stdout)
    assert.ok(lines.some((l) => l.startsWith(`${at('image::talk-photo-02.jpg')}info: picture without alt text: talk-photo-02.jpg`)), r.stdout)
    // Links to a section or an anchor that exists, and pictures with alt text, are fine.
    assert.doesNotMatch(r.stdout, /#intro|#kafka|talk-photo-01|architecture/)
    assert.ok(lines.some((l) => /^notes\/broken\.adoc:\d+: info: \d+ talks? found/.test(l)), r.stdout)
    assert.equal(lines.length, 4, r.stdout)
    assert.deepEqual(await tree(tmp), before)
  })

  it('--format json lists the same problems, and --quiet leaves the hints out', async () => {
    const text = await bbl(['check', 'notes/broken.adoc'])
    const json = await bbl(['check', 'notes/broken.adoc', '--format', 'json'])
    assert.equal(json.code, 4)
    const problems = JSON.parse(json.stdout) as Problem[]
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.level}: ${p.message}`), text.stdout.trimEnd().split('\n'))
    assert.ok(problems.every((p) => typeof p.code === 'string' && p.code.length > 0), "problems.every((p) => typeof p.code === 'string' && p.code.length > 0)")
    const quiet = await bbl(['check', 'notes/broken.adoc', '--quiet'])
    assert.equal(quiet.code, 4)
    assert.doesNotMatch(quiet.stdout, /: info: /)
    assert.equal(quiet.stdout.trimEnd().split('\n').length, 2)
  })

  it('notes that cannot be read: exit 3, and the other notes are still checked', async () => {
    const r = await bbl(['check', 'notes/no-such-notes.adoc', 'notes/broken.adoc'])
    assert.equal(r.code, 3)
    assert.match(r.stdout, /^notes\/no-such-notes\.adoc: error: no such file/m)
    assert.match(r.stdout, /^notes\/broken\.adoc:\d+: warning: image not found/m)
  })

  it('--format takes text or json only (exit 2)', async () => {
    const r = await bbl(['check', 'notes/broken.adoc', '--format', 'xml'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--format takes text or json/)
  })
})
