/** Included files as Asciidoctor resolves them (src/notes/includes.ts), through parseNotes. */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { loadNotes } from '../../src/notes/asciidoc.js'

describe('included files', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-includes-'))
    await mkdir(path.join(dir, 'parts', 'deep'), { recursive: true })
    await writeFile(
      path.join(dir, 'n.adoc'),
      '= T\n:parts: parts\n\ninclude::{parts}/a.adoc[]\n\ninclude::later.adoc[]\n\ninclude::https://example.com/r.adoc[]\n\n----\n\\include::escaped-include.adoc[]\n----\n',
    )
    await writeFile(path.join(dir, 'parts', 'a.adoc'), 'include::deep/b.txt[lines=1..2]\n')
    await writeFile(path.join(dir, 'parts', 'deep', 'b.txt'), 'text\nmore\nrest\n')
    await writeFile(path.join(dir, 'parts', 'unrelated.adoc'), 'not included\n')
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('lists what the notes include, through attributes and nested includes, and what they look for and do not find', async () => {
    const doc = await loadNotes('n.adoc', dir)
    assert.deepEqual(doc.includes.sort(), [path.join(dir, 'later.adoc'), path.join(dir, 'parts', 'a.adoc'), path.join(dir, 'parts', 'deep', 'b.txt')])
  })

  it('leaves out an include target outside the notes\' folder, with a warning on its directive\'s line that says how to allow it', async () => {
    await writeFile(path.join(dir, 'jail.adoc'), '= T\n\nText.\n\ninclude::../../../../etc/hostname[]\n\ninclude::/etc/hostname[]\n\ninclude::parts/escapes.adoc[]\n')
    await writeFile(path.join(dir, 'parts', 'escapes.adoc'), 'A part.\n\ninclude::../../../../../etc/hostname[]\n')
    // Loaded from another folder: the notes' own file is told from its includes by path, not by name.
    const doc = await loadNotes(path.join(path.basename(dir), 'jail.adoc'), path.dirname(dir))
    const jail = doc.warnings.filter((w) => w.code === 'INCLUDE_REFUSED').map((w) => [w.line, w.message.replace(/: it is outside.*$/, '')])
    assert.deepEqual(jail, [
      [5, 'include::../../../../etc/hostname[] left out'],
      [7, 'include::/etc/hostname[] left out'],
      // A line of an included file: the message names that file and its line; the warning has no line of the notes.
      [undefined, `${path.join('parts', 'escapes.adoc')}:3: include::../../../../../etc/hostname[] left out`],
    ])
    assert.match(doc.warnings.find((w) => w.code === 'INCLUDE_REFUSED')!.message, /run bbl with --root /)
    assert.doesNotMatch(JSON.stringify(doc.preamble), /Unresolved directive/)
  })

  it('lists nothing for notes that include nothing', async () => {
    await writeFile(path.join(dir, 'plain.adoc'), '= T\n\nText with include:: in it.\n')
    assert.deepEqual((await loadNotes('plain.adoc', dir)).includes, [])
  })
})
