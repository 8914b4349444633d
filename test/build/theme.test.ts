import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BblError } from '../../src/core/error.js'
import { cleanCss, resolveTheme } from '../../src/build/theme.js'

describe('themes', () => {
  it('removes network imports and urls, with a warning', () => {
    const { css, warnings } = cleanCss(
      `@import url("https://fonts.example.com/css?family=Lato");\n@import "//cdn.example.com/x.css";\nbody { background: url(https://x.example.com/bg.png); color: red }`,
      't.css',
    )
    assert.doesNotMatch(css, /https?:|\/\/cdn/)
    assert.match(css, /color: red/)
    assert.equal(warnings.length, 1)
    assert.equal(warnings[0]!.code, 'THEME')
  })
  it('keeps local urls', () => {
    const { css, warnings } = cleanCss('@font-face { src: url(fonts/a.woff2) }', 't.css')
    assert.match(css, /fonts\/a\.woff2/)
    assert.equal(warnings.length, 0)
  })
  it('finds the default theme, reveal.js themes, and rejects unknown names', async () => {
    assert.equal((await resolveTheme('bbl', process.cwd())).reveal, false)
    const white = await resolveTheme('white', process.cwd())
    assert.equal(white.reveal, true)
    assert.doesNotMatch(white.css, /@import\s+["']?https?:/)
    await assert.rejects(resolveTheme('no-such-theme', process.cwd()), (e: unknown) => e instanceof BblError && e.exitCode === 2)
  })
})
