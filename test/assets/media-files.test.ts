import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { collectMedia, prepareMedia } from '../../src/assets/media-files.js'
import { loadNotes, parseNotes } from '../../src/notes/asciidoc.js'
import { mapConference } from '../../src/notes/conference.js'
import { labelsFor } from '../../src/notes/lang.js'
import { planDecks } from '../../src/slides/plan.js'

const root = path.resolve(import.meta.dirname, '..', '..')
const FIXTURE = 'test/fixtures/media.adoc'

describe('video and audio files of the notes', () => {
  const dirs: string[] = []
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('copies local files into media/, names missing ones as video or audio, and fetches nothing remote', async () => {
    const doc = await loadNotes(FIXTURE, root)
    const out = await mkdtemp(path.join(os.tmpdir(), 'bbl-media-'))
    dirs.push(out)
    const refs = collectMedia(doc)
    const r = await prepareMedia(refs, { docdir: path.join(root, 'test/fixtures'), cwd: root, name: 'media' }, out)
    assert.deepEqual(
      r.copies.map((c) => c.output),
      ['media/failover-drill.webm', 'media/pager-alert.wav'],
    )
    for (const c of r.copies) assert.deepEqual(await readFile(path.join(out, c.output)), await readFile(c.source))
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.line, w.message.replace(/:.*/, '')]),
      [
        ['MEDIA_REMOTE', 24, 'YouTube video shown as a link, not embedded (decks work offline)'],
        ['MEDIA_REMOTE', 28, 'Vimeo video shown as a link, not embedded (decks work offline)'],
        ['MEDIA_REMOTE', 32, 'remote video shown as a link, not embedded (decks work offline)'],
        ['MEDIA_MISSING', 38, 'video not found'],
        ['MEDIA_MISSING', 42, 'audio not found'],
      ],
    )
    // The section's background-video is the same file as the demo: one copy, and the table knows it.
    assert.ok(refs.some((m) => m.target === 'media/failover-drill.webm' && m.line === 45), "refs.some((m) => m.target === 'media/failover-drill.webm' && m.line === 45)")
    assert.equal(r.table.get('media/failover-drill.webm')?.output, 'media/failover-drill.webm')
  })
})

describe('remote pages and videos behind a slide', () => {
  it('leaves them out of the deck, with a warning, and keeps a local background video', async () => {
    const notes = [
      '= T',
      '',
      '== Topics',
      '',
      '[background-iframe=https://status.example.com/]',
      '=== Live status',
      '',
      'The board.',
      '',
      '[background-video=https://cdn.example.com/loop.mp4]',
      '=== Loop',
      '',
      'Behind.',
      '',
      '[background-video=media/failover-drill.webm]',
      '=== Drill',
      '',
      'Local.',
      '',
    ].join('\n')
    const doc = parseNotes(notes, path.join(root, 'test/fixtures/x.adoc'), root)
    const out = await mkdtemp(path.join(os.tmpdir(), 'bbl-media-'))
    const r = await prepareMedia(collectMedia(doc), { docdir: path.join(root, 'test/fixtures'), cwd: root, name: 'x' }, out)
    await rm(out, { recursive: true, force: true })
    assert.deepEqual(r.warnings.map((w) => [w.line, w.message.replace(/ \(.*/, '')]), [
      [6, 'remote background page left out'],
      [11, 'remote background video left out'],
    ])
    const decks = planDecks(mapConference(doc), { labels: labelsFor('en'), images: new Map(), media: r.table })
    const attrs = decks[0]!.stacks.flatMap((s) => s.slides.map((sl) => sl.attrs))
    const all = attrs.flatMap((a) => Object.entries(a))
    assert.deepEqual(all.filter(([k]) => k.startsWith('data-background')), [['data-background-video', 'media/failover-drill.webm']])
  })
})

describe("the title slide's background video (:title-slide-background-video:)", () => {
  it('is copied like any video and played behind the title slide; a remote one is left out with a warning naming it', async () => {
    const notes = (video: string) => ['= Deck', `:title-slide-background-video: ${video}`, ':title-slide-background-video-loop: true', '', '== Next', '', 'Content', ''].join('\n')
    const out = await mkdtemp(path.join(os.tmpdir(), 'bbl-media-'))
    try {
      const ctx = { docdir: path.join(root, 'test/fixtures'), cwd: root, name: 'x' }
      const local = parseNotes(notes('media/failover-drill.webm'), path.join(root, 'test/fixtures/x.adoc'), root)
      const r = await prepareMedia(collectMedia(local), ctx, out)
      assert.deepEqual(r.copies.map((c) => c.output), ['media/failover-drill.webm'])
      assert.deepEqual(r.warnings, [])
      const cover = planDecks(mapConference(local), { labels: labelsFor('en'), images: new Map(), media: r.table })[0]!.stacks[0]!.slides[0]!
      assert.equal(cover.attrs['data-background-video'], 'media/failover-drill.webm')
      assert.equal(cover.attrs['data-background-video-loop'], 'true')

      const remote = parseNotes(notes('https://cdn.example.com/loop.mp4'), path.join(root, 'test/fixtures/x.adoc'), root)
      const rr = await prepareMedia(collectMedia(remote), ctx, out)
      assert.deepEqual(rr.copies, [])
      assert.deepEqual(rr.warnings.map((w) => [w.code, w.message.replace(/ \(.*?\)/, '')]), [['MEDIA_REMOTE', 'remote background video left out: https://cdn.example.com/loop.mp4']])
      assert.ok(!remote.warnings.some((w) => /remote image/.test(w.message)), 'not taken for a picture')
      const rcover = planDecks(mapConference(remote), { labels: labelsFor('en'), images: new Map(), media: rr.table })[0]!.stacks[0]!.slides[0]!
      assert.equal(rcover.attrs['data-background-video'], undefined)
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  })
})
