import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BblError } from '../../src/core/error.js'
import { cleanCss, resolveTheme } from '../../src/assets/theme.js'

describe('themes', () => {
  it('removes network imports and urls, with a warning', async () => {
    const { css, warnings } = await cleanCss(
      `@import url("https://fonts.example.com/css?family=Lato");\n@import "//cdn.example.com/x.css";\nbody { background: url(https://x.example.com/bg.png); color: red }`,
      't.css',
    )
    assert.doesNotMatch(css, /https?:|\/\/cdn/)
    assert.match(css, /color:\s*red/)
    assert.equal(warnings.length, 1)
    assert.equal(warnings[0]!.code, 'THEME')
  })
  it('sees through image-set(), -webkit-image-set() and CSS escapes (a real parser, not patterns)', async () => {
    const hostile = [
      'a { background-image: image-set("https://t.example/a.png" 1x, "b.png" 2x) }',
      'b { background-image: -webkit-image-set(url(//t.example/b.png) 1x) }',
      'c { background: url(\\68ttps://t.example/c.png) }',
      'd { background: url("\\68 ttps://t.example/d.png") }',
      '@import url("\\68ttps://t.example/e.css");',
      '@font-face { font-family: X; src: url(HTTPS://t.example/f.woff2) }',
      'e { content: "https://text.invalid"; color: blue }',
      // Escaped function and at-rule names, which css-tree keeps as written (Chromium requests all four).
      'f { background: \\75rl(https://t.example/g.png) }',
      'g { background: u\\rl(https://t.example/h.png) }',
      '@\\69mport "https://t.example/i.css";',
      'h { background-image: \\69mage-set("https://t.example/j.png" 1x) }',
    ].join('\n')
    const { css, warnings } = await cleanCss(hostile, 't.css')
    assert.doesNotMatch(css, /t\.example|\\68/)
    assert.match(css, /text\.invalid/, 'a string in content: is text, not a request')
    assert.match(css, /color:\s*blue/)
    assert.match(warnings[0]!.message, /10 reference/)
  })
  it('keeps local urls', async () => {
    const { css, warnings } = await cleanCss('@font-face { src: url(fonts/a.woff2) }', 't.css')
    assert.match(css, /fonts\/a\.woff2/)
    assert.equal((await cleanCss('a { background: url(data:image/png;base64,AAAA) }', 't.css')).warnings.length, 0)
    assert.equal(warnings.length, 0)
  })
  it('finds the default theme, reveal.js themes, and rejects unknown names', async () => {
    assert.equal((await resolveTheme('bbl', process.cwd())).reveal, false)
    const white = await resolveTheme('white', process.cwd())
    assert.equal(white.reveal, true)
    assert.doesNotMatch(white.css, /@import\s+["']?https?:/)
    await assert.rejects(resolveTheme('no-such-theme', process.cwd()), (e: unknown) => e instanceof BblError && e.exitCode === 2)
  })
  it('reads a theme folder\'s branding: logo.svg|png and the first line of footer.txt; none for bbl\'s', async () => {
    const acme = await resolveTheme('acme', process.cwd())
    assert.match(acme.logo ?? '', /themes\/acme\/logo\.svg$/)
    assert.equal(acme.footer, 'Acme Analytics · internal · brown bag lunch')
    const bbl = await resolveTheme('bbl', process.cwd())
    assert.equal(bbl.logo, undefined)
    assert.equal(bbl.footer, undefined)
  })
})
