/**
 * Builds that several test files read: made once per test run, before the
 * files start (test/order/run.mjs runs test/shared/prepare.ts), into the folder
 * BBL_TEST_SHARED names; each file then reads the output, never writes it (a
 * test that must change an output copies it first). The run checks afterwards
 * that no file in that folder changed.
 *
 * A test file run alone (no BBL_TEST_SHARED) makes the builds it asks for
 * itself, once per process, in a temporary folder removed at exit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { CACHE_DIR } from '../../src/cache/store.js'
import { bbl, type Run } from './cli.js'

export const SAMPLE = 'decks/dataxday-2018.adoc'

/** Our own notes (test/fixtures/*.adoc); media, icons, icons-text and scripts are test/build/media-icons-scripts.e2e.test.ts's. */
export const FIXTURES = [
  'long-talk', // a 3,000-word talk
  'photos', // 20 photos in a row, portrait phone photos (EXIF), inline pictures, a picture in a list item
  'table', // a 60-row table, tall cells
  'listing', // 100-line listings: highlighted source, literal block, a 200-character token
  'lists', // 5-level lists, a 17-item list
  'long-url', // long unbreakable URLs and words, a URL as a talk title
  'intl', // CJK, right-to-left text, emoji
  'long-title', // a very long talk title and speaker line
  'no-talks', // a document with no talks at all
  'mapping-en', // talks as level-1 sections, "Presented by A and B", "Speakers: A, B & C", "Speaker::", "@ Company", "★"
  'mapping-de', // talks at level 3 under day sections, "Vorgetragen von", "(EN) - COMPANY", "TOP !", "[DE]"
  'mapping-fr', // "Par X et Y", "@ Conseil & Co (EN)", a workshop, a level-1 closing keynote
  'missing-image', // a missing picture, a remote one, a missing inline one
  'footnotes', // footnotes (one referenced twice), in a list and a table, in a section long enough to be split
  'title-footnotes', // footnotes in a topic's title, a talk's heading and a talk section's title (split)
  'speaker-notes', // the three speaker-notes forms, notes on a section split over several slides
  'math', // stem, latexmath and asciimath, inline and block
  'speakers', // speakers in description lists of any style, "Name (Company)", content attached to a speaker entry
  'short-english', // a few short English titles and items
  'pdf-notes', // speaker notes long enough to continue on the handout's next page, %step lists
]
export const fixture = (name: string) => `test/fixtures/${name}.adoc`

/** PDF dates fixed, so that two runs give the same bytes. */
export const EPOCH = '1700000000'

/**
 * The shared builds. Two of each kind, made at once with a different number of
 * measuring pages: reproducibility (same bytes) and independence from the page
 * count are checked by comparing them.
 */
export const BUILDS = {
  /**
   * `bbl pdf` of our fixtures, every one in one run (the longest: made first, while the others follow on the other
   * core): each recap's slide PDF and handout, not the talks' PDFs (the same slides as the recap's; the sample's
   * build makes those, and they were half of this run's printing).
   */
  fixtures: { args: ['pdf', ...FIXTURES.map(fixture), '--no-talks'], env: { SOURCE_DATE_EPOCH: EPOCH, BBL_MEASURE_PAGES: '4' } },
  /** `bbl pdf` of the sample: decks, slide PDFs, handout, talk PDFs, landing page. */
  sample: { args: ['pdf', SAMPLE], env: { SOURCE_DATE_EPOCH: EPOCH, BBL_MEASURE_PAGES: '4' } },
  sampleAgain: { args: ['pdf', SAMPLE], env: { SOURCE_DATE_EPOCH: EPOCH, BBL_MEASURE_PAGES: '2' } },
  /** `bbl build` of the same fixtures: the decks must be byte for byte those of the run above. */
  fixturesAgain: { args: ['build', ...FIXTURES.map(fixture)], env: { BBL_MEASURE_PAGES: '2' } },
} satisfies Record<string, { args: string[]; env: Record<string, string> }>

export type BuildName = keyof typeof BUILDS

export interface Shared {
  /** The output folder (--out): dist/ of that run. */
  out: string
  /** The run: exit code, stderr. */
  run: Run
}

const made = new Map<BuildName, Promise<Shared>>()
let scratch: string | undefined

/** Make build `name` into `dir` and write its run next to it (`dir`.json). */
export async function make(name: BuildName, dir: string): Promise<Shared> {
  const b = BUILDS[name]
  const run = await bbl([...b.args, '--out', path.join(dir, name)], { env: b.env })
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(run))
  return { out: path.join(dir, name), run }
}

/** Build `name`, as made for this test run (or now, for a test file run alone). Read it; never write into it. */
export function shared(name: BuildName): Promise<Shared> {
  const dir = process.env['BBL_TEST_SHARED']
  if (dir) {
    const run = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Run
    return Promise.resolve({ out: path.join(dir, name), run })
  }
  if (!scratch) {
    const d = mkdtempSync(path.join(os.tmpdir(), 'bbl-shared-'))
    scratch = d
    process.once('exit', () => rmSync(d, { recursive: true, force: true }))
  }
  const m = made.get(name) ?? make(name, scratch)
  made.set(name, m)
  return m
}

/**
 * The cache of shared build `name` copied into `out` (a build folder of the test's own): a build of the same notes
 * there then reads the straightened photos and measured layouts it can use, as a user's rebuild does, instead of
 * making them again. The shared builds themselves are made without one.
 */
export async function seedCache(name: BuildName, out: string): Promise<void> {
  const from = path.join((await shared(name)).out, CACHE_DIR)
  await cp(from, path.join(out, CACHE_DIR), { recursive: true })
}
