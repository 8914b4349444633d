/**
 * Which sections are talks when the notes do not follow bbl's conventions
 * (src/notes/talk-shape.ts): the author's marks, then the document's shape.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { type Conference, describeUnderstood, mapConference } from '../../src/notes/conference.js'

const conf = (text: string, attributes?: Record<string, string>): Conference => mapConference(parseNotes(text, 'notes.adoc', process.cwd(), { attributes }))
const titles = (c: Conference) => c.talks.map((t) => t.titleText)
const topics = (c: Conference) => c.items.flatMap((i) => (i.type === 'topic' ? [i.topic.titleText] : []))
const para = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ')
/** A paragraph as a report of a talk has one: it says it is about a talk. */
const session = (n: number) => `In this session ${para(n)}`

/** A write-up as blogs publish them: no "Talks" heading, talks grouped by day, sections about the conference around them. */
const BY_DAY = `= Notes from SomeConf

== Getting there

${para(30)}

== Day One

=== Building Better Tests

${session(40)}

=== Streams in Practice

${session(40)}

== Day Two

=== 1. Observability for Everyone

${session(40)}

=== 2) Shipping Faster

${session(40)}

== Key takeaways

${para(20)}
`

describe('talks found from the document shape', () => {
  it('takes the sibling sections under the days as talks, the days as where they were, and keeps the rest as recap slides', () => {
    const c = conf(BY_DAY)
    assert.equal(c.kind, 'notes')
    assert.deepEqual(titles(c), ['Building Better Tests', 'Streams in Practice', 'Observability for Everyone', 'Shipping Faster'])
    assert.deepEqual(
      c.talks.map((t) => t.track),
      ['Day One', 'Day One', 'Day Two', 'Day Two'],
    )
    assert.deepEqual(topics(c), ['Getting there', 'Key takeaways'])
    assert.deepEqual(c.understood, { how: 'shape', talks: 4, level: 3, under: ['Day One', 'Day Two'] })
  })

  it('keeps the order an author numbered talks in, and does not show the number twice', () => {
    assert.deepEqual(
      conf(BY_DAY).talks.map((t) => [t.index, t.title]),
      [
        [1, 'Building Better Tests'],
        [2, 'Streams in Practice'],
        [3, 'Observability for Everyone'],
        [4, 'Shipping Faster'],
      ],
    )
  })

  it('finds no talk in a diary whose sections are days, nor in a plain deck of short slides', () => {
    const diary = `= My trip\n\n== Day 0 (Dec 2)\n\n${para(90)}\n\n== Day 1 (Dec 3)\n\n${para(90)}\n\n== Day 2 (Dec 4)\n\n${para(90)}\n`
    assert.equal(conf(diary).talks.length, 0)
    assert.equal(conf(diary).kind, 'deck')
    const deck = mapConference(parseNotes(readFileSync('test/fixtures/no-talks.adoc', 'utf8'), 'no-talks.adoc'))
    assert.equal(deck.kind, 'deck')
    assert.deepEqual(deck.understood, { how: 'none', talks: 0, under: [], report: false })
  })

  it('says how to mark talks, in one line, only when notes with no talk found look like a report of an event', () => {
    const deck = mapConference(parseNotes(readFileSync('test/fixtures/no-talks.adoc', 'utf8'), 'no-talks.adoc'))
    assert.equal(describeUnderstood(deck.understood), 'no talk found: read as a plain deck')
    const report = conf(`= Notes from SomeConf 2024\n\n== Morning\n\nThe keynote was packed.\n`)
    assert.equal(describeUnderstood(report.understood), 'no talk found: read as a plain deck — mark talks with [.talk] or :bbl-talks:')
  })

  it('finds no talk in an essay on giving talks: sections under the document need a title naming an event, or most of them a speaker', () => {
    const essay = `= Giving better presentations\n\n== Slides\n\nA talk ${para(90)}\n\n== On stage\n\nA speaker ${para(90)}\n\n== The thread\n\nA session ${para(90)}\n`
    assert.equal(conf(essay).talks.length, 0)
    assert.deepEqual(titles(conf(essay.replace('= Giving better presentations', '= SomeConf 2024'))), ['Slides', 'On stage', 'The thread'])
  })

  it('finds no talk in an article, a recipe or a tutorial whose sections have the shape of talks but no sign of one', () => {
    const recipe = `= Petits fours\n\n== Ingredients\n\n=== Sponge\n\n${para(30)}\n\n=== Filling\n\n${para(30)}\n\n== Steps\n\n=== Bake\n\n${para(30)}\n\n=== Assemble\n\n${para(30)}\n`
    assert.equal(conf(recipe).talks.length, 0)
    const article = `= Cloud native\n\n== Why\n\n${para(90)}\n\n== How\n\n${para(90)}\n\n== With what\n\n${para(90)}\n`
    assert.equal(conf(article).talks.length, 0)
  })

  it("leaves out of the talks the sections about the event itself and the author's own sections with no sign of a talk", () => {
    const c = conf(
      `= Notes\n\n== A Conference Between Old and New\n\nThe keynote ${para(90)}\n\n== Replace Coding?\n\nAnn Example later delivered a talk. ${para(90)}\n\n== Parrots\n\nBo Sample brought us back with his talk. ${para(90)}\n\n== The Fish Bowl\n\nThe panel with Ann Example, Bo Sample and Cy Test. ${para(90)}\n\n== Our Booth\n\nSessions ${para(90)}\n\n== My Theses\n\n${para(90)}\n`,
    )
    assert.deepEqual(titles(c), ['Replace Coding?', 'Parrots', 'The Fish Bowl'])
    assert.deepEqual(
      c.talks.map((t) => t.speakers),
      [['Ann Example'], ['Bo Sample'], ['Ann Example', 'Bo Sample', 'Cy Test']],
    )
  })

  it("takes as talks the sections headed by their speaker's name linked to a profile, that speaker for each", () => {
    const byName = (title: string) =>
      conf(`= ${title}\n\n== https://example.org/ann[Ann Example]\n\n${para(90)}\n\n== https://example.org/bo[Bo De Sample]\n\n${para(90)}\n\n== https://example.org/cy[Cy Test]\n\n${para(90)}\n`)
    const c = byName('SomeConf 2017')
    assert.deepEqual(titles(c), ['Ann Example', 'Bo De Sample', 'Cy Test'])
    assert.deepEqual(
      c.talks.map((t) => t.speakers),
      [['Ann Example'], ['Bo De Sample'], ['Cy Test']],
    )
    // Each section names its speaker: a report even when the title names no event.
    assert.equal(byName('Notes').talks.length, 3)
    // A heading that only looks like a name, or links a product, names no speaker.
    const plain = `= Notes\n\n== Coding Your Documentation\n\n${para(90)}\n\n== https://example.org/k[Spring Boot]\n\n${para(90)}\n\n== Better Tests\n\n${para(90)}\n`
    assert.equal(conf(plain).talks.length, 0)
  })

  it("does not take a talk's own parts (Abstract, My notes, Q&A) for talks", () => {
    const c = conf(
      `= N\n\n== Talks of the week\n\n=== Fast builds\n\n==== Abstract\n\n${para(30)}\n\n==== My notes\n\n${para(30)}\n\n=== Slow tests\n\n==== Abstract\n\n${para(30)}\n\n==== Q&A\n\n${para(30)}\n`,
    )
    assert.deepEqual(titles(c), ['Fast builds', 'Slow tests'])
  })
})

