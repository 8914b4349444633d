import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { labelsFor } from '../../src/notes/lang.js'
import type { MediaRef } from '../../src/notes/model.js'
import { linkCard } from '../../src/slides/embed.js'
import { mediaHtml } from '../../src/slides/players.js'

const L = labelsFor('en')
const ref = (o: Partial<MediaRef>): MediaRef => ({ kind: 'video', src: 'clip.webm', target: 'clip.webm', options: [], ...o })
const size = (html: string) => /width: (\d+)px; height: (\d+)px/.exec(html)?.slice(1).map(Number)

describe('video and audio on a slide', () => {
  it('plays a copied file in a box fixed before it loads: the author size, scaled into the slide, 16:9 by default', () => {
    const ok = { src: 'clip.webm', target: 'clip.webm', status: 'ok' as const, output: 'media/clip.webm' }
    assert.deepEqual(size(mediaHtml(ref({ width: 640 }), ok, L)), [640, 360])
    assert.deepEqual(size(mediaHtml(ref({ width: 400, height: 300 }), ok, L)), [400, 300])
    // Larger than the slide: scaled down, proportions kept.
    const [w, h] = size(mediaHtml(ref({ width: 4000, height: 1000 }), ok, L))!
    assert.ok(w! <= 1152 && h! <= 400, `${w}×${h}`)
    assert.equal(Math.round((w! / h!) * 10), 40)
    const html = mediaHtml(ref({ options: ['loop', 'autoplay'] }), ok, L)
    assert.match(html, /<video src="media\/clip\.webm" preload="metadata" controls loop data-autoplay/)
    assert.match(html, /<a href="media\/clip\.webm">clip\.webm<\/a>/)
    assert.match(mediaHtml(ref({ kind: 'audio', src: 'a.wav', target: 'a.wav' }), { ...ok, output: 'media/a.wav' }, L), /<audio src="media\/a\.wav"/)
  })

  it('names a missing file as a video or an audio file, not an image', () => {
    const missing = { src: 'clip.webm', target: 'clip.webm', status: 'missing' as const }
    assert.match(mediaHtml(ref({}), missing, L), /Video not found.*clip\.webm/)
    assert.match(mediaHtml(ref({ kind: 'audio' }), missing, L), /Audio not found/)
    assert.doesNotMatch(mediaHtml(ref({}), missing, L), /Image/)
    assert.match(mediaHtml(ref({}), missing, labelsFor('fr')), /Vidéo introuvable/)
  })

  it('shows remote media as a link card, never as an iframe or a player of the URL', () => {
    const yt = ref({ provider: 'youtube', src: 'https://www.youtube.com/watch?v=abc', target: 'abc', title: 'The talk' })
    const html = mediaHtml(yt, { src: yt.src, target: 'abc', status: 'remote' }, L)
    assert.match(html, /YouTube · Video online/)
    assert.match(html, /The talk/)
    assert.match(html, /<a href="https:\/\/www\.youtube\.com\/watch\?v=abc"[^>]*>https:\/\/www\.youtube\.com\/watch\?v=abc<\/a>/)
    const remote = ref({ src: 'https://cdn.example.com/a.mp4', target: 'https://cdn.example.com/a.mp4' })
    const card = mediaHtml(remote, { src: remote.src, target: remote.target, status: 'remote' }, L)
    for (const h of [html, card]) assert.doesNotMatch(h, /<(iframe|video|audio|img)\b/)
  })

  it('escapes what it prints in a card, and keeps a width the author gave within the slide', () => {
    const html = linkCard({ url: 'https://x.example/?a=1&b="2"', label: 'Web page', title: '<b>T</b>', width: 1920 })
    assert.match(html, /href="https:\/\/x\.example\/\?a=1&amp;b=&quot;2&quot;"/)
    assert.match(html, /&lt;b&gt;T&lt;\/b&gt;/)
    assert.match(html, /width: min\(1920px, 100%\)/)
  })
})
