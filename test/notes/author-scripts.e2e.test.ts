/**
 * A passthrough script that removes a slide when the deck loads: `bbl check`
 * names it (SCRIPT, on its line), `bbl pdf` and `bbl pptx` stop for those notes
 * with exit 3 and one line naming the script, no stack trace, and the other
 * notes file of the same run is still built, its PDFs and PowerPoint file written.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { bbl, root } from '../helpers/cli.js'

describe('author scripts', { timeout: 300_000 }, () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-scripts-'))
    await cp(path.join(root, 'test/fixtures/contrast'), dir, { recursive: true })
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('bbl check names the script on its line', async () => {
    const run = await bbl(['check', path.join(dir, 'script.adoc'), '--format', 'json', '--out', path.join(dir, 'check')])
    const problems = JSON.parse(run.stdout) as Array<{ code: string; line?: number }>
    assert.deepEqual(problems.filter((p) => p.code === 'SCRIPT').map((p) => p.line), [15])
  })

  for (const command of ['pdf', 'pptx']) {
    it(`bbl ${command}: exit 3 naming the script; the other notes file still builds`, async () => {
      const run = await bbl([command, path.join(dir, 'script.adoc'), path.join(dir, 'plain.adoc'), '--out', path.join(dir, command)])
      assert.equal(run.code, 3, run.stderr)
      assert.match(run.stderr, /^bbl: \S*script\.adoc:15: a script in the notes changed the number of slides of .*index\.html when it loaded \(3 instead of 4\)/m)
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'a stack trace')
      const made = command === 'pdf' ? ['plain.pdf', 'plain-handout.pdf'] : ['plain.pptx']
      for (const f of made) assert.ok(existsSync(path.join(dir, command, 'plain', f)), `${f} of the other notes file`)
      assert.ok(!existsSync(path.join(dir, command, 'script')), 'no output for the notes whose script changed the slides')
    })
  }
})
