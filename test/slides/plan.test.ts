import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { mapConference } from '../../src/notes/conference.js'
import { labelsFor } from '../../src/notes/lang.js'
import { planDecks } from '../../src/slides/plan.js'
import { groupPhotos, rewriteImages } from '../../src/slides/pictures.js'
import type { ImageAsset } from '../../src/slides/spec.js'

const fr = labelsFor('fr')
const img = (w: number, h: number, name = 'x.jpg'): { image: ImageAsset } => ({
  image: { src: name, target: name, status: 'ok', output: `images/${name}`, width: w, height: h },
})

describe('groupPhotos', () => {
  it('keeps landscape photos one per slide (sharing would shrink them)', () => {
    const groups = groupPhotos([img(1600, 1200), img(1600, 1200), img(1600, 1200)])
    assert.deepEqual(groups.map((g) => g.length), [1, 1, 1])
  })
  it('pairs portrait phone photos: side by side they are as large as alone', () => {
    const groups = groupPhotos([img(1200, 1600), img(1200, 1600), img(1200, 1600), img(1200, 1600)])
    assert.deepEqual(groups.map((g) => g.length), [2, 2])
  })
  it('never puts a wide panorama next to anything', () => {
    const groups = groupPhotos([img(3000, 1000), img(1200, 1600)])
    assert.deepEqual(groups.map((g) => g.length), [1, 1])
  })
  it('treats a photo of unknown size (missing) as landscape', () => {
    const missing = { image: { src: 'm', target: 'm', status: 'missing' as const } }
    assert.deepEqual(groupPhotos([missing, missing]).map((g) => g.length), [1, 1])
  })
})

describe('rewriteImages', () => {
  const table = new Map<string, ImageAsset>([
    ['./images/a.png', { src: './images/a.png', target: 'a.png', status: 'ok', output: 'images/a.png' }],
    ['./images/c.png', { src: './images/c.png', target: 'c.png', status: 'ok', output: 'images/c.png', width: 400, height: 200 }],
    ['./images/b.png', { src: './images/b.png', target: 'b.png', status: 'missing' }],
  ])
  it('points found pictures at their copy in the deck folder', () => {
    assert.equal(rewriteImages('<p><img src="./images/a.png" alt="a"></p>', table, fr), '<p><img src="images/a.png" alt="a"></p>')
  })
  it('gives inline pictures their size, so the slide is measured as it will show', () => {
    assert.equal(rewriteImages('<img src="./images/c.png" alt="c">', table, fr), '<img width="400" height="200" src="images/c.png" alt="c">')
    // A width the author gave, for the converter's 960 px slide: the same share of bbl's 1280 px one (×4/3).
    assert.equal(rewriteImages('<img src="./images/c.png" alt="c" width="100">', table, fr), '<img width="133" height="67" style="width: 133px; height: 67px; max-height: none" src="images/c.png" alt="c">')
  })
  it('replaces a missing picture with a placeholder naming it', () => {
    const out = rewriteImages('<p>x <img src="./images/b.png" alt="b"></p>', table, fr)
    assert.match(out, /bbl-missing/)
    assert.match(out, /b\.png/)
    assert.doesNotMatch(out, /<img/)
  })
})

describe('planDecks on small notes', () => {
  const doc = parseNotes(
    `= Conf
Jane Doe

== Overview

Some words.

== Talks

=== First talk - ACME (EN)

Presented by *Ann Lee*, engineer

==== Notes

Intro sentence.

image::one.jpg[]

More text after the photo.

=== Second talk

Speaker: Bob

Only content.
`,
    '/tmp/conf.adoc',
  )
  const conf = mapConference(doc)
  const decks = planDecks(conf, { labels: labelsFor(conf.lang), images: new Map() })

  it('makes a recap deck and one deck per talk', () => {
    assert.deepEqual(decks.map((d) => d.file), ['index.html', 'first-talk.html', 'second-talk.html'])
  })
  it('orders the recap: cover, agenda, topics, talks as stacks, closing', () => {
    const recap = decks[0]!
    const first = recap.stacks.map((s) => s.slides[0]!)
    // Sections keep Asciidoctor's ids; bbl's own slides have ids no section can have (issue 8, rule 6).
    assert.equal(first[0]!.id, 'bbl~title')
    assert.equal(first[1]!.id, 'bbl~agenda')
    assert.equal(first[2]!.id, '_overview')
    assert.equal(first[3]!.id, '_first_talk_acme_en')
    assert.equal(recap.stacks[3]!.slides[1]!.id, '_notes')
    assert.equal(first.at(-1)!.id, 'bbl~end')
    assert.ok(recap.stacks[3]!.slides.length > 1, 'a talk is a vertical stack')
  })
  it('gives a photo its own slide, with the sentence before it above it', () => {
    const talk = decks[1]!.stacks.flatMap((s) => s.slides)
    const photo = talk.find((s) => s.type === 'fixed' && s.classes.includes('bbl-photo'))
    assert.ok(photo && photo.type === 'fixed', "photo && photo.type === 'fixed'")
    assert.match(photo.html, /bbl-lead[\s\S]*Intro sentence/)
    assert.match(photo.html, /one\.jpg/)
    const after = talk.filter((s) => s.type === 'flow' && s.blocks.join('').includes('More text after the photo'))
    assert.equal(after.length, 1)
  })
  it('puts the talk metadata on the talk cover', () => {
    const cover = decks[1]!.stacks[0]!.slides[0]!
    assert.equal(cover.type, 'fixed')
    if (cover.type === 'fixed') {
      assert.match(cover.html, /Ann Lee/)
      assert.match(cover.html, /ACME/)
      assert.match(cover.html, />EN</)
    }
  })
})

