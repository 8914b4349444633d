import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { authorOf } from '../../src/notes/deck-settings.js'
import { withCallouts } from '../../src/notes/converter.js'

describe('authorOf: the author of `:author: Name <mail>`', () => {
  it('shows the name and keeps the address apart', () => {
    assert.deepEqual(authorOf('Ada Lovelace &lt;ada@example.org&gt;', undefined), { author: 'Ada Lovelace', email: 'ada@example.org' })
  })
  it('keeps an address given on its own, and a name without one', () => {
    assert.deepEqual(authorOf('Ada Lovelace', 'ada@example.org'), { author: 'Ada Lovelace', email: 'ada@example.org' })
    assert.deepEqual(authorOf('R&amp;D team', undefined), { author: 'R&D team' })
    assert.deepEqual(authorOf(undefined, undefined), {})
  })
})

describe('withCallouts: code with callouts is not escaped again by the highlighter', () => {
  it('marks code holding callouts, and only that', () => {
    assert.equal(withCallouts('<pre><code class="language-sh">a <b>(1)</b></code></pre>'), '<pre><code data-noescape class="language-sh">a <b>(1)</b></code></pre>')
    assert.equal(withCallouts('<pre><code>a &lt;b&gt;</code></pre>'), '<pre><code>a &lt;b&gt;</code></pre>')
  })
})
