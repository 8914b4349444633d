/**
 * The folder notes may include from (src/notes/include-root.ts, `--root`): a
 * blog's shared attribute file in a sibling folder, as in the public corpus.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadNotes } from '../../src/notes/asciidoc.js'

const POST = 'test/fixtures/real/tangly/2023/blog-2023-10-03.adoc'
const text = (d: Awaited<ReturnType<typeof loadNotes>>) => JSON.stringify([d.preamble, d.sections])

describe('--root', () => {
  it('by default leaves an include from a sibling folder out, with a warning naming the --root that allows it, and no "Unresolved directive"', async () => {
    const d = await loadNotes(POST)
    const w = d.warnings.find((x) => x.code === 'INCLUDE_REFUSED')
    assert.equal(w?.line, 10)
    assert.match(w!.message, /run bbl with --root test\/fixtures\/real\/tangly to include it$/)
    assert.doesNotMatch(text(d), /Unresolved directive|ref-armeria:/)
  })

  it('widened to the blog folder, includes the shared file: its attributes (the author) are the notes\', and serve watches it', async () => {
    const d = await loadNotes(POST, process.cwd(), { root: path.resolve('test/fixtures/real/tangly') })
    assert.deepEqual(d.warnings.filter((x) => x.code.startsWith('INCLUDE')), [])
    assert.equal(d.author, 'Marcel Baumann')
    assert.deepEqual(d.includes, [path.resolve('test/fixtures/real/tangly/fragments/_config-mb-blog.adoc')])
  })

  it('still refuses what lies outside the root', async () => {
    const d = await loadNotes(POST, process.cwd(), { root: path.resolve('test/fixtures/real/tangly/2023') })
    assert.equal(d.warnings.filter((x) => x.code === 'INCLUDE_REFUSED').length, 1)
  })
})
