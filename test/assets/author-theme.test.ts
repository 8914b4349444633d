import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { deckTheme } from '../../src/assets/author-theme.js'
import { resolveTheme } from '../../src/assets/theme.js'

describe('deckTheme', async () => {
  const chosen = await resolveTheme('bbl', process.cwd())
  const plain = { chosen, themeChosen: false, kind: 'deck' as const, docdir: process.cwd() }

  it("gives a plain deck reveal.js's theme it names, offline and without a warning", async () => {
    const { theme, warnings } = await deckTheme({ authorTheme: { theme: 'night' } }, plain)
    assert.equal(theme.name, 'night')
    assert.equal(theme.reveal, true)
    assert.doesNotMatch(theme.css, /fonts\.googleapis|@import\s+["']?https?:/)
    assert.deepEqual([...warnings, ...theme.warnings], [])
  })
  it('keeps the run\'s theme when --theme chose it, for conference notes (saying how), and for a name reveal.js has not', async () => {
    assert.equal((await deckTheme({ authorTheme: { theme: 'night' } }, { ...plain, themeChosen: true })).theme, chosen)
    const notes = await deckTheme({ authorTheme: { theme: 'night' } }, { ...plain, kind: 'notes' })
    assert.equal(notes.theme, chosen)
    assert.match(notes.warnings[0]!.message, /conference notes keep bbl's theme; pass --theme night/)
    const owasp = await deckTheme({ authorTheme: { theme: 'owasp' } }, plain)
    assert.equal(owasp.theme, chosen)
    assert.match(owasp.warnings[0]!.message, /"owasp" is not one of reveal\.js's themes/)
  })
  it('reads a custom theme beside the notes, cleaned; a missing or remote one keeps the run\'s theme with a warning', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-author-theme-'))
    try {
      await writeFile(path.join(dir, 'mine.css'), ':root { --r-main-color: #eee; --r-background-color: #222 }\na { background: url(../../etc/passwd) }\n')
      const mine = await deckTheme({ authorTheme: { custom: 'mine.css' } }, { ...plain, docdir: dir })
      assert.equal(mine.theme.name, 'mine')
      assert.equal(mine.theme.reveal, true)
      assert.doesNotMatch(mine.theme.css, /passwd/)
      assert.match((await deckTheme({ authorTheme: { custom: 'gone.css' } }, { ...plain, docdir: dir })).warnings[0]!.message, /not found/)
      assert.match((await deckTheme({ authorTheme: { custom: 'https://cdn.example/t.css' } }, plain)).warnings[0]!.message, /on the network/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
