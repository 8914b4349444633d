/**
 * Front matter (src/notes/front-matter.ts, read through Asciidoctor's
 * skip-front-matter): a static-site generator's metadata is the notes' title,
 * author, date, language and tags, and never reaches a slide.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { mapConference } from '../../src/notes/conference.js'
import { notesMeta } from '../../src/notes/front-matter.js'

const text = (d: ReturnType<typeof parseNotes>): string =>
  [...d.preamble, ...d.sections.flatMap((s) => s.blocks)].map((b) => (b.kind === 'photos' ? '' : b.text)).join('\n')

const POST = `---
layout: post
title: "Mes notes de la Conf 2024"
author: Ana Souza
date: 2024-05-02
lang: fr
tags: [conference, java]
---

Une journée bien remplie.

== Première partie

Du texte.
`

describe('YAML front matter', () => {
  it('gives the title, author, date, language and tags, and shows none of it', () => {
    const d = parseNotes(POST, 'post.adoc')
    assert.equal(d.titleText, 'Mes notes de la Conf 2024')
    assert.equal(d.author, 'Ana Souza')
    assert.equal(d.date, '2024-05-02')
    assert.equal(d.lang, 'fr')
    assert.deepEqual(d.tags, ['conference', 'java'])
    assert.doesNotMatch(text(d), /layout|title:|---/)
    assert.match(text(d), /Une journée bien remplie/)
    assert.deepEqual(d.warnings, [])
  })

  it('gives its language to the conference (labels and joiners), not English', () => {
    assert.equal(mapConference(parseNotes(POST, 'post.adoc')).lang, 'fr')
  })

  it('loses to a `= Title` line and to `:lang:`', () => {
    const d = parseNotes(POST.replace('\nUne journée', '\n= Le vrai titre\n:lang: de\n\nUne journée'), 'post.adoc')
    assert.equal(d.titleText, 'Le vrai titre')
    assert.equal(d.lang, 'de')
  })

  it('is ignored with a warning on its line when it is not YAML; the notes are kept', () => {
    const d = parseNotes('---\ntitle: [unclosed\n---\n\n== A\n\nText.\n', 'bad.adoc')
    assert.equal(d.titleText, 'bad')
    assert.equal(d.warnings[0]?.code, 'FRONT_MATTER')
    assert.equal(d.sections[0]?.titleText, 'A')
  })
})

describe('JBake headers', () => {
  it('reads :jbake-title:, :jbake-date: and :jbake-tags: when there is no = Title', () => {
    const d = parseNotes(':jbake-title: Devoxx notes\n:jbake-date: 2023-10-06\n:jbake-tags: java, conference\n:jbake-type: post\n\nText.\n', 'jb.adoc')
    assert.equal(d.titleText, 'Devoxx notes')
    assert.equal(d.date, '2023-10-06')
    assert.deepEqual(d.tags, ['java', 'conference'])
    assert.doesNotMatch(text(d), /jbake/)
  })

  it('takes a list of authors as one line, and front matter before JBake attributes', () => {
    const { meta } = notesMeta('title: A\nauthors:\n  - Ann Example\n  - Bo Li\n', { 'jbake-title': 'B' })
    assert.deepEqual(meta, { title: 'A', author: 'Ann Example, Bo Li' })
  })
})
