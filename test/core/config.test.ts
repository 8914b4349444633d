import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { resolveOptions } from '../../src/cli/options.js'
import { main } from '../../src/cli/main.js'
import { findConfig } from '../../src/core/config.js'
import { BblError } from '../../src/core/error.js'
import { parseNotes } from '../../src/notes/asciidoc.js'

/** A project of each test's own (tests run in any order): its top folder, and notes two folders down. */
const projects: string[] = []
function project(): { root: string; notesDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bbl-config-'))
  projects.push(root)
  const notesDir = path.join(root, 'conferences', '2026')
  mkdirSync(notesDir, { recursive: true })
  writeFileSync(path.join(notesDir, 'conf.adoc'), '= Conf\n')
  return { root, notesDir }
}
const write = (dir: string, file: string, json: unknown) => writeFileSync(path.join(dir, file), JSON.stringify(json))
const ctx = (cwd: string) => ({ cwd, env: {}, stderrIsTTY: false })

describe('the project file', () => {
  after(() => {
    for (const p of projects) rmSync(p, { recursive: true, force: true })
  })

  it('is found in a parent folder of the notes; its paths are its folder\'s', () => {
    const { root, notesDir } = project()
    write(root, 'bbl.config.json', { out: 'site', paper: 'letter', layout: 3, handout: false, talks: false, theme: 'themes/ours.css', attributes: { team: 'Data' } })
    const o = resolveOptions(['pdf', 'conferences/2026/conf.adoc'], ctx(root))
    assert.ok(o.command === 'pdf', "o.command === 'pdf'")
    assert.equal(o.outDir, path.join(root, 'site'))
    assert.equal(o.paper, 'letter')
    assert.equal(o.layout, 3)
    assert.equal(o.handout, false)
    assert.equal(o.talks, false)
    assert.equal(o.theme, path.join(root, 'themes', 'ours.css'))
    // Soft-set, as Asciidoctor writes it (value@): the notes' own setting wins.
    assert.deepEqual(o.attributes, { team: 'Data@' })
    // From the notes' folder too, and a command takes only the settings it has.
    const b = resolveOptions(['build', 'conf.adoc'], ctx(notesDir))
    assert.ok(b.command === 'build' && b.outDir === path.join(root, 'site') && b.paper === 'letter' && b.outputs.length === 0, "b.command === 'build' && b.outDir === path.join(root, 'site') && b.paper === 'letter' &...")
    const p = resolveOptions(['pptx', 'conf.adoc'], ctx(notesDir))
    assert.ok(p.command === 'pptx' && p.talks === false && !('paper' in p), "p.command === 'pptx' && p.talks === false && !('paper' in p)")
  })

  it('sets what bbl build makes besides the decks ("outputs"), as --pdf --pptx --images do', () => {
    const { root, notesDir } = project()
    write(root, 'bbl.config.json', { outputs: ['images', 'pdf'] })
    const b = resolveOptions(['build', 'conf.adoc'], ctx(notesDir))
    assert.ok(b.command === 'build', "b.command === 'build'")
    assert.deepEqual(b.outputs, ['pdf', 'images'])
    const flags = resolveOptions(['build', 'conf.adoc', '--pptx'], ctx(notesDir))
    assert.ok(flags.command === 'build', "flags.command === 'build'")
    assert.deepEqual(flags.outputs, ['pdf', 'pptx', 'images'])
    write(root, 'bbl.config.json', { outputs: ['pdf', 'html'] })
    assert.throws(() => resolveOptions(['build', 'conf.adoc'], ctx(notesDir)), /"outputs" must be a list of "pdf", "pptx", "images", not \["pdf","html"\]/)
  })

  it('is overridden by a flag', () => {
    const { root, notesDir } = project()
    write(root, 'bbl.config.json', { out: 'site', paper: 'letter', layout: 3 })
    const o = resolveOptions(['pdf', 'conf.adoc', '--paper', 'a4', '--out', 'elsewhere'], ctx(notesDir))
    assert.ok(o.command === 'pdf' && o.paper === 'a4' && o.outDir === 'elsewhere' && o.layout === 3, "o.command === 'pdf' && o.paper === 'a4' && o.outDir === 'elsewhere' && o.layout === 3")
  })

  it('can be a "bbl" key of package.json; the nearest file wins', () => {
    const { root, notesDir } = project()
    write(root, 'package.json', { name: 'notes', bbl: { theme: 'black' } })
    assert.equal(findConfig(notesDir)?.file, path.join(root, 'package.json'))
    const o = resolveOptions(['build', 'conf.adoc'], ctx(notesDir))
    assert.ok(o.command === 'build' && o.theme === 'black', "o.command === 'build' && o.theme === 'black'")
    write(notesDir, 'bbl.config.json', { theme: 'white' })
    assert.equal(findConfig(notesDir)?.file, path.join(notesDir, 'bbl.config.json'))
  })

  it('an unknown key, a value of the wrong type or a bad value is a usage error naming it: exit 2', async () => {
    const { root, notesDir } = project()
    const refused = (json: unknown, word: RegExp) => {
      write(root, 'bbl.config.json', json)
      assert.throws(() => resolveOptions(['pdf', 'conf.adoc'], ctx(notesDir)), (e: unknown) => e instanceof BblError && e.exitCode === 2 && word.test(e.message))
    }
    refused({ paperSize: 'a4' }, /unknown key "paperSize"/)
    refused({ layout: '2' }, /"layout" must be a number/)
    refused({ attributes: { team: 1 } }, /"attributes"/)
    refused({ layout: 5 }, /--layout takes 1, 2, 3 or 6/)
    writeFileSync(path.join(root, 'bbl.config.json'), '{ "out": ')
    assert.throws(() => resolveOptions(['pdf', 'conf.adoc'], ctx(notesDir)), (e: unknown) => e instanceof BblError && e.exitCode === 2 && /not valid JSON/.test(e.message))
    write(root, 'bbl.config.json', { paperSize: 'a4' })
    const err: string[] = []
    const code = await main(['build', 'conf.adoc'], { cwd: notesDir, env: {}, stderrIsTTY: false, stderr: (s) => void err.push(s), stdout: () => undefined })
    assert.equal(code, 2)
    assert.match(err.join(''), /bbl\.config\.json: unknown key "paperSize"/)
  })

  it('gives its attributes to the notes, whose own settings win; -a wins over both', () => {
    const { root, notesDir } = project()
    write(root, 'bbl.config.json', { attributes: { team: 'Data', venue: 'Paris', city: 'Nantes' } })
    const o = resolveOptions(['build', 'conf.adoc', '-a', 'city=Lille'], ctx(notesDir))
    assert.ok(o.command === 'build', "o.command === 'build'")
    const doc = parseNotes('= Conf\n:venue: Lyon\n:city: Brest\n\n== Where\n\n{team} team, in {venue}, then {city}.\n', 'conf.adoc', notesDir, { attributes: o.attributes })
    const text = JSON.stringify(doc.sections)
    assert.match(text, /Data team, in Lyon, then Lille\./)
  })
})
