/**
 * Issue 7's last "done when": the README's notes-conventions section documents
 * the rule of each point (footnotes, speaker-notes forms, split notes, math,
 * media, icons, scripts, speakers, language), in words a user looks for.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { it } from 'node:test'

const README = path.resolve(import.meta.dirname, '..', 'README.md')

/** Point of issue 7 → what the section must say (each a pattern of the rule, not just its name). */
const RULES: Array<[string, RegExp[]]> = [
  ['1. footnotes', [/\*\*Footnotes\.\*\*/, /foot of\s+each slide that references it/, /split like any\s+other/, /in both PDFs/, /footnote in a section title/]],
  ['2. speaker-notes forms', [/\*\*Speaker notes\.\*\*/, /`\[\.notes\]` on an open block/, /sidebar/, /`\[NOTE\.speaker\]`/, /speaker view[\s\S]{0,40}handout/]],
  ['3. notes on split slides', [/every part\s+has the notes in its speaker view/]],
  ['4. math', [/\*\*Math\.\*\*/, /typeset when the deck is built/, /requests nothing/, /PDF's text/]],
  ['5. media', [/\*\*Video and audio\.\*\*/, /copied into the deck folder/, /never embedded nor fetched/, /card with the link/]],
  ['6. icons', [/\*\*Icons\.\*\*/, /Font Awesome Free/, /unknown name[\s\S]{0,60}warning with its line/]],
  ['7. every script', [/\*\*Every script\.\*\*/, /\*\*subset\*\*/, /no bundled font has is a warning/]],
  ['8. speakers', [/Description lists count in any style/, /speaker and\s+their company/, /stays content/]],
  ['9. language', [/\*\*Language\.\*\*/, /`:lang:`/, /taken as English/]],
]

it("the README's notes conventions document each rule of issue 7", async () => {
  const text = await readFile(README, 'utf8')
  const start = text.indexOf('## Notes conventions')
  assert.ok(start >= 0, 'a "Notes conventions" section')
  const section = text.slice(start, text.indexOf('\n## ', start + 1))
  const missing = RULES.flatMap(([point, patterns]) => patterns.filter((p) => !p.test(section)).map((p) => `${point}: ${p}`))
  assert.deepEqual(missing, [])
})

/** What issue 8 names (its points 2–7), as the README's converter-features table spells it. */
const CONVERTER_FEATURES = [
  '`== !`', '`[%notitle]`', '`[%conceal]`', '`:notitle:`', 'highlight=', '`image::x.jpg[background', '`[.stretch]`', '`width`', '`float`',
  'Inline images with `step=`', '`<<id>>`', '`:revealjs_theme:`', '`:customcss:`', '`:revealjs_transition:`', '`:revealjs_slideNumber:`',
  '`:revealjs_autoSlide:`', '`:title-slide-background-*:`', 'docinfo', '`[%auto-animate]`', '`frame=`', '`grid=`', '`[.text-center]`', 'raw `<section>`',
]

it("the README's converter-features table says, for each feature issue 8 names, whether bbl honours, maps or reports it", async () => {
  const text = await readFile(README, 'utf8')
  const start = text.indexOf('**asciidoctor-reveal.js markup.**')
  assert.ok(start >= 0, 'start >= 0')
  const rows = text.slice(start, text.indexOf('\n\n**', start)).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Converter feature'))
  assert.ok(rows.length >= 15, `${rows.length} rows`)
  const cells = rows.map((r) => r.split(/(?<!\\)\|/).map((c) => c.trim()).filter(Boolean))
  assert.deepEqual(cells.filter((c) => c.length !== 2 || !/^(honoured|mapped|reported)\b/.test(c[1]!)).map((c) => c.join(' | ')), [], 'each row: a feature and a verdict')
  assert.deepEqual(CONVERTER_FEATURES.filter((f) => !cells.some(([feature]) => feature!.includes(f))), [], 'each feature of issue 8 has a row')
  assert.doesNotMatch(text, /Not reported yet/)
})
