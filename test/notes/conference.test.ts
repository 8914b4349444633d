/**
 * Notes → conference (src/conference.ts) and talk titles / speaker lines
 * (src/talk-meta.ts), on the sample and on small documents written the ways
 * other people write their notes: other languages, other section levels,
 * other speaker-line wordings and title markers.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadNotes, parseNotes } from '../../src/notes/asciidoc.js'
import { type Conference, mapConference, type Talk } from '../../src/notes/conference.js'
import { parseSpeakerLine, parseTitle } from '../../src/notes/talk-meta.js'

const conf = (text: string, file = 'notes.adoc'): Conference => mapConference(parseNotes(text, file))

/** The facts the acceptance asks for, per talk: title, speakers, company, language (the talk's, else the notes'). */
const facts = (c: Conference) =>
  c.talks.map((t: Talk) => ({ title: t.titleText, speakers: t.speakers, company: t.company, lang: t.lang ?? c.lang }))

describe('the sample (decks/dataxday-2018.adoc)', async () => {
  const c = mapConference(await loadNotes('decks/dataxday-2018.adoc'))

  it('finds the 8 talks under "Conférences" and the closing keynote, with speakers, company and language', () => {
    assert.deepEqual(facts(c), [
      { title: 'Machine learning models at scale with Amazon SageMaker', speakers: ['Olivier Bergeret'], company: 'AWS', lang: 'fr' },
      { title: 'Kafka beyond the brokers: Stream processing and Monitoring', speakers: ['Florent Ramière'], company: 'CONFLUENT', lang: 'fr' },
      { title: 'How to deal with workflows lifecycle in Apache NiFi?', speakers: ['Pierre Villard'], company: 'HORTONWORKS', lang: 'en' },
      { title: 'Transforming pictures into memories', speakers: ['Adrien Morvan', 'Cristina Oprean'], company: 'PHOTOBOX', lang: 'fr' },
      { title: 'Exploring graphs: looking for communities & leaders', speakers: ['Aurélia Nègre', 'Alberto Guggiola'], company: 'QUANTMETRY', lang: 'en' },
      { title: 'The internals of query execution in Spark SQL', speakers: ['Jacek Laskowski'], company: undefined, lang: 'en' },
      { title: 'Building a Real Time Analytics API at Scale', speakers: ['Sylvain Friquet'], company: 'ALGOLIA', lang: 'en' },
      { title: 'Real-Time Access log analysis', speakers: ['Thomas Lamirault'], company: 'BLABLACAR', lang: 'en' },
      { title: 'Closing Keynote', speakers: ['Alain Bensoussan'], company: undefined, lang: 'fr' },
    ])
  })

  it('reads the notes as French, and marks only the "TOP !" talk as a highlight', () => {
    assert.equal(c.lang, 'fr')
    assert.ok(c.talks.every((t) => t.track === undefined), '"Conférences" is not a day or track')
    assert.deepEqual(c.talks.map((t) => t.highlight), [false, true, false, false, false, false, false, false, false])
  })

  it('keeps what follows the names as the role', () => {
    assert.equal(c.talks[0]!.role, 'Solution Architect Manager - AWS')
    assert.equal(c.talks[1]!.role, 'Technical Account Manager (florent@confluent.io, @framiere)')
    assert.equal(c.talks[5]!.role, 'auteur de plusieurs livres sur Spark, disponibles gratuitement as Gitbooks (@jacekLaskowski)')
  })

  it('keeps the conference sections, in order, around the talks', () => {
    const order = c.items.map((i) => (i.type === 'topic' ? i.topic.titleText : `talk ${i.talk.index}`))
    assert.deepEqual(order, ['Overview', 'Buzz words', 'Sociétés rencontrées', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `talk ${n}`)])
  })

  it('gives each talk its parts as written', () => {
    assert.deepEqual(c.talks[0]!.parts.map((p) => [p.titleText, p.kind]), [
      ['Abstract', 'abstract'],
      ['Notes', 'notes'],
      ['Avis', 'opinion'],
    ])
    assert.deepEqual(c.talks[0]!.parts[1]!.parts.map((p) => p.titleText), ['Demo 1'])
    assert.deepEqual(c.talks[8]!.parts.map((p) => p.titleText), ['Avis'])
  })

  it('gives every talk a distinct file-safe slug', () => {
    const slugs = c.talks.map((t) => t.slug)
    assert.equal(new Set(slugs).size, 9)
    for (const s of slugs) assert.match(s, /^[a-z0-9]+(-[a-z0-9]+)*$/)
  })
})

