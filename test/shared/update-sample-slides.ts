/**
 * npm run update:sample-slides: builds the sample, opens every deck in headless
 * Chromium, and writes test/fixtures/sample-slides.txt from what it shows. Run
 * it after a change meant to change the sample's slides, and read the diff
 * before committing it; the tests compare every build with that file.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Manifest } from '../../src/core/manifest.js'
import { closeBrowser, type DeckReport, inspectDeck, launchBrowser } from '../helpers/deck.js'
import { SAMPLE_SLIDES, slideLines } from '../helpers/sample-slides.js'
import { shared } from '../helpers/shared.js'

const { out, run } = await shared('sample')
if (run.code !== 0) throw new Error(`the sample did not build:\n${run.stderr}`)
const dir = path.join(out, 'dataxday-2018')
const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
const browser = await launchBrowser()
try {
  const reports = new Map<string, DeckReport>()
  for (const d of manifest.decks) reports.set(d.file, await inspectDeck(browser, path.join(dir, d.file)))
  await writeFile(SAMPLE_SLIDES, `${slideLines(manifest, reports).join('\n')}\n`)
  process.stderr.write(`wrote ${path.relative(process.cwd(), SAMPLE_SLIDES)}: read the diff (git diff) before committing it\n`)
} finally {
  await closeBrowser(browser)
}
