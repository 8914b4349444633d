/**
 * The public corpus (test/fixtures/real/, origins in ORIGINS.md): conference
 * write-ups other people published in AsciiDoc, and what a human reader sees in
 * each, written down by hand in expected.json. Reports, per file, per language
 * of the write-up and in total, how many of the talks and speakers bbl finds
 * (recall) and how many of what it finds are right (precision), and holds it to
 * the thresholds the README states (per language: what was measured).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadNotes } from '../../src/notes/asciidoc.js'
import { mapConference } from '../../src/notes/conference.js'

interface Expected {
  title: string
  /** The write-up's language, as a reader sees it (ISO 639-1). */
  lang: string
  talks: Array<{ title: string; speakers: string[] }>
  /** Why bbl's rules cannot read this file right, written when no general rule could: reported, counted in the totals, not held to the per-file thresholds. */
  unsolved?: string
}

const DIR = 'test/fixtures/real'
const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>

/** Typographic quotes and spaces aside, as a reader compares two titles. */
const norm = (s: string) => s.normalize('NFC').replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase()

interface Score {
  found: number
  right: number
  wanted: number
}
const add = (a: Score, b: Score): Score => ({ found: a.found + b.found, right: a.right + b.right, wanted: a.wanted + b.wanted })
/** Precision of nothing found is 1 (nothing wrong was said); recall of nothing wanted is 1. */
const precision = (s: Score) => (s.found === 0 ? 1 : s.right / s.found)
const recall = (s: Score) => (s.wanted === 0 ? 1 : s.right / s.wanted)
const fmt = (s: Score) => `recall ${recall(s).toFixed(2)} (${s.right}/${s.wanted}), precision ${precision(s).toFixed(2)} (${s.right}/${s.found})`

async function measure(file: string, want: Expected) {
  const c = mapConference(await loadNotes(path.join(DIR, file)))
  const wanted = new Map(want.talks.map((t) => [norm(t.title), t]))
  const talks: Score = { found: c.talks.length, wanted: want.talks.length, right: c.talks.filter((t) => wanted.has(norm(t.titleText))).length }
  const speakers: Score = { found: 0, right: 0, wanted: want.talks.reduce((n, t) => n + t.speakers.length, 0) }
  for (const t of c.talks) {
    const names = new Set(wanted.get(norm(t.titleText))?.speakers.map(norm) ?? [])
    speakers.found += t.speakers.length
    speakers.right += t.speakers.filter((s) => names.has(norm(s))).length
  }
  return { title: c.titleText, talks, speakers }
}

const NONE: Score = { found: 0, right: 0, wanted: 0 }

/**
 * Per language, the talks' recall and precision as measured on the corpus, held
 * as the least each must keep (German: the essay on presenting, once three false
 * talks, now none; Japanese and Chinese: posts without talks, where no talk found
 * is right; French: a report whose sections are headed by their speakers'
 * names). A language with no write-up listing talks has recall 1 by definition.
 */
const LANGUAGE_FLOOR: Record<string, { recall: number; precision: number }> = {
  en: { recall: 0.97, precision: 1 },
  de: { recall: 1, precision: 1 },
  fr: { recall: 1, precision: 1 },
  ja: { recall: 1, precision: 1 },
  zh: { recall: 1, precision: 1 },
}

describe('the public corpus of real write-ups', async () => {
  const results = await Promise.all(Object.entries(expected).map(async ([file, want]) => ({ file, want, got: await measure(file, want) })))
  let talks = NONE
  let speakers = NONE
  const byLang = new Map<string, { talks: Score; speakers: Score; files: number }>()
  for (const { file, want, got } of results) {
    talks = add(talks, got.talks)
    speakers = add(speakers, got.speakers)
    const l = byLang.get(want.lang) ?? { talks: NONE, speakers: NONE, files: 0 }
    byLang.set(want.lang, { talks: add(l.talks, got.talks), speakers: add(l.speakers, got.speakers), files: l.files + 1 })
    process.stdout.write(`corpus ${file}: talks ${fmt(got.talks)}; speakers ${fmt(got.speakers)}\n`)
  }
  for (const [lang, l] of byLang) process.stdout.write(`corpus language ${lang} (${l.files} files): talks ${fmt(l.talks)}; speakers ${fmt(l.speakers)}\n`)
  process.stdout.write(`corpus total: talks ${fmt(talks)}; speakers ${fmt(speakers)}\n`)

  for (const [lang, l] of byLang) {
    it(`written in ${lang}: talks with recall and precision no lower than measured`, () => {
      const floor = LANGUAGE_FLOOR[lang]
      assert.ok(floor, `no measured floor for the language ${lang}: measure it and add it to LANGUAGE_FLOOR`)
      assert.ok(recall(l.talks) >= floor.recall && precision(l.talks) >= floor.precision, `${lang}: talks ${fmt(l.talks)}`)
    })
  }

  for (const { file, want, got } of results) {
    it(`${file}: the notes' title`, () => assert.equal(got.title, want.title))
    it(`${file}: talks with recall and precision of 0.9 or more`, want.unsolved ? { todo: want.unsolved } : {}, () => {
      assert.ok(recall(got.talks) >= 0.9, `talks ${fmt(got.talks)}`)
      assert.ok(precision(got.talks) >= 0.9, `talks ${fmt(got.talks)}`)
    })
  }

  it('in total: talks with recall 0.9 and precision 0.95 or more, speakers with precision 0.95 and recall 0.7', () => {
    assert.ok(recall(talks) >= 0.9 && precision(talks) >= 0.95, `talks ${fmt(talks)}`)
    assert.ok(precision(speakers) >= 0.95, `speakers ${fmt(speakers)}`)
    assert.ok(recall(speakers) >= 0.7, `speakers ${fmt(speakers)}`)
  })
})