describe('talks at other section levels', () => {
  it('reads talks written as level-1 sections with === Abstract / === Notes under them', () => {
    const c = conf(`= DevOps Days 2024
:lang: en

== Overview

Two tracks.

== Zero-downtime migrations - DATASTORE (EN)

=== Abstract

Expand, migrate, contract.

=== Notes

One release at a time.

== Chaos engineering for the rest of us

=== Abstract

Game days first.

=== Notes

Then tools.

=== Q&A

Questions about staging.

== Hallway track

* Good coffee.
`)
    assert.deepEqual(
      c.talks.map((t) => [t.titleText, t.company, t.lang]),
      [
        ['Zero-downtime migrations', 'DATASTORE', 'en'],
        ['Chaos engineering for the rest of us', undefined, undefined],
      ],
    )
    assert.deepEqual(c.talks[1]!.parts.map((p) => p.kind), ['abstract', 'notes', 'qa'])
    assert.deepEqual(
      c.items.filter((i) => i.type === 'topic').map((i) => (i.type === 'topic' ? i.topic.titleText : '')),
      ['Overview', 'Hallway track'],
    )
  })

  it('reads talks at level 3 under day sections (== Talks > === Day 1 > ==== talk)', () => {
    const c = conf(`= Entwicklertage 2024
:lang: de

== Vorträge

=== Tag 1

==== Kubernetes im Mittelstand - CLOUDWERK

Vorgetragen von Klaus Becker und Petra Wolf, Cloud-Architekten

===== Notizen

Klein anfangen.

==== Sichere Lieferketten

Sprecher: Hannah Klein

===== Notizen

SBOMs.

=== Tag 2

==== Barrierefreiheit im Web [DE]

Vorgetragen von Mia Schulz

===== Notizen

Tastatur testen.
`)
    assert.deepEqual(facts(c), [
      { title: 'Kubernetes im Mittelstand', speakers: ['Klaus Becker', 'Petra Wolf'], company: 'CLOUDWERK', lang: 'de' },
      { title: 'Sichere Lieferketten', speakers: ['Hannah Klein'], company: undefined, lang: 'de' },
      { title: 'Barrierefreiheit im Web', speakers: ['Mia Schulz'], company: undefined, lang: 'de' },
    ])
    assert.equal(c.talks[0]!.role, 'Cloud-Architekten')
    assert.equal(c.items.length, 3, 'day sections with no text of their own add no slides')
    assert.deepEqual(c.talks.map((t) => t.track), ['Tag 1', 'Tag 1', 'Tag 2'], 'each talk knows its day')
  })

  it('does not take a plain list title ("Conférences", "Talks") for a day or track', () => {
    const c = conf('= C\n\n== Talks\n\n=== One\n\nSpeaker: A B\n\n== Track B\n\n=== Two\n\nSpeaker: C D\n')
    assert.deepEqual(c.talks.map((t) => t.track), [undefined, 'Track B'])
  })

  it('finds talks under a section with no known title when most of its sections are talks', () => {
    const c = conf(`= Meetup

== Ce soir

=== Premier sujet

Présenté par Alice Martin

==== Notes

Un.

=== Second sujet

Présenté par Bob Durand

==== Notes

Deux.
`)
    assert.deepEqual(c.talks.map((t) => t.speakers), [['Alice Martin'], ['Bob Durand']])
  })
})

