import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BblError } from '../../src/core/error.js'
import { renderUsage, resolveOptions } from '../../src/cli/options.js'

const ctx = { cwd: process.cwd(), env: {}, stderrIsTTY: false }
const usageError = (argv: string[]) =>
  assert.throws(() => resolveOptions(argv, ctx), (e: unknown) => e instanceof BblError && e.exitCode === 2)

describe('options', () => {
  it('defaults to every notes file under decks/ and dist/', () => {
    const o = resolveOptions(['build'], ctx)
    assert.equal(o.command, 'build')
    if (o.command === 'build') {
      assert.deepEqual(o.inputs, ['decks/dataxday-2018.adoc'])
      assert.equal(o.outDir, 'dist')
      assert.equal(o.theme, 'bbl')
      assert.equal(o.strict, false)
      assert.equal(o.timeoutMs, 60000)
    }
  })
  it('parses pdf options', () => {
    const o = resolveOptions(['pdf', 'x.adoc', '--layout', '6', '--paper', 'Letter', '--no-talks'], ctx)
    assert.ok(o.command === 'pdf')
    if (o.command === 'pdf') {
      assert.equal(o.layout, 6)
      assert.equal(o.paper, 'letter')
      assert.equal(o.talks, false)
      assert.equal(o.handout, true)
    }
    const only = resolveOptions(['pdf', '--no-talks', '--no-handout'], ctx)
    assert.ok(only.command === 'pdf' && !only.talks && !only.handout)
  })
  it('rejects what it does not know, as usage errors', () => {
    usageError(['nope'])
    usageError(['build', '--nope'])
    usageError(['build', '--out'])
    usageError(['pdf', '--layout', '4'])
    usageError(['pdf', '--paper', 'a3'])
    usageError(['serve', '--port', 'x'])
    usageError(['build', '--timeout', '0'])
    usageError(['serve', '--talk', 'x'])
  })
  it('reads no environment but the one given', () => {
    const o = resolveOptions(['build'], { ...ctx, env: { NO_COLOR: '1' }, stderrIsTTY: true })
    assert.ok(o.command === 'build' && o.color === false && o.progress === true)
    const ci = resolveOptions(['build'], { ...ctx, env: { CI: 'true' }, stderrIsTTY: true })
    assert.ok(ci.command === 'build' && ci.progress === false)
  })
  it('renders help from the same table', () => {
    assert.match(renderUsage(), /build/)
    assert.match(renderUsage('pdf'), /--layout 1\|2\|3\|6/)
  })
})
