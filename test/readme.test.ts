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