describe('notes without a header', () => {
  it('plan a deck with no author, no date and no title', () => {
    const doc = parseNotes('== Talks\n\n=== One\n\nSome text.\n', '/tmp/bare.adoc')
    assert.equal(doc.author, undefined)
    assert.equal(doc.date, undefined)
    assert.equal(doc.titleText, 'bare')
    const decks = planDecks(mapConference(doc), { labels: fr, images: new Map() })
    assert.equal(decks.length, 2)
  })
})

describe('a plain deck (issue 8, rule 8)', () => {
  const doc = parseNotes('= Deck\nAnn Lee\n\n== !\n\nHidden title.\n\n== Title\n\nA section named like bbl\'s cover.\n\n=== Below\n\nVertical.\n', '/tmp/deck.adoc')
  const conf = mapConference(doc)
  const recap = planDecks(conf, { labels: labelsFor(conf.lang), images: new Map() })[0]!
  const slides = recap.stacks.flatMap((s) => s.slides)

  it('has the author\'s title slide and slides: no recap wording, no closing slide, no document title above each slide', () => {
    assert.equal(conf.kind, 'deck')
    const cover = slides[0]!
    assert.ok(cover.type === 'fixed' && !cover.html.includes('bbl-eyebrow'), "cover.type === 'fixed' && !cover.html.includes('bbl-eyebrow')")
    assert.ok(!slides.some((s) => s.classes.includes('bbl-closing')), "!slides.some((s) => s.classes.includes('bbl-closing'))")
    for (const s of slides) if (s.type === 'flow') assert.equal(s.kicker, '')
  })
  it('keeps section ids; bbl\'s cover cannot collide with a section titled "Title"', () => {
    assert.deepEqual(slides.map((s) => s.id), ['bbl~title', 'bbl~section-1', '_title', '_below'])
    assert.ok(slides[1]!.classes.includes('bbl-notitle'), "slides[1]!.classes.includes('bbl-notitle')")
  })
})

describe('a footnote in a section title (issue 7)', () => {
  const long = 'Words before the photo, too many to introduce it on its slide. '.repeat(3)
  const doc = parseNotes(`= Deck\n\n== Overviewfootnote:[On the overview.]\n\n${long}\n\nimage::one.jpg[]\n\nMore words.\n\n[%notitle]\n== Hiddenfootnote:[Hidden.]\n\nText.\n`, '/tmp/deck.adoc')
  const slides = planDecks(mapConference(doc), { labels: fr, images: new Map() })[0]!.stacks.flatMap((s) => s.slides)
  const flows = slides.filter((s) => s.type === 'flow')
  const overview = { n: 1, html: 'On the overview.' }

  it('goes with every flow of its section, the one before a photo and the one after; not with a hidden title', () => {
    assert.deepEqual(flows.map((s) => s.footnotes), [[overview], [overview], undefined])
  })

  it('the photo slide between them, which has no foot, shows the title without the reference', () => {
    const photo = slides.find((s) => s.type === 'fixed' && s.classes.includes('bbl-photo'))
    assert.ok(photo?.type === 'fixed', "photo?.type === 'fixed'")
    assert.match(photo.html, /<p class="bbl-kicker" dir="auto" role="heading" aria-level="2">Overview<\/p>/)
  })
})

describe("a footnote in a talk's heading (issue 7)", () => {
  const doc = parseNotes('= Conf\n\n== Talks\n\n=== Cutting p99 footnote:[Staging only.] - ACME (EN)\n\nPresented by Ann Lee\n\n==== Notes\n\nText.footnote:[Body.]\n', '/tmp/conf.adoc')
  const conf = mapConference(doc)
  const slides = planDecks(conf, { labels: fr, images: new Map() })[0]!.stacks.flatMap((s) => s.slides)
  const talk = conf.talks[0]!

  it('leaves the markers readable (company, language) and the plain title without the reference', () => {
    assert.deepEqual([talk.titleText, talk.company, talk.lang], ['Cutting p99', 'ACME', 'en'])
  })

  it("shows the title with its reference on the talk's title slide, and the note's text at its foot; the agenda and closing slide show no dangling reference", () => {
    const cover = slides.find((s) => s.classes.includes('bbl-cover-talk'))
    assert.ok(cover?.type === 'fixed', "cover?.type === 'fixed'")
    assert.match(cover.html, /<h1 class="bbl-cover-title" dir="auto">Cutting p99<sup class="footnote" data-footnote="1">\[1\]<\/sup><\/h1>/)
    assert.match(cover.html, /<p class="bbl-footnote" data-footnote="1" dir="auto"><span class="bbl-fn-n">1\.<\/span> Staging only\.<\/p>/)
    const agenda = slides.find((s) => s.classes.includes('bbl-agenda-slide'))
    assert.ok(agenda?.type === 'flow', "agenda?.type === 'flow'")
    assert.doesNotMatch(agenda.blocks.join(''), /footnote/)
    const closing = planDecks(conf, { labels: fr, images: new Map() })[1]!.stacks.at(-1)!.slides[0]!
    assert.ok(closing.type === 'fixed' && closing.html.includes('Cutting p99') && !closing.html.includes('footnote'), 'the talk deck\'s closing slide names the talk without it')
    assert.ok(slides.some((s) => s.type === 'flow' && s.footnotes?.[0]?.n === 2), "slides.some((s) => s.type === 'flow' && s.footnotes?.[0]?.n === 2)")
  })
})