describe('the author says which sections are talks', () => {
  const plain = `= Week notes\n\n== Reading\n\nShort.\n\n== A session on caching\n\nShort.\n\n== Another one\n\nShort.\n`

  it('[.talk] makes a section a talk', () => {
    const c = conf(plain.replace('== A session', '[.talk]\n== A session'))
    assert.deepEqual(titles(c), ['A session on caching'])
    assert.equal(c.understood.how, 'author')
  })

  it('[.talks] makes a section a container whatever its title, and [.not-talk] keeps one of its sections a recap slide', () => {
    const c = conf(
      `= N\n\n[.talks]\n== Security all the way down\n\n=== Threat models\n\nShort.\n\n[.not-talk]\n=== The room\n\nShort.\n\n=== Secrets\n\nShort.\n`,
    )
    assert.deepEqual(titles(c), ['Threat models', 'Secrets'])
    assert.ok(topics(c).includes('The room'), "topics(c).includes('The room')")
  })

  it(':bbl-talks: 3 makes the === sections the talks, their parents the containers', () => {
    const c = conf(`= N\n:bbl-talks: 3\n\n== Morning\n\n=== Alpha\n\nShort.\n\n=== Beta\n\nShort.\n\n== Afternoon\n\n=== Gamma\n\nShort.\n`)
    assert.deepEqual(titles(c), ['Alpha', 'Beta', 'Gamma'])
    assert.deepEqual(c.understood, { how: 'author', talks: 3, level: 3, under: ['Morning', 'Afternoon'] })
  })

  it('-a bbl-talks=2 from the command line does the same without touching the notes', () => {
    assert.deepEqual(titles(conf(plain, { 'bbl-talks': '2' })), ['Reading', 'A session on caching', 'Another one'])
  })

  it(':bbl-talks: with something else than 2 to 6 is a warning, and is ignored', () => {
    const d = parseNotes(`= N\n:bbl-talks: three\n\n== A\n\nB.\n`, 'n.adoc')
    assert.match(d.warnings.map((w) => w.message).join('\n'), /:bbl-talks: takes the number of =/)
    assert.equal(mapConference(d).talks.length, 0)
  })

  it('--as deck wins over every mark', () => {
    assert.equal(mapConference(parseNotes(plain.replace('== A session', '[.talk]\n== A session'), 'n.adoc'), 'deck').talks.length, 0)
  })
})
