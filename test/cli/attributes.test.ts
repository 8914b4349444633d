/**
 * `-a name=value` (src/core/options.ts): attributes set from the command line,
 * as Asciidoctor's own -a sets them, for every command; a malformed one is a
 * usage error naming the flag.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resolveOptions } from '../../src/cli/options.js'
import { isBblError } from '../../src/core/error.js'

const ctx = { cwd: process.cwd(), env: {}, stderrIsTTY: false }

describe('-a NAME=VALUE', () => {
  it('sets attributes, repeatable, a bare name set empty', () => {
    const o = resolveOptions(['build', 'decks/dataxday-2018.adoc', '-a', 'bbl-talks=3', '--attribute', 'lang=fr', '-a', 'hide-uri-scheme'], ctx)
    assert.ok(o.command === 'build', "o.command === 'build'")
    assert.deepEqual(o.attributes, { 'bbl-talks': '3', lang: 'fr', 'hide-uri-scheme': '' })
  })

  it('is known to check and serve too, and absent when not given', () => {
    const c = resolveOptions(['check', 'decks/dataxday-2018.adoc', '-a', 'x=1'], ctx)
    assert.ok(c.command === 'check', "c.command === 'check'")
    assert.deepEqual(c.attributes, { x: '1' })
    const s = resolveOptions(['serve', 'decks/dataxday-2018.adoc'], ctx)
    assert.ok(s.command === 'serve', "s.command === 'serve'")
    assert.equal(s.attributes, undefined)
  })

  it('refuses what is not NAME=VALUE with exit 2 and says the form', () => {
    assert.throws(
      () => resolveOptions(['build', 'decks/dataxday-2018.adoc', '-a', '=oops'], ctx),
      (e: unknown) => isBblError(e) && e.exitCode === 2 && /-a takes NAME=VALUE/.test(e.message),
    )
  })
})

describe('--root DIR', () => {
  it('is made absolute, and must be an existing folder (exit 2 otherwise)', () => {
    const o = resolveOptions(['check', 'decks/dataxday-2018.adoc', '--root', 'test/fixtures'], ctx)
    assert.equal(o.command === 'check' && o.root, `${process.cwd()}/test/fixtures`)
    assert.throws(
      () => resolveOptions(['build', 'decks/dataxday-2018.adoc', '--root', 'no/such/folder'], ctx),
      (e: unknown) => isBblError(e) && e.exitCode === 2 && /--root takes an existing folder/.test(e.message),
    )
  })
})
