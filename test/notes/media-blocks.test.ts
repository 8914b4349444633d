import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import type { MediaRef } from '../../src/notes/model.js'

const media = (src: string): MediaRef[] =>
  parseNotes(src, '/tmp/x.adoc').sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'html' && b.media ? [b.media] : [])))

describe('video and audio blocks in the notes', () => {
  it('reads what is played, its size, title and options, with the line', () => {
    const [a, b, c, d] = media(
      '= T\n:imagesdir: pics\n\n== A\n\nvideo::clips/demo.mp4[width=640,height=360,options="autoplay,loop"]\n\n.Alarm\naudio::alarm.wav[]\n\nvideo::rPQoq7ThGAU[youtube,start=30,title="Full talk"]\n\nvideo::67480300[vimeo]\n',
    )
    assert.deepEqual(
      { kind: a!.kind, src: a!.src, target: a!.target, width: a!.width, height: a!.height, options: a!.options, line: a!.line },
      { kind: 'video', src: 'pics/clips/demo.mp4', target: 'clips/demo.mp4', width: 640, height: 360, options: ['autoplay', 'loop'], line: 6 },
    )
    assert.deepEqual([b!.kind, b!.title, b!.line], ['audio', 'Alarm', 9])
    assert.deepEqual([c!.provider, c!.src, c!.title], ['youtube', 'https://www.youtube.com/watch?v=rPQoq7ThGAU&t=30', 'Full talk'])
    assert.deepEqual([d!.provider, d!.src], ['vimeo', 'https://vimeo.com/67480300'])
  })

  it('does not count the player fallback text as words of the notes', () => {
    const doc = parseNotes('= T\n\n== A\n\nvideo::a.mp4[]\n', '/tmp/x.adoc')
    const b = doc.sections[0]!.blocks[0]!
    assert.equal(b.kind === 'html' ? b.text : undefined, '')
  })
})
