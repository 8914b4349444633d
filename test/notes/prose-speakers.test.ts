/**
 * Speakers named in prose (src/notes/prose-speakers.ts): names marked up as a
 * person's (bold, a profile link) next to a presenting word, or a sentence that
 * opens with a name and a presenting verb — and nothing that is not a person.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { mapConference } from '../../src/notes/conference.js'

/** The speakers bbl finds in a talk whose opening paragraph is `text`. */
const speakers = (text: string, lang = 'en') =>
  mapConference(parseNotes(`= Notes\n:lang: ${lang}\n\n== Talks\n\n=== A talk\n\n${text}\n\n=== Another talk\n\nNothing.\n`, 'n.adoc')).talks[0]!.speakers

describe('speakers written in prose', () => {
  it("takes bold names and profile links next to a presenting word, in the notes' languages", () => {
    assert.deepEqual(speakers('Présenté par *Ann Example* et *Bo Li*, un vrai plaisir.', 'fr'), ['Ann Example', 'Bo Li'])
    assert.deepEqual(speakers('In this keynote *Ann Example* mentioned three ideas.'), ['Ann Example'])
    assert.deepEqual(speakers('The next talk was by https://example.org/ann[Ann Example] on testing.'), ['Ann Example'])
    assert.deepEqual(speakers('Ein Vortrag von *Jana Novak* über Caches.', 'de'), ['Jana Novak'])
  })

  it('takes a sentence that opens with a name and a presenting verb', () => {
    assert.deepEqual(speakers('Brian Example explained how startup time shrinks.'), ['Brian Example'])
    assert.deepEqual(speakers('Funny examples. The speaker, Victor Example, outed himself as a fan.'), ['Victor Example'])
  })

  it('takes a name that speaks of its own talk, a talk by a plain name, and the members of a panel', () => {
    assert.deepEqual(speakers('Ann Example later delivered a fascinating deepening of the topic.'), ['Ann Example'])
    assert.deepEqual(speakers('Bo Sample brought us back down to earth with his talk about parrots.'), ['Bo Sample'])
    assert.deepEqual(speakers('A highlight was the talk by Claudine Example from Jamaica.'), ['Claudine Example'])
    assert.deepEqual(speakers('The panel went on with Ann Example, Bo Sample, and participants from the audience.'), ['Ann Example', 'Bo Sample'])
  })

  it('never takes a bold phrase that is not a person, a title in a link, or a name without a presenting word', () => {
    assert.deepEqual(speakers('The talk ended on *a positive note*.'), [])
    assert.deepEqual(speakers('Presented at *Devoxx Belgium* this year.'), [])
    assert.deepEqual(speakers('The first talk was https://example.org/deck[Groovy and Groovy Ecosystem Update].'), [])
    assert.deepEqual(speakers('I had lunch with *Ann Example* afterwards.'), [])
    assert.deepEqual(speakers('Spring Boot provided the defaults.'), [])
    assert.deepEqual(speakers('We had dinner with Ann Example, Bo Sample and the team.'), [])
    assert.deepEqual(speakers('Spring Boot Starter brought us this with his talk.'), [])
  })

  it('reads the first three paragraphs only, and names each speaker once', () => {
    assert.deepEqual(speakers('Ann Example explained caches.\n\nAnn Example explained more.\n\nNothing.'), ['Ann Example'])
    assert.deepEqual(speakers('One.\n\nTwo.\n\nThree.\n\nBo Sample explained caches.'), [])
  })

  it("takes the speaker a talk's heading names when it is nothing but a person's name linked", () => {
    const heading = (h: string) =>
      mapConference(parseNotes(`= Notes\n\n== Talks\n\n=== ${h}\n\nNothing.\n\n=== Another talk\n\nNothing.\n`, 'n.adoc')).talks[0]!.speakers
    assert.deepEqual(heading('https://example.org/ann[Ann Example]'), ['Ann Example'])
    assert.deepEqual(heading('Testing with https://example.org/ann[Ann Example]'), [])
    assert.deepEqual(heading('https://example.org/deck[Groovy Update]'), [])
    assert.deepEqual(heading('Coding Your Documentation'), [])
  })

  it('lets a speaker line win over prose', () => {
    assert.deepEqual(speakers('Speaker: Carla Ruiz\n\nThe next talk was by *Ann Example*.'), ['Carla Ruiz'])
  })
})