describe('speaker lines as people write them', () => {
  const speakersOf = (line: string) => {
    const c = conf(`= Conf\n\n== Talks\n\n=== A talk\n\n${line}\n\n==== Notes\n\nText.\n`)
    assert.equal(c.talks.length, 1)
    return { speakers: c.talks[0]!.speakers, role: c.talks[0]!.role }
  }

  it('"Presented by A and B, role"', () => {
    assert.deepEqual(speakersOf('Presented by Ada Brooks and Ben Carter, Platform Leads'), {
      speakers: ['Ada Brooks', 'Ben Carter'],
      role: 'Platform Leads',
    })
  })
  it('"Speakers: A, B & C"', () => {
    assert.deepEqual(speakersOf('Speakers: Chen Wei, Dana Scott & Eli Novak').speakers, ['Chen Wei', 'Dana Scott', 'Eli Novak'])
  })
  it('"Speakers: A, B and C, role" keeps the role apart', () => {
    assert.deepEqual(speakersOf('Speakers: Chen Wei, Dana Scott and Eli Novak, engineers at Datastore'), {
      speakers: ['Chen Wei', 'Dana Scott', 'Eli Novak'],
      role: 'engineers at Datastore',
    })
  })
  it('"Par X et Y"', () => {
    assert.deepEqual(speakersOf('Par Xavier Morel et Yasmine Haddad').speakers, ['Xavier Morel', 'Yasmine Haddad'])
  })
  it('"Vorgetragen von X und Y, role"', () => {
    assert.deepEqual(speakersOf('Vorgetragen von Lena Vogel und Tobias Brandt, Performance-Ingenieure'), {
      speakers: ['Lena Vogel', 'Tobias Brandt'],
      role: 'Performance-Ingenieure',
    })
  })
  it('"Presentado por X y Y"', () => {
    assert.deepEqual(speakersOf('Presentado por José Núñez y Ana Peña, desarrolladores').speakers, ['José Núñez', 'Ana Peña'])
  })
  it('"Présenté par *A* & *B*, role": names in bold are taken as written', () => {
    assert.deepEqual(speakersOf('Présenté par *Adrien Morvan* & *Cristina Oprean*, Machine Learning Engineers chez Photobox'), {
      speakers: ['Adrien Morvan', 'Cristina Oprean'],
      role: 'Machine Learning Engineers chez Photobox',
    })
  })
  it('a single speaker with a role: "Speaker: A, role"', () => {
    assert.deepEqual(speakersOf('Speaker: Priya Raman, Staff Engineer'), { speakers: ['Priya Raman'], role: 'Staff Engineer' })
  })
  it('names with letters outside ASCII are not cut at "and", "y" or "e" inside them', () => {
    assert.deepEqual(speakersOf('Presented by Zoë Émoji-Ñandú').speakers, ['Zoë Émoji-Ñandú'])
    assert.deepEqual(speakersOf('Par Gaëlle Éyé et Ünal Çandır').speakers, ['Gaëlle Éyé', 'Ünal Çandır'])
  })
  it('a description list "Speaker:: Name", with the other entries as the role', () => {
    const r = speakersOf('Speaker:: Fatima Ali\nRole:: Site Reliability Engineer')
    assert.deepEqual(r.speakers, ['Fatima Ali'])
    assert.match(r.role ?? '', /Site Reliability Engineer/)
  })
  it('a description list with several speakers', () => {
    assert.deepEqual(speakersOf('Speakers:: Ana Lima, Bruno Costa & Chloé Petit').speakers, ['Ana Lima', 'Bruno Costa', 'Chloé Petit'])
  })
  it('is not fooled by a paragraph that merely starts with "By"', () => {
    const c = conf(`= Conf\n\n== Notes of the day\n\nBy the end of the day, everyone was tired, and the closing party was cancelled because of the rain that had been falling since noon.\n`)
    assert.equal(c.talks.length, 0)
  })
  it('is not fooled by "Par exemple, ..." either', () => {
    assert.equal(parseSpeakerLine('<div class="paragraph"><p>Par exemple, le schema registry de Confluent.</p></div>'), undefined)
  })
  it('parseSpeakerLine returns nothing for ordinary text', () => {
    assert.equal(parseSpeakerLine('<div class="paragraph"><p>Kafka est un gros commit log.</p></div>'), undefined)
  })
})