describe('the conference cover', () => {
  const cover = (adoc: string, lang: string) => {
    const conf = mapConference(parseNotes(adoc, 'c.adoc'))
    const [recap] = planDecks(conf, { labels: labelsFor(lang), images: new Map(), talks: undefined })
    const first = recap!.stacks[0]!.slides[0]!
    return first.type === 'fixed' ? first.html : ''
  }
  it('counts its talks in the notes language, singular for one', () => {
    const one = '= Conf\n:lang: fr\n\n== Conférences\n\n=== Kafka\n\nPar Ada Park\n\nDu texte.\n'
    assert.match(cover(one, 'fr'), /1 conférence</)
    const two = `${one}\n=== Flink\n\nPar Bob Lee\n\nEncore.\n`
    assert.match(cover(two, 'fr'), /2 conférences</)
  })
})

describe('the agenda', () => {
  const agendaTitle = (adoc: string) => {
    const [recap] = planDecks(mapConference(parseNotes(adoc, 'c.adoc')), { labels: fr, images: new Map(), talks: undefined })
    const agenda = recap!.stacks.flatMap((s) => s.slides).find((s) => s.classes.includes('bbl-agenda-slide'))
    return agenda?.type === 'flow' ? agenda.title : undefined
  }
  const talks = '=== Kafka\n\nPar Ada Park\n\nDu texte.\n\n=== Flink\n\nPar Bob Lee\n\nEncore.\n'
  it("takes the notes' own heading over their talks", () => {
    assert.equal(agendaTitle(`= Conf\n:lang: fr\n\n== Talks attended\n\n${talks}`), 'Talks attended')
  })
  it('is called Programme (in French) when no one heading holds the talks', () => {
    assert.equal(agendaTitle(`= Conf\n:lang: fr\n\n== Jour 1\n\n${talks}\n== Jour 2\n\n=== Spark\n\nPar Cy Tan\n\nTexte.\n`), 'Programme')
  })
})

describe('a footnote in the notes\' title', () => {
  const doc = parseNotes('= DevFest 2025 footnote:[Nantes, 14 November.]\n\n== Talks\n\n=== One\n\nPresented by Ann Lee\n\nSome text.\n', '/tmp/devfest.adoc')
  const [recap, talk] = planDecks(mapConference(doc), { labels: fr, images: new Map() })
  it('is at the foot of the cover, and nowhere the title is only named (eyebrows, kickers)', () => {
    const cover = recap!.stacks[0]!.slides[0]!
    assert.ok(cover.type === 'fixed', "cover.type === 'fixed'")
    assert.match(cover.html, /<div class="bbl-footnotes"><p class="bbl-footnote" data-footnote="1"[^>]*><span class="bbl-fn-n">1\.<\/span> Nantes, 14 November\.<\/p>/)
    const talkCover = talk!.stacks[0]!.slides[0]!
    assert.ok(talkCover.type === 'fixed', "talkCover.type === 'fixed'")
    assert.match(talkCover.html, /<p class="bbl-eyebrow" dir="auto">DevFest 2025 <\/p>/)
    assert.doesNotMatch(talkCover.html, /footnote/)
  })

  it('the notes\' opening text, under the title, names it without the number', () => {
    const withIntro = parseNotes('= DevFest 2025 footnote:[Nantes.]\n\nWhy we went.\n\n== Talks\n\n=== One\n\nPresented by Ann Lee\n\nText.\n', '/tmp/devfest.adoc')
    const [deck] = planDecks(mapConference(withIntro), { labels: fr, images: new Map() })
    const intro = deck!.stacks.flatMap((st) => st.slides).find((sl) => sl.type === 'flow' && sl.blocks.some((b) => b.includes('Why we went')))
    assert.ok(intro && intro.type === 'flow', "intro && intro.type === 'flow'")
    assert.doesNotMatch(`${intro.kicker} ${intro.title}`, /footnote|\[1\]/)
    assert.equal(intro.footnotes, undefined)
  })
})
