/**
 * The signs the shape rules read (src/notes/talk-signs.ts) and the rule that
 * decides whether a run of sections is talks (qualifies, src/notes/talk-shape.ts),
 * one rule at a time, in the notes' languages.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import type { Section } from '../../src/notes/model.js'
import { qualifies } from '../../src/notes/talk-shape.js'
import { isAboutTheWhole, isWhen, looksLikeAReport, namesAnEvent, namesASpeaker, speaksOfATalk, weight } from '../../src/notes/talk-signs.js'

/** The sections of notes whose body is `text`. */
const sections = (text: string): Section[] => parseNotes(`= Notes\n\n${text}\n`, 'n.adoc').sections
const section = (title: string, body: string): Section => sections(`== ${title}\n\n${body}`)[0]!
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ')

describe('the signs read in titles', () => {
  it('a day or a date is when things happened, in several languages', () => {
    for (const t of ['Day 2 (Dec 4)', 'Mardi 19 avril', 'Tag 1', 'Día dos', '2024-10-03', '1日目', '第一天']) assert.ok(isWhen(t), t)
    for (const t of ['Building Better Tests', 'Streams in Practice', 'Daydreaming about types']) assert.ok(!isWhen(t), t)
  })

  it('a section about the event as a whole stays a recap slide', () => {
    for (const t of ['Introduction', 'Key takeaways', 'Fazit', 'Bilan', 'En résumé', 'まとめ', 'Our booth', 'A Conference Between Old and New'])
      assert.ok(isAboutTheWhole(t), t)
    for (const t of ['Kafka beyond the brokers', 'Summary statistics in SQL']) assert.ok(!isAboutTheWhole(t), t)
  })

  it('a document title names an event by a year, a conference or meetup word, or a known event name', () => {
    for (const t of [
      'JavaLand 2022: Day1',
      'Notes from SomeConf',
      'DevFest Nantes',
      'FOSDEM!',
      'Meetup du mardi',
      'Jenkins World Summit',
      'カンファレンス参加',
    ])
      assert.ok(namesAnEvent(t), t)
    for (const t of ['Präsentationen Best Practices', 'Giving better presentations', 'Cloud native']) assert.ok(!namesAnEvent(t), t)
  })
})

describe('the signs read in sections', () => {
  it('a talk word in the heading or the text, in the notes’ languages', () => {
    assert.ok(speaksOfATalk(section('Caching', 'In this session we saw caches.')), "speaksOfATalk(section('Caching', 'In this session we saw caches.'))")
    assert.ok(speaksOfATalk(section('Caches', 'Ein Vortrag über Caches.')), "speaksOfATalk(section('Caches', 'Ein Vortrag über Caches.'))")
    assert.ok(speaksOfATalk(section('キャッシュ', 'このセッションでは')), "speaksOfATalk(section('キャッシュ', 'このセッションでは'))")
    assert.ok(!speaksOfATalk(section('Caching', 'Caches are hard.')), "!speaksOfATalk(section('Caching', 'Caches are hard.'))")
  })

  it('a speaker named in prose, next to a presenting word; a name alone is none', () => {
    assert.ok(namesASpeaker(section('Caching', 'Ann Example explained how caches fail.')), "namesASpeaker(section('Caching', 'Ann Example explained how caches fail.'))")
    assert.ok(!namesASpeaker(section('Caching', 'I had lunch with *Ann Example* afterwards.')), "!namesASpeaker(section('Caching', 'I had lunch with *Ann Example* afterwards.'))")
  })

  it('the weight of a section counts the words of its text and its sub-sections', () => {
    assert.equal(weight(sections(`== A\n\n${words(10)}\n\n=== B\n\n${words(5)}`)[0]!), 15)
  })

  it('notes look like a report when their title names an event or a section speaks of talks', () => {
    assert.ok(looksLikeAReport({ titleText: 'SomeConf 2024', sections: sections('== A\n\nText.') }), "looksLikeAReport({ titleText: 'SomeConf 2024', sections: sections('== A\\n\\nText.') })")
    assert.ok(looksLikeAReport({ titleText: 'Notes', sections: sections('== A\n\nThe keynote was packed.') }), "looksLikeAReport({ titleText: 'Notes', sections: sections('== A\\n\\nThe keynote was pack...")
    assert.ok(!looksLikeAReport({ titleText: 'Notes', sections: sections('== Reading\n\nAn article.') }), "!looksLikeAReport({ titleText: 'Notes', sections: sections('== Reading\\n\\nAn article.') })")
  })
})

describe('a run of sections is talks when it qualifies', () => {
  const signed = (n: number, body: (i: number) => string) => sections(Array.from({ length: n }, (_, i) => `== S${i}\n\n${body(i)}`).join('\n\n'))

  it('under a common heading, two members are enough', () => {
    assert.ok(
      qualifies(
        signed(2, () => 'A talk.'),
        { atRoot: false, title: 'Notes' },
      ), "qualifies( signed(2, () => 'A talk.'), { atRoot: false, title: 'Notes' }, )",
    )
    assert.ok(
      !qualifies(
        signed(1, () => 'A talk.'),
        { atRoot: false, title: 'Notes' },
      ), "!qualifies( signed(1, () => 'A talk.'), { atRoot: false, title: 'Notes' }, )",
    )
  })

  it('under the document, three members of 80 words or more at the median', () => {
    assert.ok(
      qualifies(
        signed(3, () => `A talk ${words(90)}`),
        { atRoot: true, title: 'SomeConf 2024' },
      ), 'three talk-like sections qualify',
    )
    assert.ok(
      !qualifies(
        signed(2, () => `A talk ${words(90)}`),
        { atRoot: true, title: 'SomeConf 2024' },
      ), 'two talk-like sections do not qualify',
    )
    assert.ok(
      !qualifies(
        signed(3, () => `A talk ${words(20)}`),
        { atRoot: true, title: 'SomeConf 2024' },
      ), 'three short sections do not qualify',
    )
  })

  it('under the document, a title naming an event or most members naming their speaker', () => {
    const essay = signed(3, (i) => (i === 0 ? `Ann Example explained it. ${words(90)}` : `A talk ${words(90)}`))
    assert.ok(!qualifies(essay, { atRoot: true, title: 'Giving better presentations' }), "!qualifies(essay, { atRoot: true, title: 'Giving better presentations' })")
    const report = signed(3, (i) => (i < 2 ? `Ann Example explained it. ${words(90)}` : `A talk ${words(90)}`))
    assert.ok(qualifies(report, { atRoot: true, title: 'Notes' }), "qualifies(report, { atRoot: true, title: 'Notes' })")
  })
})