describe('talk titles and their markers', () => {
  const meta = (title: string) => {
    const m = parseTitle(title)
    return { title: m.titleText, company: m.company, lang: m.lang, highlight: m.highlight }
  }
  it('"- COMPANY (EN)"', () => {
    assert.deepEqual(meta('Building a Real Time Analytics API at Scale - ALGOLIA (EN)'), {
      title: 'Building a Real Time Analytics API at Scale',
      company: 'ALGOLIA',
      lang: 'en',
      highlight: false,
    })
  })
  it('"(EN) - COMPANY" and "(EN) @ Company": the marker before the company', () => {
    assert.deepEqual(meta('Sichere Lieferketten für Software (EN) - SECURECHAIN'), {
      title: 'Sichere Lieferketten für Software',
      company: 'SECURECHAIN',
      lang: 'en',
      highlight: false,
    })
    assert.deepEqual(meta('Zero-downtime database migrations (EN) @ Datastore Inc'), {
      title: 'Zero-downtime database migrations',
      company: 'Datastore Inc',
      lang: 'en',
      highlight: false,
    })
  })
  it('"@ Company"', () => {
    assert.deepEqual(meta('Domain-Driven Design en pratique @ Conseil & Co'), {
      title: 'Domain-Driven Design en pratique',
      company: 'Conseil & Co',
      lang: undefined,
      highlight: false,
    })
  })
  it('"TOP !" before the title, "★" before or after it', () => {
    assert.deepEqual(meta('TOP ! Kafka beyond the brokers - CONFLUENT (FR)'), { title: 'Kafka beyond the brokers', company: 'CONFLUENT', lang: 'fr', highlight: true })
    assert.deepEqual(meta('★ Domain-Driven Design en pratique'), { title: 'Domain-Driven Design en pratique', company: undefined, lang: undefined, highlight: true })
    assert.deepEqual(meta('Photos prises au téléphone ★'), { title: 'Photos prises au téléphone', company: undefined, lang: undefined, highlight: true })
  })
  it('"TOP !" after the title and before the company, or its language; a word ending in "top" is no pick', () => {
    assert.deepEqual(meta('Kafka en production TOP ! - Zenika'), { title: 'Kafka en production', company: 'Zenika', lang: undefined, highlight: true })
    assert.deepEqual(meta('Kafka en production TOP ! - Zenika (FR)'), { title: 'Kafka en production', company: 'Zenika', lang: 'fr', highlight: true })
    assert.deepEqual(meta('Please make it Stop ! - ACME'), { title: 'Please make it Stop !', company: 'ACME', lang: undefined, highlight: false })
  })
  it('keeps the highlight marker as written for the badge, but not a lone star', () => {
    assert.equal(parseTitle('TOP ! Kafka beyond the brokers').highlightText, 'TOP !')
    assert.equal(parseTitle('Coup de cœur : Le TDD').highlightText, 'Coup de cœur')
    assert.equal(parseTitle('★ Domain-Driven Design').highlightText, undefined)
    assert.equal(parseTitle('Photos ★★').highlightText, undefined)
  })
  it('"[DE]", "(en)": any case, brackets or parentheses; not a word that is no language code', () => {
    assert.equal(meta('Barrierefreiheit im Web [DE]').lang, 'de')
    assert.equal(meta('Something (en)').lang, 'en')
    assert.deepEqual(meta('Scaling the API (v2)'), { title: 'Scaling the API (v2)', company: undefined, lang: undefined, highlight: false })
  })
  it('does not take "at Scale", "by Example" for a company, but takes "at Criteo"', () => {
    assert.deepEqual(meta('Machine learning models at Scale'), { title: 'Machine learning models at Scale', company: undefined, lang: undefined, highlight: false })
    assert.equal(meta('Testing by Example (EN)').company, undefined)
    assert.deepEqual(meta('Kafka in production at Criteo (FR)'), { title: 'Kafka in production', company: 'Criteo', lang: 'fr', highlight: false })
  })
  it('does not take a dash inside the title for a company', () => {
    assert.deepEqual(meta('Real-Time Access log analysis - BLABLACAR (EN)').title, 'Real-Time Access log analysis')
    assert.equal(meta('Zero-downtime migrations').company, undefined)
  })
})

