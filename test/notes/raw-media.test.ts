import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { rawMediaPieces } from '../../src/notes/raw-media.js'

describe('rawMediaPieces: players and pages in raw HTML', () => {
  it('leaves HTML without iframe, video or audio as it is', () => {
    assert.deepEqual(rawMediaPieces('<p>hi</p>\n', { line: 3 }), [{ html: '<p>hi</p>\n' }])
  })
  it('names a YouTube player by its watch page, keeps its title and size, and the HTML around it', () => {
    const pieces = rawMediaPieces('<p>Before</p><iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/rPQoq7ThGAU?si=x" title="The &amp; talk" allowfullscreen></iframe><p>After</p>', { line: 7, file: 'part.adoc' })
    assert.deepEqual(pieces.map((p) => p.html.slice(0, 12)), ['<p>Before</p', '<iframe widt', '<p>After</p>'])
    const media = pieces[1]!.media!
    assert.equal(media.src, 'https://www.youtube.com/watch?v=rPQoq7ThGAU')
    assert.equal(media.provider, 'youtube')
    assert.deepEqual([media.title, media.width, media.height, media.line, media.file], ['The & talk', 560, 315, 7, 'part.adoc'])
  })
  it('shows any other remote page as a page, protocol-relative URLs made https', () => {
    const [piece] = rawMediaPieces('<iframe src="//giphy.com/embed/abc" width="480"></iframe>', {})
    assert.equal(piece!.media!.src, 'https://giphy.com/embed/abc')
    assert.equal(piece!.media!.page, true)
    assert.equal(piece!.media!.provider, undefined)
  })
  it('keeps an iframe of a local page as the author wrote it', () => {
    assert.deepEqual(rawMediaPieces('<iframe src="demo/index.html"></iframe>', {}), [{ html: '<iframe src="demo/index.html"></iframe>' }])
  })
  it('plays a local video or audio file, from src or its first <source>, with the options written', () => {
    const [video] = rawMediaPieces("<video src='media/a.webm' loop muted width=640></video>", {})
    assert.deepEqual([video!.media!.kind, video!.media!.src, video!.media!.width, video!.media!.options], ['video', 'media/a.webm', 640, ['loop', 'muted', 'nocontrols']])
    const [audio] = rawMediaPieces('<audio controls><source src="media/b.wav" type="audio/wav"></audio>', {})
    assert.deepEqual([audio!.media!.kind, audio!.media!.src, audio!.media!.options], ['audio', 'media/b.wav', []])
  })
})

describe('remote frames inside a sentence (pass:[<iframe>])', () => {
  const notes = '= Deck\n\n== Slide\n\nThe demo pass:[<iframe src="https://www.youtube.com/embed/abc123" width="300" height="200"></iframe>] ran live; a local page pass:[<iframe src="demo/index.html"></iframe>] stays.\n'
  const doc = parseNotes(notes, 'deck.adoc', '/tmp')
  const block = doc.sections[0]!.blocks[0]!
  const html = block.kind === 'photos' ? '' : block.html

  it('become links to what they show, never a frame, in their sentence', () => {
    assert.doesNotMatch(html, /<iframe[^>]*youtube/)
    assert.match(html, /The demo <a href="https:\/\/www\.youtube\.com\/watch\?v=abc123">https:\/\/www\.youtube\.com\/watch\?v=abc123<\/a> ran live/)
    assert.match(html, /<iframe src="demo\/index\.html"><\/iframe>/)
  })
  it('are said in a warning on their line', () => {
    assert.deepEqual(doc.warnings.map((w) => [w.code, w.line, w.message]), [['MEDIA_REMOTE', 5, 'remote video shown as a link, not embedded (decks work offline): https://www.youtube.com/embed/abc123']])
  })
})