describe('other languages', () => {
  it('detects English, German and Spanish notes without :lang:', () => {
    const en = conf(`= Conf\n\n== Talks\n\n=== One\n\nPresented by A B\n\n==== Notes\n\nThe talk was about the way teams work with the data and the tools that are available for them.\n`)
    const de = conf(`= Konf\n\n== Vorträge\n\n=== Eins\n\nVorgetragen von A B\n\n==== Notizen\n\nDer Vortrag war sehr gut und die Beispiele waren nicht zu lang, auch für das Team ist das ein Thema.\n`)
    const es = conf(`= Conf\n\n== Charlas\n\n=== Una\n\nPresentado por A B\n\n==== Apuntes\n\nLa charla fue muy buena y los ejemplos son para todos los equipos que trabajan con datos en la empresa.\n`)
    assert.deepEqual([en.lang, de.lang, es.lang], ['en', 'de', 'es'])
    assert.deepEqual([en.talks.length, de.talks.length, es.talks.length], [1, 1, 1])
  })

  it('gives talks with titles in scripts a slug cannot spell distinct fallback slugs', () => {
    const c = conf(`= 大会\n\n== 演讲\n\n=== 分布式系统\n\nSpeaker: 张伟\n\n=== 日本語のセッション\n\nSpeaker: 山田太郎\n`)
    assert.deepEqual(c.talks.map((t) => t.speakers), [['张伟'], ['山田太郎']])
    assert.equal(new Set(c.talks.map((t) => t.slug)).size, 2)
    for (const t of c.talks) assert.match(t.slug, /^[a-z0-9-]+$/)
  })
})

describe('a document with no talks', () => {
  it('maps every section to a conference topic', () => {
    const c = conf(`= Notes de la semaine
Pierre Dupont

Quelques notes sans aucune conférence.

== Ce que j'ai lu

* Un article.

== Idées pour l'équipe

Une rétrospective mensuelle.
`)
    assert.equal(c.talks.length, 0)
    assert.deepEqual(
      c.items.map((i) => (i.type === 'topic' ? i.topic.titleText : 'talk')),
      ['Notes de la semaine', 'Ce que j’ai lu', 'Idées pour l’équipe'],
    )
  })
  it('copes with a document that is only a title, or empty', () => {
    assert.equal(conf('= Just a title\n').talks.length, 0)
    assert.equal(conf('').talks.length, 0)
  })
})

describe('right-to-left languages', () => {
  it('knows them by code, with or without a region, whatever the case; and no others', async () => {
    const { isRtlLang } = await import('../../src/notes/lang.js')
    for (const l of ['ar', 'he', 'fa', 'ur', 'ckb', 'ckb-IQ', 'ar-EG', 'HE', 'ar_MA']) assert.equal(isRtlLang(l), true, l)
    for (const l of ['fr', 'en-US', 'ck', 'c', '', 'arn', 'hel']) assert.equal(isRtlLang(l), false, l)
  })
})

describe("a talk's meta line", () => {
  it('lists speakers, company and language code, leaving out what is not there', async () => {
    const { talkMeta } = await import('../../src/notes/conference.js')
    assert.deepEqual(talkMeta({ speakers: ['Ada Park', 'Ben Stone'], company: 'Initech', lang: 'en' }), ['Ada Park, Ben Stone', 'Initech', 'EN'])
    assert.deepEqual(talkMeta({ speakers: [], lang: 'fr' }), ['FR'])
    assert.deepEqual(talkMeta({ speakers: ['Zoé'] }), ['Zoé'])
  })
})
